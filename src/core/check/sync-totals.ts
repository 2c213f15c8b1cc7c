/** What a sync did, added up over its slices (a budgeted sync runs in several). */
export interface SyncTotals {
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  /** Sub-issue and blocked-by links added, and removed. */
  linked: number;
  unlinked: number;
  failed: number;
  ticksWritten: number;
  /** The issues of each kind of change, the first `ISSUES_KEPT` of each. */
  issues: Record<LinkedKind, number[]>;
  /** Writes that waited for the content budget, and how long in all (ms). */
  budgetWaits: number;
  budgetWaitedMs: number;
  /** Rate-limit answers GitHub sent anyway, and the seconds waited after them. */
  rateLimited: number;
  rateLimitedSeconds: number;
  slices: number;
}

export type LinkedKind = "created" | "updated" | "closed" | "reopened" | "linked";

/** Issue numbers kept per kind: the report links them; a first sync of thousands lists the first. */
export const ISSUES_KEPT = 100;

export function emptyTotals(): SyncTotals {
  return {
    created: 0,
    updated: 0,
    closed: 0,
    reopened: 0,
    linked: 0,
    unlinked: 0,
    failed: 0,
    ticksWritten: 0,
    issues: { created: [], updated: [], closed: [], reopened: [], linked: [] },
    budgetWaits: 0,
    budgetWaitedMs: 0,
    rateLimited: 0,
    rateLimitedSeconds: 0,
    slices: 0,
  };
}

/** `a` and `b` together (issue numbers once each, in order, up to `ISSUES_KEPT`). */
export function addTotals(a: SyncTotals, b: SyncTotals): SyncTotals {
  const sum = emptyTotals();
  for (const field of ["created", "updated", "closed", "reopened", "linked", "unlinked", "failed", "ticksWritten", "budgetWaits", "budgetWaitedMs", "rateLimited", "rateLimitedSeconds", "slices"] as const) {
    sum[field] = a[field] + b[field];
  }
  for (const kind of Object.keys(sum.issues) as LinkedKind[]) {
    sum.issues[kind] = [...new Set([...a.issues[kind], ...b.issues[kind]])].slice(0, ISSUES_KEPT);
  }
  return sum;
}

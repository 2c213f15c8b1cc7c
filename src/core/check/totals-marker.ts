import { emptyTotals, type SyncTotals } from "./sync-totals.js";

const PATTERN = /<!-- taskmirror:sync-totals (\{.*?\}) -->/s;

/**
 * The totals of a budgeted sync's slices so far, hidden in its check run's summary: the run
 * is where the next slice — after a restart, on another instance — finds them.
 */
export function totalsMarker(totals: SyncTotals): string {
  return `<!-- taskmirror:sync-totals ${JSON.stringify(totals)} -->`;
}

/** The totals a summary carries; empty ones when it carries none (or one that cannot be read). */
export function readTotalsMarker(summary: string | null | undefined): SyncTotals {
  const match = PATTERN.exec(summary ?? "");
  if (!match) return emptyTotals();
  try {
    const parsed = JSON.parse(match[1]!) as Partial<SyncTotals>;
    const empty = emptyTotals();
    const totals = { ...empty, ...parsed, issues: { ...empty.issues, ...parsed.issues } };
    const numbersOk = Object.entries(totals).every(([key, value]) => key === "issues" || (typeof value === "number" && Number.isFinite(value)));
    const issuesOk = Object.values(totals.issues).every((list) => Array.isArray(list) && list.every((n) => Number.isInteger(n)));
    return numbersOk && issuesOk ? totals : emptyTotals();
  } catch {
    return emptyTotals();
  }
}

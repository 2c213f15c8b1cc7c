import { checkConclusion } from "../core/check/check-conclusion.js";
import { renderSyncReport } from "../core/check/render-sync-report.js";
import { addTotals, emptyTotals, ISSUES_KEPT, type LinkedKind, type SyncTotals } from "../core/check/sync-totals.js";
import { toAnnotation } from "../core/check/to-annotations.js";
import { CHECK_RUN_ANNOTATIONS_PER_REQUEST } from "../core/limits.js";
import type { Operation } from "../core/plan/types.js";
import type { Job, SyncJob } from "../queue/job.js";
import type { SubmitOptions } from "../queue/job-queue.js";
import { findSyncRun, type SyncRun } from "./check/find-sync-run.js";
import { writeSyncRun } from "./check/write-sync-run.js";
import { writePacer } from "./pacing/shared-write-pacer.js";
import { WriteBudgetSpent } from "./pacing/write-budget-spent.js";
import type { WritePacer } from "./pacing/write-pacer.js";
import { WriteSlice } from "./pacing/write-slice.js";
import { syncRepository, type SyncOptions, type SyncResult } from "./sync-repository.js";
import type { GitHubScope } from "./types.js";

export type Submit = (job: Job, options?: SubmitOptions) => Promise<void>;

export interface ReportedSyncOptions extends SyncOptions {
  /** The job this sync runs: its reason, the commit to report on, what a continuation copies. */
  job: SyncJob;
  /** Where a continuation goes when the write budget is spent (the durable queue). */
  submit: Submit;
  /** The pacer the app's clients write through (its clock and limits); the process-wide one by default. */
  pacer?: WritePacer;
  /** Ends the slice's waits early (the job's lease). */
  signal?: AbortSignal;
  /** Clock time one slice may go on pacing before it hands over to a continuation. */
  maxSliceMs?: number;
}

/** A wait for the minute's budget is waited out; a longer one (the hour's) ends the slice. */
const SLICE_MAX_WAIT_MS = 60_000;
const SLICE_MS = 10 * 60_000;
const REPORTED_ALWAYS: ReadonlySet<SyncJob["reason"]> = new Set(["push", "resync", "continue"]);
/**
 * Places of the hour's budget a slice leaves: the rest of the operation it stopped in (a
 * create and its close, a comment and its close: at most 3 writes) and its report (1).
 */
const REPORT_RESERVE = 4;

/**
 * A sync of the default branch with its report: a `taskmirror` check run on the commit that
 * says what the sync did, the documents' problems as annotations, and how long it waited for
 * GitHub's budgets (one write). A first sync that needs more than the installation's write
 * budget runs in slices: when a write would wait for the hour's budget, the slice stops, the
 * run says how far it is ("412 of 1,000 tasks mirrored; continuing at 14:05 UTC") and a
 * continuation job is submitted for when the budget is back. The continuation plans again
 * from the documents and the issues' markers, so it skips what is done — after a restart too —
 * and completes the same run with the totals of every slice (kept in the run's summary).
 * Returns null when the slice stopped before it had anything to report (a continuation is on its way).
 */
export async function syncWithReport(scope: GitHubScope, options: ReportedSyncOptions): Promise<SyncResult | null> {
  const { job, submit, pacer = writePacer, signal, maxSliceMs = SLICE_MS, ...syncOptions } = options;
  const clock = pacer.clock;
  const budgeted = pacer.limits !== null;
  const slice = new WriteSlice({
    ...(budgeted ? { maxWaitMs: SLICE_MAX_WAIT_MS, deadline: clock.now() + maxSliceMs, reserve: REPORT_RESERVE } : {}),
    ...(signal ? { signal } : {}),
  });
  const appSlug = syncOptions.botLogin.replace(/\[bot\]$/, "");
  const continueAt = async (resumeAt: number, reportSha: string | undefined, pendingBlockedBy = job.pendingBlockedBy) => {
    const continuation: SyncJob = {
      ...job,
      id: `sync-continue:${job.owner}/${job.repo}`,
      reason: "continue",
      submittedAt: Date.now(),
      ...(reportSha !== undefined ? { reportSha } : {}),
      ...(pendingBlockedBy && pendingBlockedBy.length > 0 ? { pendingBlockedBy } : {}),
    };
    if (!pendingBlockedBy?.length) delete continuation.pendingBlockedBy;
    delete continuation.delivery;
    await submit(continuation, { delayMs: Math.max(0, Math.ceil(clock.realMs(resumeAt - clock.now()))) });
    scope.log.info({ resumeAt: new Date(resumeAt).toISOString(), reportSha }, "write budget spent: the sync continues later");
  };

  let result: SyncResult;
  try {
    result = await slice.run(() =>
      syncRepository(scope, {
        ...syncOptions,
        ...(job.reportSha !== undefined ? { reportSha: job.reportSha } : {}),
        ...(job.pendingBlockedBy ? { pendingBlockedBy: job.pendingBlockedBy } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof WriteBudgetSpent)) throw error;
    await continueAt(error.resumeAt, job.reportSha);
    return null;
  }
  if (result.outcome !== "applied" || result.config === null) return result;
  // A reconcile (or an installation's sync) that found the issues in step has nobody waiting
  // for it: it writes nothing, so a level-triggered resync stays free. A push, a press of
  // "Resync" and a budgeted sync's slices always report.
  const idle = result.applied === 0 && result.deferred === null;
  if (idle && (!REPORTED_ALWAYS.has(job.reason) || (result.tasks === 0 && result.diagnostics.length === 0))) return result;

  const sha = job.reportSha ?? syncOptions.reportSha ?? result.sha;
  try {
    // Only a continuation looks for the run an earlier slice made: a plain sync makes its own.
    const earlier: SyncRun | null = job.reason === "continue" ? await findSyncRun(scope, sha, appSlug) : null;
    // A push delivered again (or synced again) that changes nothing keeps the report it has.
    if (idle && job.reason === "push" && (await findSyncRun(scope, sha, appSlug, "any"))) return result;
    const totals = addTotals(earlier?.totals ?? emptyTotals(), sliceTotals(result, slice));
    const creates = result.plan?.operations.filter((operation) => operation.kind === "create").length ?? 0;
    const made = (result.counts?.created ?? 0) + (result.counts?.adopted ?? 0);
    // The tasks that have (or are to get) an issue: those listed, and those the plan creates.
    const of = result.issues.length + creates;
    const mirrored = result.issues.length + made;
    const deferred = result.deferred;
    const annotated = result.diagnostics.slice(0, CHECK_RUN_ANNOTATIONS_PER_REQUEST);
    const output = renderSyncReport({
      totals,
      tasks: result.tasks,
      documents: result.documents,
      diagnostics: result.diagnostics,
      // Annotations accumulate over a run's updates: they go with the completing write only.
      annotated: deferred ? 0 : annotated.length,
      progress: deferred ? { mirrored, of, operationsLeft: deferred.operations, resumeAt: deferred.resumeAt, perHour: pacer.limits?.perHour ?? 0 } : null,
      issuesUrl: `${syncOptions.serverUrl}/${scope.repo.owner}/${scope.repo.repo}/issues`,
    });
    const conclusion = deferred ? null : conclusionOf(result, totals);
    const runId = await writeSyncRun(scope, { sha, runId: earlier?.id ?? null, output, conclusion, annotations: deferred ? [] : annotated.map(toAnnotation), appSlug });
    result.summary = { ...result.summary, checkRunId: runId };
  } catch (error) {
    // The sync is done either way; a report that could not be written is not a reason to redo it.
    scope.log.error({ err: error, sha }, "sync report: could not write the check run");
  }
  if (result.deferred) await continueAt(result.deferred.resumeAt, sha, result.deferred.blockedBy);
  return result;
}

/** Problems decide as on a pull request; changes that failed make a clean run neutral. */
function conclusionOf(result: SyncResult, totals: SyncTotals) {
  const conclusion = checkConclusion(result.diagnostics, result.config!);
  return conclusion === "success" && totals.failed > 0 ? "neutral" : conclusion;
}

const KIND: Partial<Record<Operation["kind"], LinkedKind>> = {
  create: "created",
  update: "updated",
  close: "closed",
  reopen: "reopened",
  "link-parent": "linked",
  "add-blocked-by": "linked",
};

function sliceTotals(result: SyncResult, slice: WriteSlice): SyncTotals {
  const totals = emptyTotals();
  const counts = result.counts;
  if (counts) {
    totals.created = counts.created + counts.adopted;
    totals.updated = counts.updated;
    totals.closed = counts.closed;
    totals.reopened = counts.reopened;
    totals.linked = counts.linked;
    totals.unlinked = counts.unlinked;
    totals.failed = counts.failed + (result.toggles?.failed ?? 0);
  }
  totals.ticksWritten = result.toggles?.written ?? 0;
  for (const change of result.changes) {
    const kind = KIND[change.kind];
    if (kind === undefined || change.issue === undefined) continue;
    const list = totals.issues[kind];
    if (list.length < ISSUES_KEPT && !list.includes(change.issue)) list.push(change.issue);
  }
  totals.budgetWaits = slice.waits;
  totals.budgetWaitedMs = slice.waitedMs;
  totals.rateLimited = slice.rateLimited;
  totals.rateLimitedSeconds = slice.rateLimitedSeconds;
  totals.slices = 1;
  return totals;
}

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What became of a webhook delivery (or, for an installation, of one repository's sync). */
export type DeliveryOutcome = "done" | "ignored" | "failed";
/** How a batch of ticks made in issues ended: a commit, the rolling pull request, undone, nothing to write, an error. */
export type TickWriteBackOutcome = "committed" | "pull_request" | "reverted" | "unchanged" | "failed";
/** A check run's conclusion, or `error` when the check could not finish (GitHub shows it as failure). */
export type CheckRunConclusion = "success" | "failure" | "neutral" | "error";
export type SyncOutcome = "applied" | "planned" | "invalid-config" | "failed";
export type RateLimitKind = "primary" | "secondary";

const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ["done", "ignored", "failed"];
const TICK_OUTCOMES: readonly TickWriteBackOutcome[] = ["committed", "pull_request", "reverted", "unchanged", "failed"];
const CHECK_CONCLUSIONS: readonly CheckRunConclusion[] = ["success", "failure", "neutral", "error"];
const RATE_LIMIT_KINDS: readonly RateLimitKind[] = ["primary", "secondary"];

const registry = new Registry();
const registers = [registry];

const deliveries = new Counter({
  name: "taskmirror_webhook_deliveries_total",
  help: "Webhook deliveries by event (name.action) and outcome: done (its work ran), ignored (nothing for taskmirror to do), failed (its work threw). An installation delivery counts once per repository.",
  labelNames: ["event", "outcome"] as const,
  registers,
});
const queueDepth = new Gauge({
  name: "taskmirror_queue_depth",
  help: "Jobs on the per-repository work queues: waiting for their turn, or running.",
  labelNames: ["state"] as const,
  registers,
});
const queueWait = new Histogram({
  name: "taskmirror_queue_wait_seconds",
  help: "Time a job waited on its repository's queue (and for the repository's lock) before it started.",
  buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers,
});
const syncDuration = new Histogram({
  name: "taskmirror_sync_duration_seconds",
  help: "Duration of a repository sync, by outcome (applied, planned = dry run, invalid-config, failed).",
  labelNames: ["outcome"] as const,
  buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
  registers,
});
const operationsApplied = new Counter({
  name: "taskmirror_operations_applied_total",
  help: "Plan operations that changed something on GitHub, by kind (create, update, close, reopen, link-parent, ensure-label, toggle-file, ...).",
  labelNames: ["kind"] as const,
  registers,
});
const operationsFailed = new Counter({
  name: "taskmirror_operations_failed_total",
  help: "Plan operations that failed or were skipped (the next sync tries them again), by kind.",
  labelNames: ["kind"] as const,
  registers,
});
const githubRequests = new Counter({
  name: "taskmirror_github_requests_total",
  help: "GitHub API requests by method, route template (never the concrete path) and final status (after retries; 'none' without a response).",
  labelNames: ["method", "route", "status"] as const,
  registers,
});
const rateLimitWaits = new Counter({
  name: "taskmirror_rate_limit_waits_total",
  help: "Primary or secondary rate limits hit, by kind and whether the request was retried after waiting or given up.",
  labelNames: ["kind", "retried"] as const,
  registers,
});
const rateLimitSeconds = new Counter({
  name: "taskmirror_rate_limit_wait_seconds_total",
  help: "Seconds spent waiting out rate limits (retry-after) before retrying, by kind.",
  labelNames: ["kind"] as const,
  registers,
});
const tickWriteBacks = new Counter({
  name: "taskmirror_tick_writebacks_total",
  help: "Batches of ticks made in issues, by outcome: committed to the default branch, sent to the rolling pull request, reverted (no permission), unchanged (nothing left to write), failed.",
  labelNames: ["outcome"] as const,
  registers,
});
const checkRuns = new Counter({
  name: "taskmirror_check_runs_total",
  help: "Pull-request check runs completed, by conclusion (error: the check could not finish).",
  labelNames: ["conclusion"] as const,
  registers,
});
const jobsRetried = new Counter({
  name: "taskmirror_jobs_retried_total",
  help: "Jobs (a sync, ticks, a pull-request check) that failed with an error that may pass (a GitHub 5xx, a timeout) and were run again after a backoff, by kind.",
  labelNames: ["kind"] as const,
  registers,
});
const jobsGivenUp = new Counter({
  name: "taskmirror_jobs_given_up_total",
  help: "Jobs given up after their last attempt failed, by kind: their work is not done until the next event or reconcile.",
  labelNames: ["kind"] as const,
  registers,
});
const jobsRecovered = new Counter({
  name: "taskmirror_jobs_recovered_total",
  help: "Jobs a stopped or crashed process left in the journal, taken up again when the process started.",
  registers,
});
const parseDuration = new Histogram({
  name: "taskmirror_parse_duration_seconds",
  help: "Time to read (parse) the task documents of one commit.",
  buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});
const parsedDocuments = new Counter({
  name: "taskmirror_parsed_documents_total",
  help: "Task documents read (cached ones included).",
  registers,
});

// Series with a known, bounded set of label values start at 0, so that rate() and alerts see
// them before the first event rather than an absent series.
for (const outcome of TICK_OUTCOMES) tickWriteBacks.labels(outcome).inc(0);
for (const conclusion of CHECK_CONCLUSIONS) checkRuns.labels(conclusion).inc(0);
for (const kind of RATE_LIMIT_KINDS) {
  rateLimitWaits.labels(kind, "true").inc(0);
  rateLimitWaits.labels(kind, "false").inc(0);
  rateLimitSeconds.labels(kind).inc(0);
}
for (const state of ["waiting", "running"]) queueDepth.labels(state).set(0);
for (const kind of ["sync", "ticks", "pull-request-check"]) {
  jobsRetried.labels(kind).inc(0);
  jobsGivenUp.labels(kind).inc(0);
}

let defaultsCollected = false;

/**
 * taskmirror's Prometheus metrics: one registry for the process. The code that does the work
 * calls these small functions; only this module knows prom-client.
 */
export const metrics = {
  registry,

  /** Adds Node's process metrics (CPU, memory, event-loop lag, GC, handles); once, by the server only. */
  collectDefaults(): void {
    if (defaultsCollected) return;
    defaultsCollected = true;
    collectDefaultMetrics({ register: registry });
  },

  webhookDelivery(event: string, outcome: DeliveryOutcome): void {
    deliveries.labels(event, outcome).inc();
  },

  /** Every outcome of the event at 0, so that an alert on failures sees the event before its first one. */
  webhookEventSeen(event: string): void {
    for (const outcome of DELIVERY_OUTCOMES) deliveries.labels(event, outcome).inc(0);
  },

  queueJobAdded(): void {
    queueDepth.labels("waiting").inc();
  },

  queueJobStarted(waitSeconds: number): void {
    queueDepth.labels("waiting").dec();
    queueDepth.labels("running").inc();
    queueWait.observe(waitSeconds);
  },

  /** A job left the queue: `started` false when it never ran (its lock could not be taken). */
  queueJobFinished(started: boolean): void {
    queueDepth.labels(started ? "running" : "waiting").dec();
  },

  jobRetried(kind: string): void {
    jobsRetried.labels(kind).inc();
  },

  jobGivenUp(kind: string): void {
    jobsGivenUp.labels(kind).inc();
  },

  jobsRecovered(count: number): void {
    jobsRecovered.inc(count);
  },

  syncFinished(outcome: SyncOutcome, seconds: number): void {
    syncDuration.labels(outcome).observe(seconds);
  },

  operationApplied(kind: string, count = 1): void {
    if (count > 0) operationsApplied.labels(kind).inc(count);
  },

  operationFailed(kind: string): void {
    operationsFailed.labels(kind).inc();
  },

  githubRequest(method: string, route: string, status: number | "none"): void {
    githubRequests.labels(method, route, String(status)).inc();
  },

  rateLimitWait(kind: RateLimitKind, retryAfterSeconds: number, retried: boolean): void {
    rateLimitWaits.labels(kind, String(retried)).inc();
    if (retried) rateLimitSeconds.labels(kind).inc(retryAfterSeconds);
  },

  tickWriteBack(outcome: TickWriteBackOutcome): void {
    tickWriteBacks.labels(outcome).inc();
  },

  checkRun(conclusion: CheckRunConclusion): void {
    checkRuns.labels(conclusion).inc();
  },

  parseFinished(seconds: number, documents: number): void {
    parseDuration.observe(seconds);
    parsedDocuments.inc(documents);
  },

  /** The exposition: Prometheus text format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: registry.contentType, body: await registry.metrics() };
  },
};

import type { Probot } from "probot";
import type { GitHub, Log } from "../github/types.js";
import type { SyncJob } from "../queue/job.js";
import { parseResyncInterval } from "./parse-resync-interval.js";
import { ReconcileScheduler } from "./reconcile-scheduler.js";
import { redeliverFailed, type RedeliveryState } from "./redeliver-failed.js";

export interface StartReconcileInput {
  submit: (job: SyncJob) => Promise<void>;
  /** Jobs waiting in the queue: reconciles are paced behind them. */
  waiting?: () => number | Promise<number>;
  log: Log;
  /** TASKMIRROR_RESYNC_INTERVAL unless given. */
  intervalMs?: number;
}

/**
 * The level-triggered half of the app, wired to Probot's credentials: failed deliveries
 * redelivered and every repository reconciled, at start and every TASKMIRROR_RESYNC_INTERVAL.
 * Returns the scheduler (its `stop` for a graceful shutdown).
 */
export function startReconcile(app: Probot, input: StartReconcileInput): ReconcileScheduler {
  const appClient = async () => (await app.auth()) as unknown as GitHub;
  const redelivery: RedeliveryState = { redelivered: new Set() };
  const scheduler = new ReconcileScheduler({
    app: appClient,
    installation: async (id) => (await app.auth(id)) as unknown as GitHub,
    submit: input.submit,
    ...(input.waiting ? { waiting: input.waiting } : {}),
    intervalMs: input.intervalMs ?? parseResyncInterval(process.env.TASKMIRROR_RESYNC_INTERVAL),
    log: input.log.child({ name: "reconcile" }),
    onRound: async () => redeliverFailed(await appClient(), redelivery, input.log.child({ name: "redelivery" })),
  });
  scheduler.start();
  return scheduler;
}

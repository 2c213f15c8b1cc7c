import { resolve } from "node:path";
import { Redis } from "ioredis";
import { run, type Probot } from "probot";
import { sharedTickBatcher } from "./handlers/issues.js";
import taskmirror from "./index.js";
import { TaskmirrorOctokit } from "./octokit.js";
import { createLog } from "./ops/create-log.js";
import { healthRoutes } from "./ops/health-routes.js";
import { metrics } from "./ops/metrics.js";
import { Readiness } from "./ops/readiness.js";
import { parsePool } from "./ops/parse-pool.js";
import { startReconcile } from "./ops/start-reconcile.js";
import type { ReconcileScheduler } from "./ops/reconcile-scheduler.js";
import { redisTagStore } from "./queue/redis-tag-store.js";
import { JournalJobQueue } from "./queue/journal-job-queue.js";
import { levelJournal } from "./queue/level-journal.js";
import type { JobQueue } from "./queue/job-queue.js";
import { RedisJobQueue } from "./queue/redis-job-queue.js";
import { writePacer } from "./github/pacing/shared-write-pacer.js";
import { redisLockStore } from "./queue/redis-lock-store.js";
import { redisWriteBudgetStore } from "./queue/redis-write-budget-store.js";
import { repoQueue } from "./queue/repo-queue.js";
import { StoreRepoLock } from "./queue/store-repo-lock.js";

/** How long a stopping process waits for ticks and syncs still in flight. */
const SHUTDOWN_GRACE_MS = 25_000;

// The logger first: credentials redacted from every line, JSON in production (src/ops/create-log.ts).
const log = await createLog();

// More than one instance: with REDIS_URL (which also makes Probot share its rate-limit
// throttling), each repository's work holds a lock in Redis, so two instances never sync one
// repository at the same time.
const redisUrl = process.env.REDIS_URL;
const redis = redisUrl ? new Redis(redisUrl) : null;
if (redis) {
  redis.on("error", (error: Error) => log.error({ err: error }, "Redis"));
  repoQueue.useLock(new StoreRepoLock(redisLockStore(redis), log));
  // …and the installations' write budgets: every instance's writes count in one window.
  writePacer.configure({ store: redisWriteBudgetStore(redis) });
}

// Work acknowledged to GitHub survives the process: every job is in a journal on local disk
// (TASKMIRROR_DATA_DIR) until it was done, and a restarted process on the same directory does
// what the last one left. With REDIS_URL the jobs are in Redis instead, shared by every
// instance: any instance runs them, and a dead instance's are taken over by the others.
const backoffBase = Number(process.env.TASKMIRROR_JOB_BACKOFF_MS);
const jobs: JobQueue = redisUrl
  ? new RedisJobQueue({ url: redisUrl, log, ...redisTimings(process.env.TASKMIRROR_REDIS_LEASE_MS) })
  : new JournalJobQueue({
      journal: await levelJournal(resolve(process.env.TASKMIRROR_DATA_DIR || ".taskmirror-data")),
      log,
      // TASKMIRROR_JOB_BACKOFF_MS: the first wait before a failed job's next attempt (2 s; later
      // waits grow fivefold). Tests that run the app under injected faults shorten it.
      ...(backoffBase > 0 ? { backoffMs: (attempt: number) => backoffBase * 5 ** (attempt - 1) } : {}),
    });

const readiness = new Readiness({ redis });
let reconcile: ReconcileScheduler | undefined;
metrics.collectDefaults();

// What `probot run` does, with taskmirror's Octokit (its throttling) in place of Probot's, and
// /healthz, /readyz and /metrics on the same port. Without APP_ID and PRIVATE_KEY this starts
// Probot's setup flow, which registers the app from app.yml (and loads no app: no such routes).
const server = await run(
  (app: Probot, { addHandler }) => {
    readiness.useCredentials(async () => (await app.auth()).auth({ type: "app" }));
    addHandler(healthRoutes({ readiness, metricsToken: process.env.METRICS_TOKEN }));
    // Webhooks are hints: every repository is reconciled at start and every
    // TASKMIRROR_RESYNC_INTERVAL, and deliveries GitHub recorded as failed are redelivered.
    reconcile = startReconcile(app, { submit: (job) => jobs.submit(job), waiting: () => jobs.pending(), log });
    return taskmirror(app, { jobs, ...(redis ? { tags: redisTagStore(redis) } : {}) });
  },
  { Octokit: TaskmirrorOctokit, log },
);

// On SIGTERM/SIGINT (a deploy, Ctrl-C) the ticks still waiting out their debounce are written
// now, and the syncs already queued finish, before the process exits. Work that still does not
// make it stays in the journal for the next process.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    readiness.stop();
    reconcile?.stop();
    const drained = drain().then(() => true);
    const waited = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref());
    void Promise.race([drained, waited])
      .then(async (clean) => {
        if (!clean) log.warn(`stopping with work still queued after ${SHUTDOWN_GRACE_MS} ms`);
        await server.stop();
        // A clean drain left nothing running; otherwise the journal is left as a crash leaves it.
        if (clean) await jobs.close();
        await parsePool.close();
        await redis?.quit();
      })
      .finally(() => process.exit(0));
  });
}

/**
 * How soon a dead instance's work is taken over: its repository holds end after the lease (20 s
 * by default); its running jobs are found stalled after as long, checked for every half of it.
 */
function redisTimings(raw: string | undefined): { leaseTtlMs?: number; lockDurationMs?: number; stalledIntervalMs?: number; sweepIntervalMs?: number } {
  const ms = Number(raw);
  if (raw === undefined || raw === "" || !Number.isFinite(ms) || ms < 100) return {};
  return { leaseTtlMs: ms, lockDurationMs: ms, stalledIntervalMs: Math.floor(ms / 2), sweepIntervalMs: Math.floor(ms / 2) };
}

/**
 * Writes every waiting batch now, until no batch waits and no repository has work queued. With
 * Redis the queue is everyone's: this instance stops taking jobs and finishes the ones it runs
 * (its kept ticks included), and leaves the rest to the others.
 */
async function drain(): Promise<void> {
  const batcher = sharedTickBatcher();
  do {
    batcher.flushNow();
    if (redisUrl) {
      const closed = jobs.close();
      // Ticks jobs taken while closing wait for their batch: written now, not after the debounce.
      while (!(await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100))]))) batcher.flushNow();
    }
    await batcher.onIdle();
    await jobs.onIdle();
  } while (batcher.waiting > 0 || repoQueue.busyRepositories > 0);
}

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

const readiness = new Readiness({ redis });
metrics.collectDefaults();

// What `probot run` does, with taskmirror's Octokit (its throttling) in place of Probot's, and
// /healthz, /readyz and /metrics on the same port. Without APP_ID and PRIVATE_KEY this starts
// Probot's setup flow, which registers the app from app.yml (and loads no app: no such routes).
const server = await run(
  (app: Probot, { addHandler }) => {
    taskmirror(app);
    readiness.useCredentials(async () => (await app.auth()).auth({ type: "app" }));
    addHandler(healthRoutes({ readiness, metricsToken: process.env.METRICS_TOKEN }));
  },
  { Octokit: TaskmirrorOctokit, log },
);

// On SIGTERM/SIGINT (a deploy, Ctrl-C) the ticks still waiting out their debounce are written
// now, and the syncs already queued finish, before the process exits. A tick that still does not
// make it is not lost: it stays in the issue, and the next push's merge writes it back.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    readiness.stop();
    const drained = drain().then(() => true);
    const waited = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS).unref());
    void Promise.race([drained, waited])
      .then(async (clean) => {
        if (!clean) log.warn(`stopping with work still queued after ${SHUTDOWN_GRACE_MS} ms`);
        await server.stop();
        await parsePool.close();
        await redis?.quit();
      })
      .finally(() => process.exit(0));
  });
}

/** Writes every waiting batch now, until no batch waits and no repository has work queued. */
async function drain(): Promise<void> {
  const batcher = sharedTickBatcher();
  do {
    batcher.flushNow();
    await batcher.onIdle();
  } while (batcher.waiting > 0 || repoQueue.busyRepositories > 0);
}

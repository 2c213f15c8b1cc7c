import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Job, SyncJob } from "../../src/queue/job.js";
import { LostLease, type Attempt, type Lease, type RunJob, type RunOutcome } from "../../src/queue/job-queue.js";
import { RedisJobQueue } from "../../src/queue/redis-job-queue.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
// Small figures so that a dead instance's work moves on within a second or two.
const FAST = { leaseTtlMs: 1000, lockDurationMs: 1000, stalledIntervalMs: 500, sweepIntervalMs: 400, busyRetryMs: 20, backoffMs: () => 300 };

let server: RedisServer;
let redis: Redis;
let prefixCount = 0;
const open: RedisJobQueue[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterEach(async () => {
  for (const proxy of proxies.splice(0)) proxy.heal();
  // Bounded, as the app bounds it (SHUTDOWN_GRACE_MS): under load, the instance cut off from
  // Redis has been seen to take over a minute to close its BullMQ worker after the network healed.
  await Promise.all(open.splice(0).map((queue) => Promise.race([queue.close(), sleep(10_000)])));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

/** Instances of one cluster: the same Redis, the same prefix (a fresh one per test). */
function cluster(prefix = `t${prefixCount++}:`) {
  return {
    prefix,
    instance(options: { url?: string } = {}) {
      const queue = new RedisJobQueue({ url: options.url ?? server.url, log: silent, prefix, ...FAST });
      open.push(queue);
      return queue;
    },
  };
}

function job(repo: string, id: string, extra: Partial<SyncJob> = {}): Job {
  return { kind: "sync", reason: "push", id, installationId: 1, owner: "acme", repo, submittedAt: Date.now(), ...extra };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs that record what ran where, and fail the test when one repository runs twice at once. */
function recorder() {
  const runs: Array<{ instance: string; id: string; attempt: number }> = [];
  const running = new Set<string>();
  const overlaps: string[] = [];
  const runner =
    (instance: string, work: (job: Job, lease: Lease, attempt: Attempt) => Promise<RunOutcome | void> = async () => void (await sleep(5))): RunJob =>
    async (job, lease, attempt) => {
      const repo = `${job.owner}/${job.repo}`;
      if (running.has(repo)) overlaps.push(`${job.id} on ${instance}`);
      running.add(repo);
      try {
        runs.push({ instance, id: job.id, attempt: attempt.number });
        return await work(job, lease, attempt);
      } finally {
        running.delete(repo);
      }
    };
  return { runs, overlaps, runner, ids: (repo?: string) => runs.filter((run) => !repo || run.id.startsWith(`${repo}#`)).map((run) => run.id) };
}

describe("RedisJobQueue", () => {
  it("runs each repository's jobs one at a time, in submission order, across three instances", async () => {
    const c = cluster();
    const instances = [c.instance(), c.instance(), c.instance()];
    const rec = recorder();
    await Promise.all(instances.map((queue, n) => queue.start(rec.runner(`i${n}`))));
    const repos = ["one", "two", "three", "four"];
    const submitted: string[] = [];
    for (let n = 0; n < 8; n += 1) {
      for (const repo of repos) {
        const id = `${repo}#${n}`;
        submitted.push(id);
        // Each job through another instance: the order is the order submits resolved in.
        await instances[(n + repo.length) % 3]!.submit(job(repo, id));
      }
    }
    await instances[0]!.onIdle();
    expect(rec.overlaps).toEqual([]);
    for (const repo of repos) expect(rec.ids(repo)).toEqual(submitted.filter((id) => id.startsWith(`${repo}#`)));
    expect(rec.runs).toHaveLength(submitted.length);
  });

  it("holds a job submitted again while it waits once, and runs it again once it started", async () => {
    const c = cluster();
    const [a, b] = [c.instance(), c.instance()];
    const rec = recorder();
    const gate = deferred();
    const started = deferred();
    const runner = rec.runner("a", async (job) => {
      if (job.id === "blocker") {
        started.resolve();
        await gate.promise;
      }
    });
    await a.start(runner);
    await b.submit(job("r", "blocker"));
    await started.promise;
    // While the blocker runs: three submits of one job (a redelivered webhook), from two instances.
    await Promise.all([a.submit(job("r", "twice")), b.submit(job("r", "twice")), a.submit(job("r", "twice"))]);
    // …and the blocker itself again: it runs, so this is new work, run after it.
    await b.submit(job("r", "blocker"));
    gate.resolve();
    await a.onIdle();
    expect(rec.ids()).toEqual(["blocker", "twice", "blocker"]);
  });

  it("lets a job wait out its delay while the repository's later jobs run", async () => {
    const c = cluster();
    const queue = c.instance();
    const rec = recorder();
    await queue.start(rec.runner("a"));
    await queue.submit(job("r", "continue"), { delayMs: 400 });
    await queue.submit(job("r", "push"));
    await queue.onIdle();
    expect(rec.ids()).toEqual(["push", "continue"]);
  });

  it("tries a failed job again after a backoff, behind the repository's later jobs, and gives up after the last attempt", async () => {
    const c = cluster();
    const queue = c.instance();
    const rec = recorder();
    const attempts: Attempt[] = [];
    await queue.start(
      rec.runner("a", async (job, _lease, attempt) => {
        if (job.id !== "flaky") return;
        attempts.push(attempt);
        throw new Error("502 from GitHub");
      }),
    );
    await queue.submit(job("r", "flaky"));
    await queue.submit(job("r", "next"));
    await queue.onIdle();
    expect(rec.ids()).toEqual(["flaky", "next", "flaky", "flaky", "flaky"]);
    expect(attempts).toEqual([1, 2, 3, 4].map((number) => ({ number, last: number === 4 })));
    expect(await redis.hlen(`${c.prefix}entries`)).toBe(0);
  });

  it("keeps a job whose run returned keepUntil recorded until it settles, while the repository's next job runs", async () => {
    const c = cluster();
    const queue = c.instance();
    const rec = recorder();
    const written = deferred();
    const thirdRuns = deferred();
    const thirdGoes = deferred();
    await queue.start(
      rec.runner("a", async (job) => {
        if (job.id === "ticks") return { keepUntil: written.promise };
        if (job.id !== "third") return;
        thirdRuns.resolve();
        await thirdGoes.promise;
      }),
    );
    await queue.submit(job("r", "ticks"));
    await queue.submit(job("r", "next"));
    await queue.submit(job("r", "third"));
    await thirdRuns.promise;
    // "next" ran and was forgotten; "ticks" is still recorded, as is "third" (running).
    const recorded = Object.values(await redis.hgetall(`${c.prefix}entries`)).map((json) => (JSON.parse(json) as { job: Job }).job.id);
    expect(recorded).toEqual(["ticks", "third"]);
    thirdGoes.resolve();
    written.resolve();
    await queue.onIdle();
    expect(await redis.hlen(`${c.prefix}entries`)).toBe(0);
    expect(rec.ids()).toEqual(["ticks", "next", "third"]);
  });

  it("hands a dead instance's running job to another instance, and refuses the dead one's late writes", async () => {
    const c = cluster();
    const proxy = await startTcpProxy(server.port);
    proxies.push(proxy);
    const doomed = c.instance({ url: `redis://127.0.0.1:${proxy.port}` });
    const survivor = c.instance();
    const rec = recorder();
    const hang = deferred();
    const started = deferred();
    const lateCheck = deferred<unknown>();
    await doomed.start(
      rec.runner("doomed", async (job, lease) => {
        if (job.id !== "sync") return;
        started.resolve();
        await hang.promise;
        // Back from the dead (a long GC pause, a partition that healed): the write it was about to make.
        await lease.check().then(
          () => lateCheck.resolve("passed"),
          (error: unknown) => lateCheck.resolve(error),
        );
      }),
    );
    await doomed.submit(job("r", "sync"));
    await doomed.submit(job("r", "after"));
    await started.promise;
    proxy.cut();
    await survivor.start(rec.runner("survivor"));
    // The survivor runs the job the dead instance did not finish, then the next one.
    while (rec.runs.filter((run) => run.instance === "survivor").length < 2) await sleep(50);
    expect(rec.runs.map((run) => `${run.instance} ${run.id}`)).toEqual(["doomed sync", "survivor sync", "survivor after"]);
    proxy.heal();
    hang.resolve();
    expect(await lateCheck.promise).toBeInstanceOf(LostLease);
    await survivor.onIdle();
    expect(rec.runs).toHaveLength(3);
    expect(await redis.hlen(`${c.prefix}entries`)).toBe(0);
  });
});

import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisLockStore } from "../../../src/queue/redis-lock-store.js";
import type { LockStore } from "../../../src/queue/repo-lock.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";
import { StoreRepoLock } from "../../../src/queue/store-repo-lock.js";
import { startRedisServer, type RedisServer } from "../../support/redis-server.js";
import { memoryLockStore } from "./memory-lock-store.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { warn: () => undefined, error: () => undefined };

// The lock is checked against Redis's semantics in memory, and against a real Redis when
// redis-server is installed (.ci/run installs it), exactly as the app uses it.
const backends: [name: string, store: () => LockStore][] = [["in-memory store", memoryLockStore]];
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
let redisServer: RedisServer | undefined;
let redis: Redis | undefined;
if (hasRedis) backends.push(["redis-server", () => redisLockStore(redis!)]);

beforeAll(async () => {
  if (!hasRedis) return;
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { retryStrategy: () => 50 });
  redis.on("error", () => undefined);
  await redis.ping();
});

afterAll(async () => {
  await redis?.quit();
  await redisServer?.stop();
});

describe.each(backends)("StoreRepoLock on the %s", (_name, makeStore) => {
  let repoCount = 0;
  const freshRepo = () => `acme/repo-${process.pid}-${Date.now()}-${repoCount++}`;

  it("never lets two instances work on one repository at the same time, and keeps their order", async () => {
    const store = makeStore();
    const [one, two] = [new StoreRepoLock(store, silent, { retryMs: 5 }), new StoreRepoLock(store, silent, { retryMs: 5 })];
    const repo = freshRepo();
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`${name} start`);
      await sleep(40);
      events.push(`${name} end`);
    };
    const first = one.run(repo, job("one"));
    await sleep(5);
    await Promise.all([first, two.run(repo, job("two"))]);
    expect(events).toEqual(["one start", "one end", "two start", "two end"]);
  });

  it("lets different repositories work in parallel", async () => {
    const store = makeStore();
    const lock = new StoreRepoLock(store, silent, { retryMs: 5 });
    const events: string[] = [];
    const job = (name: string) => async () => {
      events.push(`${name} start`);
      await sleep(30);
      events.push(`${name} end`);
    };
    await Promise.all([lock.run(freshRepo(), job("a")), new StoreRepoLock(store, silent).run(freshRepo(), job("b"))]);
    expect(events.slice(0, 2).sort()).toEqual(["a start", "b start"]);
  });

  it("lets go when the job fails, and passes the failure on", async () => {
    const store = makeStore();
    const lock = new StoreRepoLock(store, silent, { retryMs: 5 });
    const repo = freshRepo();
    await expect(lock.run(repo, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.run(repo, async () => "next")).resolves.toBe("next");
  });

  it("holds the lock past its time while the job runs, and frees a dead instance's lock when it expires", async () => {
    const store = makeStore();
    const repo = freshRepo();
    const events: string[] = [];
    const long = new StoreRepoLock(store, silent, { ttlMs: 150, retryMs: 10 }).run(repo, async () => {
      events.push("long start");
      await sleep(400);
      events.push("long end");
    });
    await sleep(20);
    await new StoreRepoLock(store, silent, { retryMs: 10 }).run(repo, async () => void events.push("next"));
    await long;
    expect(events).toEqual(["long start", "long end", "next"]);

    // An instance that took the lock and died never releases it: it expires.
    const dead = freshRepo();
    expect(await store.acquire(`taskmirror:lock:${dead}`, "crashed", 100)).toBe(true);
    const started = Date.now();
    await new StoreRepoLock(store, silent, { retryMs: 10 }).run(dead, async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it("never releases or extends a lock another instance holds", async () => {
    const store = makeStore();
    const key = `taskmirror:lock:${freshRepo()}`;
    expect(await store.acquire(key, "mine", 10_000)).toBe(true);
    expect(await store.acquire(key, "theirs", 10_000)).toBe(false);
    expect(await store.extend(key, "theirs", 10_000)).toBe(false);
    await store.release(key, "theirs");
    expect(await store.acquire(key, "theirs", 10_000)).toBe(false);
    await store.release(key, "mine");
    expect(await store.acquire(key, "theirs", 10_000)).toBe(true);
  });

  it("serialises two processes' queues for one repository", async () => {
    const store = makeStore();
    const [a, b] = [new RepoQueue(), new RepoQueue()];
    a.useLock(new StoreRepoLock(store, silent, { retryMs: 5 }));
    b.useLock(new StoreRepoLock(store, silent, { retryMs: 5 }));
    const repo = freshRepo();
    let running = 0;
    let most = 0;
    const job = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(15);
      running -= 1;
    };
    for (let i = 0; i < 4; i++) {
      a.enqueue(repo, job, silent);
      b.enqueue(repo, job, silent);
    }
    await Promise.all([a.onIdle(), b.onIdle()]);
    expect(most).toBe(1);
  });
});

import { spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeWait } from "../../../src/core/pace/write-wait.js";
import { memoryWriteBudgetStore } from "../../../src/github/pacing/memory-write-budget-store.js";
import { budgetFromEnv } from "../../../src/github/pacing/shared-write-pacer.js";
import { WriteBudgetSpent } from "../../../src/github/pacing/write-budget-spent.js";
import type { WriteBudgetStore } from "../../../src/github/pacing/write-budget-store.js";
import { WritePacer } from "../../../src/github/pacing/write-pacer.js";
import { WriteSlice } from "../../../src/github/pacing/write-slice.js";
import { redisWriteBudgetStore } from "../../../src/queue/redis-write-budget-store.js";
import { startRedisServer, type RedisServer } from "../../support/redis-server.js";
import { ManualClock } from "./manual-clock.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;

describe("writeWait", () => {
  it("is 0 while both windows have room", () => {
    expect(writeWait([0, 1, 2], 10, { perMinute: 4, perHour: 10 })).toBe(0);
  });

  it("waits for the oldest write of a full minute to leave it", () => {
    expect(writeWait([1_000, 2_000, 3_000], 10_000, { perMinute: 3, perHour: 10 })).toBe(1_000 + MINUTE - 10_000);
  });

  it("waits for the oldest write of a full hour to leave it, whichever window is longer", () => {
    const times = [0, 10 * MINUTE, 20 * MINUTE];
    expect(writeWait(times, 30 * MINUTE, { perMinute: 80, perHour: 3 })).toBe(HOUR - 30 * MINUTE);
    // Writes older than the hour no longer count.
    expect(writeWait(times, HOUR + 1, { perMinute: 80, perHour: 3 })).toBe(0);
  });
});

describe("budgetFromEnv", () => {
  it("is GitHub's figures unless told otherwise", () => {
    expect(budgetFromEnv(undefined)).toEqual({ perMinute: 80, perHour: 500 });
    expect(budgetFromEnv("off")).toBeNull();
    expect(budgetFromEnv("10/40")).toEqual({ perMinute: 10, perHour: 40 });
    expect(() => budgetFromEnv("fast")).toThrow(/TASKMIRROR_CONTENT_BUDGET/);
  });
});

// The pacer against the in-memory store, and against a real Redis (how instances share it).
const backends: [string, () => WriteBudgetStore][] = [["memory", memoryWriteBudgetStore]];
const hasRedis = spawnSync("redis-server", ["--version"]).status === 0;
let redisServer: RedisServer | undefined;
let redis: Redis | undefined;
if (hasRedis) backends.push(["redis-server", () => redisWriteBudgetStore(redis!, `test:${process.pid}:${Math.random()}:`)]);

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

describe.each(backends)("WritePacer (%s store)", (_name, makeStore) => {
  async function writeAll(pacer: WritePacer, clock: ManualClock, count: number, key = "installation:1"): Promise<number[]> {
    const times: number[] = [];
    for (let n = 0; n < count; n += 1) {
      const release = await pacer.acquire(key);
      times.push(clock.now());
      await release();
    }
    return times;
  }

  it("sends the minute's writes at once and waits for the minute to pass for the next", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 3, perHour: 100 } });
    expect(await writeAll(pacer, clock, 7)).toEqual([0, 0, 0, MINUTE, MINUTE, MINUTE, 2 * MINUTE]);
  });

  it("keeps within the hour's budget too", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 2, perHour: 3 } });
    expect(await writeAll(pacer, clock, 5)).toEqual([0, 0, MINUTE, HOUR, HOUR]);
  });

  it("keeps each installation's budget apart", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 1, perHour: 10 } });
    await writeAll(pacer, clock, 1, "installation:1");
    expect(await writeAll(pacer, clock, 1, "installation:2")).toEqual([0]);
    expect(await writeAll(pacer, clock, 1, "installation:1")).toEqual([MINUTE]);
  });

  it("counts a write from when it was answered: GitHub may have counted it that late", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 1, perHour: 10 } });
    const release = await pacer.acquire("installation:1");
    clock.time = 5_000;
    await release();
    await pacer.acquire("installation:1");
    expect(clock.now()).toBe(5_000 + MINUTE);
  });

  it("lets one write of a key be in flight at a time", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 100, perHour: 100 } });
    const events: string[] = [];
    const first = await pacer.acquire("installation:1");
    const second = pacer.acquire("installation:1").then((release) => {
      events.push("second sent");
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    events.push("first answered");
    await first();
    await (await second)();
    expect(events).toEqual(["first answered", "second sent"]);
  });

  it("stops a budgeted slice instead of waiting out the hour, and says when the budget is back", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 10, perHour: 4 } });
    const slice = new WriteSlice({ maxWaitMs: MINUTE, reserve: 1 });
    for (let n = 0; n < 3; n += 1) await (await pacer.acquire("installation:1", slice))();
    // The fourth place is the slice's reserve: the report on its progress still fits.
    await expect(pacer.acquire("installation:1", slice)).rejects.toEqual(new WriteBudgetSpent(HOUR));
    expect(slice.spentUntil).toBe(HOUR);
    expect(clock.sleeps).toEqual([]);
    await (await pacer.acquire("installation:1"))();
    expect(clock.now()).toBe(0);
  });

  it("waits out a minute's pacing within a slice and counts the wait", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 1, perHour: 100 } });
    const slice = new WriteSlice({ maxWaitMs: MINUTE });
    await (await pacer.acquire("installation:1", slice))();
    clock.time = 15_000;
    await (await pacer.acquire("installation:1", slice))();
    expect({ waits: slice.waits, waitedMs: slice.waitedMs, now: clock.now() }).toEqual({ waits: 1, waitedMs: 45_000, now: MINUTE });
  });

  it("waits for nothing past the slice's deadline", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: { perMinute: 1, perHour: 100 } });
    const slice = new WriteSlice({ maxWaitMs: MINUTE, deadline: 30_000 });
    await (await pacer.acquire("installation:1", slice))();
    await expect(pacer.acquire("installation:1", slice)).rejects.toBeInstanceOf(WriteBudgetSpent);
    expect(slice.spentUntil).toBe(MINUTE);
  });

  it("paces nothing without limits", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ store: makeStore(), clock, limits: null });
    expect(await writeAll(pacer, clock, 3)).toEqual([0, 0, 0]);
  });
});

describe("two pacers on one Redis (two instances)", () => {
  it.runIf(hasRedis)("share the installation's budget", async () => {
    const clock = new ManualClock(0);
    const prefix = `test:${process.pid}:shared:`;
    const [one, two] = [0, 1].map(() => new WritePacer({ store: redisWriteBudgetStore(redis!, prefix), clock, limits: { perMinute: 2, perHour: 100 } }));
    await (await one!.acquire("installation:7"))();
    await (await two!.acquire("installation:7"))();
    await (await one!.acquire("installation:7"))();
    expect(clock.now()).toBe(MINUTE);
  });
});

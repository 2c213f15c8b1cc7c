import { Redis } from "ioredis";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/core/render/marker.js";
import { memoryWriteBudgetStore } from "../../src/github/pacing/memory-write-budget-store.js";
import { writePacer } from "../../src/github/pacing/shared-write-pacer.js";
import { serverUrlFor } from "../../src/github/server-url.js";
import { syncWithReport } from "../../src/github/sync-with-report.js";
import type { GitHub } from "../../src/github/types.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import type { Job, SyncJob } from "../../src/queue/job.js";
import { redisWriteBudgetStore } from "../../src/queue/redis-write-budget-store.js";
import { generateDocument } from "../../bench/generate-documents.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { scaledClock } from "../support/scaled-clock.js";

// Octokit's own spacing of writes is real time; the pacer under test keeps the budget here.
process.env.TASKMIRROR_WRITE_INTERVAL_MS ??= "0";
process.env.TASKMIRROR_CONTENT_INTERVAL_MS ??= "0";

// An hour of GitHub's budget passes in 5 real seconds; the budgets are small, so a document of
// 24 tasks (24 creates and 23 blocked-by links, or 8 closes of done ones, and labels) needs
// hours of writes.
const SCALE = 720;
const LIMITS = { perMinute: 5, perHour: 15 };
const TASKS = 24;
const DONE = 8;
const DOC = "docs/tasks.md";

interface Submitted {
  job: Job;
  delayMs: number;
}

describe("a first sync larger than the hour's write budget", () => {
  let fake: FakeGitHub;
  let redisServer: RedisServer;
  let redis: Redis;
  const log = pino({ level: "silent" });

  beforeAll(async () => {
    fake = await startFakeGitHub({ limits: { contentPerMinute: LIMITS.perMinute, contentPerHour: LIMITS.perHour }, clock: { scale: SCALE } });
    writePacer.configure({ clock: scaledClock(fake.budgets.clock), limits: LIMITS, store: memoryWriteBudgetStore() });
    redisServer = await startRedisServer();
    redis = new Redis(redisServer.url, { retryStrategy: () => 50 });
    redis.on("error", () => undefined);
    await redis.ping();
  });

  afterAll(async () => {
    writePacer.configure({ limits: null });
    await redis.quit();
    await redisServer.stop();
    expect(fake.violations()).toEqual([]);
    await fake.close();
  });

  async function setUp(owner: string, format: "spec-kit" | "task-headings" = "spec-kit") {
    await fake.createRepo({ owner, name: "big", files: { [DOC]: generateDocument(format, TASKS) } });
    const { installationId } = await fake.installApp({ owner, repos: ["big"] });
    const job: SyncJob = { kind: "sync", id: `install:${owner}`, installationId, owner, repo: "big", reason: "installation", submittedAt: Date.now() };
    return job;
  }

  /** One instance of the app: its own Probot and installation client, the same queue (`submitted`). */
  function instance(submitted: Submitted[], Octokit: typeof TaskmirrorOctokit = TaskmirrorOctokit) {
    const probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, baseUrl: fake.apiUrl, Octokit, log });
    return async (job: SyncJob) => {
      const octokit = (await probot.auth(job.installationId)) as unknown as GitHub;
      return syncWithReport(
        { octokit, log, repo: { owner: job.owner, repo: job.repo } },
        {
          botLogin: `${fake.app.slug}[bot]`,
          serverUrl: serverUrlFor(octokit),
          job,
          submit: async (next, options) => void submitted.push({ job: next, delayMs: options?.delayMs ?? 0 }),
        },
      );
    };
  }

  /** Runs the queued continuations as the job queue would: each after its delay. */
  async function drain(submitted: Submitted[], run: (job: SyncJob) => Promise<unknown>): Promise<number> {
    let slices = 0;
    for (let next = submitted.shift(); next; next = submitted.shift()) {
      await new Promise((resolve) => setTimeout(resolve, next!.delayMs));
      await run(next.job as SyncJob);
      slices += 1;
      if (slices > 20) throw new Error("the sync does not finish");
    }
    return slices;
  }

  const repoOf = (owner: string) => fake.snapshot().repositories.find((r) => r.full_name === `${owner}/big`)!;
  const syncRuns = (owner: string) => repoOf(owner).check_runs.filter((run) => run.name === "taskmirror");

  function expectEveryTaskOnce(owner: string, closed: number) {
    const issues = repoOf(owner).issues.filter((issue) => !issue.pull_request);
    const keys = issues.map((issue) => parseMarker(issue.body ?? "")?.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(TASKS);
    expect(issues.filter((issue) => issue.state === "closed")).toHaveLength(closed);
    return issues;
  }

  it("goes on in slices within the budget, saying how far it is, and ends with the totals and every link", async () => {
    // Task headings: each task is blocked by the one before — links a slice may leave for the next.
    const job = await setUp("acme", "task-headings");
    const submitted: Submitted[] = [];
    const run = instance(submitted);

    const first = await run(job);
    expect(first?.deferred).not.toBeNull();
    expect(submitted.map((s) => (s.job as SyncJob).reason)).toEqual(["continue"]);
    const [progress] = syncRuns("acme");
    expect(progress).toMatchObject({ status: "in_progress", conclusion: null, head_sha: first!.sha });
    const mirrored = Number(/^(\d+) of 24 tasks mirrored; continuing at \d\d:\d\d UTC$/.exec(progress!.title ?? "")?.[1]);
    expect(mirrored).toBeGreaterThan(0);
    expect(mirrored).toBeLessThan(TASKS);
    expect(progress!.summary).toContain("goes on in slices");

    const continuations = await drain(submitted, run);
    expect(continuations).toBeGreaterThanOrEqual(2);
    expect(fake.limitHits()).toEqual([]);
    const issues = expectEveryTaskOnce("acme", 0);
    expect(issues.reduce((sum, issue) => sum + issue.blocked_by.length, 0)).toBe(TASKS - 1);
    const runs = syncRuns("acme");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
    expect(runs[0]!.title).toBe(`Issues: 24 created, 23 linked`);
    expect(runs[0]!.summary).toContain(`Done in ${continuations + 1} slices.`);
    expect(runs[0]!.summary).toContain("| Created | 24 |");
    expect(runs[0]!.summary).not.toContain("taskmirror:sync-totals");
  }, 90_000);

  it("resumes after the instance died mid-slice, on another instance sharing the budget in Redis, without a duplicate", async () => {
    writePacer.configure({ store: redisWriteBudgetStore(redis, "test:restart:") });
    const job = await setUp("beta");
    const submitted: Submitted[] = [];
    // The first instance dies after its 12th write: no report, no continuation — the queue runs the job again.
    let writes = 0;
    const Dying = TaskmirrorOctokit.plugin((octokit) => {
      octokit.hook.wrap("request", (request, options) => {
        if (options.method !== "GET" && !String(options.url).includes("access_tokens") && ++writes > 12) {
          throw Object.assign(new Error("the instance died"), { status: 401 });
        }
        return request(options);
      });
      return {};
    });
    await expect(instance(submitted, Dying)(job)).rejects.toThrow("the instance died");
    expect(syncRuns("beta")).toEqual([]);
    expect(submitted).toEqual([]);

    // Restarted: a new pacer state (only Redis remembers the window) and a new client.
    writePacer.configure({ store: redisWriteBudgetStore(redis, "test:restart:") });
    const run = instance(submitted);
    await run(job);
    await drain(submitted, run);
    expect(fake.limitHits()).toEqual([]);
    expectEveryTaskOnce("beta", DONE);
    const runs = syncRuns("beta");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "success" });
    // The issues the dead instance made were found by their markers, not made again.
    const created = Number(/^Issues: (\d+) created, \d+ closed$/.exec(runs[0]!.title ?? "")?.[1]);
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(TASKS);
  }, 90_000);
});

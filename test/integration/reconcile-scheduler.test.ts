import { pino } from "pino";
import { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GitHub } from "../../src/github/types.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import { ReconcileScheduler, type ReconcileSchedulerOptions } from "../../src/ops/reconcile-scheduler.js";
import type { SyncJob } from "../../src/queue/job.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";

// No pacing between writes (token requests are POSTs): the fake has no secondary limits here.
process.env.TASKMIRROR_WRITE_INTERVAL_MS ??= "0";
process.env.TASKMIRROR_CONTENT_INTERVAL_MS ??= "0";

const INTERVAL_MS = 60_000;

describe("ReconcileScheduler against the fake GitHub (two installations)", () => {
  let fake: FakeGitHub;
  let probot: Probot;
  let installations: { acme: number; globex: number };

  beforeEach(async () => {
    fake = await startFakeGitHub();
    for (const name of ["a1", "a2", "a3"]) await fake.createRepo({ owner: "acme", name, files: { "tasks.md": "- [ ] one\n" } });
    for (const name of ["g1", "g2", "g3"]) await fake.createRepo({ owner: "globex", name, files: { "tasks.md": "- [ ] one\n" } });
    installations = {
      acme: (await fake.installApp({ owner: "acme", repos: ["a1", "a2", "a3"] })).installationId,
      globex: (await fake.installApp({ owner: "globex", repos: ["g1", "g2", "g3"] })).installationId,
    };
    probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, baseUrl: fake.apiUrl, Octokit: TaskmirrorOctokit, log: pino({ level: "silent" }) });
  });
  afterEach(async () => {
    await fake.close();
  });

  /** A scheduler whose waits are recorded (as ms after the round's start) and return at once, on a clock the waits move. */
  function scheduler(overrides: Partial<ReconcileSchedulerOptions> = {}) {
    const jobs: Array<SyncJob & { offset: number }> = [];
    const waits: number[] = [];
    let clock = 1_000_000;
    const start = clock;
    const instance = new ReconcileScheduler({
      app: async () => (await probot.auth()) as unknown as GitHub,
      installation: async (id) => (await probot.auth(id)) as unknown as GitHub,
      submit: async (job) => void jobs.push({ ...job, offset: clock - start }),
      intervalMs: INTERVAL_MS,
      log: pino({ level: process.env.DEBUG_LOG ? "debug" : "silent" }),
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms, signal) => {
        if (signal.aborted) return;
        waits.push(ms);
        clock += ms;
      },
      ...overrides,
    });
    return { instance, jobs, waits };
  }

  it("submits one reconcile job for every repository of every installation, interleaved, each inside the interval", async () => {
    const { instance, jobs } = scheduler();
    const report = await instance.runRound();
    expect(report).toEqual({ installations: 2, repositories: 6, submitted: 6, deferred: 0, failed: 0 });
    expect(jobs.map((job) => `${job.owner}/${job.repo}`)).toEqual(["acme/a1", "globex/g1", "acme/a2", "globex/g2", "acme/a3", "globex/g3"]);
    expect(jobs[0]).toEqual({
      kind: "sync",
      reason: "reconcile",
      id: "sync:acme/a1",
      installationId: installations.acme,
      owner: "acme",
      repo: "a1",
      defaultBranch: "main",
      submittedAt: expect.any(Number),
      offset: 5000,
    });
    expect(jobs.filter((job) => job.owner === "globex").every((job) => job.installationId === installations.globex)).toBe(true);
    // Six slots of 10 s, each job in the middle of its own (random() = 0.5).
    expect(jobs.map((job) => job.offset)).toEqual([5000, 15_000, 25_000, 35_000, 45_000, 55_000]);
    expect(fake.violations()).toEqual([]);
  });

  it("waits while the queue is full, so webhook work is never behind a round", async () => {
    const backlog = [7, 5, 4, 0, 0, 0, 0, 0];
    const { instance, jobs, waits } = scheduler({ waiting: () => backlog.shift() ?? 0, maxWaiting: 5 });
    await instance.runRound();
    expect(jobs).toHaveLength(6);
    // The first slot's wait, then two polls of a full queue before the first submission.
    expect(waits.slice(0, 3)).toEqual([5000, 1000, 1000]);
    expect(jobs[0]!.offset).toBe(7000);
  });

  it("leaves an installation whose rate limit runs low for the next round, and goes on with the others", async () => {
    fake.setLimits({ primaryPerHour: 100 });
    const acme = await probot.auth(installations.acme);
    for (let i = 0; i < 85; i += 1) await acme.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "a1" });
    const { instance, jobs } = scheduler();
    const report = await instance.runRound();
    expect(report).toMatchObject({ submitted: 3, deferred: 3 });
    expect(jobs.map((job) => job.owner)).toEqual(["globex", "globex", "globex"]);
    expect(fake.rateLimit(installations.acme).remaining).toBeLessThan(20);
  });

  it("reads the budget again with GET /rate_limit, which costs nothing, once the listing's reading is a minute old", async () => {
    const { instance } = scheduler({ intervalMs: 10 * 60_000 });
    const from = fake.requests().length;
    const used = fake.rateLimit(installations.acme).used;
    await instance.runRound();
    const checks = fake.requests().slice(from).filter((request) => request.path === "/rate_limit");
    // Slots of 100 s: every submission after the first of each installation needs a fresh reading.
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(checks.every((request) => request.status === 200)).toBe(true);
    // The listing cost one request; the readings none.
    expect(fake.rateLimit(installations.acme).used - used).toBe(1);
  });

  it("runs a round at start and the next one after the interval, until stopped", async () => {
    const rounds: number[] = [];
    let stopped: { done: Promise<void> } | undefined;
    const { instance, jobs, waits } = scheduler({
      onRound: async () => {
        rounds.push(jobs.length);
        if (rounds.length === 2) stopped = { done: instance.stop() };
      },
    });
    instance.start();
    await expect.poll(() => stopped, { timeout: 10_000 }).toBeDefined();
    await stopped!.done;
    // The second round began once the first's six jobs were in, an interval after the first
    // began; stopped then, it submitted nothing.
    expect(rounds).toEqual([0, 6]);
    expect(jobs).toHaveLength(6);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBe(INTERVAL_MS);
  });
});

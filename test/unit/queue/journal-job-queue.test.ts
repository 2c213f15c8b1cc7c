import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SyncJob } from "../../../src/queue/job.js";
import type { Attempt, RunJob } from "../../../src/queue/job-queue.js";
import { JournalJobQueue, type JobQueueLog } from "../../../src/queue/journal-job-queue.js";
import type { JournalStore } from "../../../src/queue/journal-store.js";
import { levelJournal } from "../../../src/queue/level-journal.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";
import { metricValue } from "../ops/metric-value.js";

function job(id: string, repo = "widgets"): SyncJob {
  return { id, kind: "sync", reason: "push", installationId: 1, owner: "acme", repo, submittedAt: Date.now() };
}

interface Line {
  level: "info" | "warn" | "error";
  details: object;
  message: string;
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A 502 as Octokit reports it. */
function badGateway(): Error {
  return Object.assign(new Error("Bad Gateway"), { status: 502 });
}

describe("JournalJobQueue (LevelDB journal)", () => {
  let dir: string;
  let lines: Line[];
  let log: JobQueueLog;
  const opened: JournalStore[] = [];

  const open = async () => {
    const journal = await levelJournal(dir);
    opened.push(journal);
    return journal;
  };
  const queueOn = (journal: JournalStore, options: { attempts?: number } = {}) =>
    new JournalJobQueue({ journal, log, lanes: new RepoQueue(), backoffMs: () => 5, ...options });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "taskmirror-journal-"));
    lines = [];
    log = {
      info: (details, message) => lines.push({ level: "info", details, message }),
      warn: (details, message) => lines.push({ level: "warn", details, message }),
      error: (details, message) => lines.push({ level: "error", details, message }),
    };
  });

  afterEach(async () => {
    for (const journal of opened.splice(0)) await journal.close().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it("records a job before submit resolves, runs it, and forgets it once it ran", async () => {
    const journal = await open();
    const queue = queueOn(journal);
    await queue.submit(job("d1:sync"));
    expect((await journal.entries()).map(([, entry]) => (entry as { job: SyncJob }).job.id)).toEqual(["d1:sync"]);
    const ran: string[] = [];
    await queue.start(async (j) => void ran.push(j.id));
    await queue.onIdle();
    expect(ran).toEqual(["d1:sync"]);
    expect(await journal.entries()).toEqual([]);
    expect(queue.size).toBe(0);
  });

  it("runs one repository's jobs one at a time in submission order, other repositories meanwhile", async () => {
    const queue = queueOn(await open());
    const events: string[] = [];
    const first = deferred();
    await queue.start(async (j) => {
      events.push(`start ${j.id}`);
      if (j.id === "a1") await first.promise;
      events.push(`end ${j.id}`);
    });
    await queue.submit(job("a1"));
    await queue.submit(job("a2"));
    await queue.submit(job("b1", "gadgets"));
    // b1 runs while a1 still holds widgets' lane; a2 waits for a1.
    while (!events.includes("end b1")) await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["start a1", "start b1", "end b1"]);
    first.resolve();
    await queue.onIdle();
    expect(events).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
  });

  it("holds a job once when it is submitted again before it started (a redelivered webhook)", async () => {
    const journal = await open();
    const queue = queueOn(journal);
    await queue.submit(job("d1:sync"));
    await queue.submit(job("d1:sync"));
    expect(await journal.entries()).toHaveLength(1);
    const ran: string[] = [];
    await queue.start(async (j) => void ran.push(j.id));
    await queue.onIdle();
    expect(ran).toEqual(["d1:sync"]);
  });

  it("runs, after a restart on the same directory, the jobs a dead process left: waiting and mid-run", async () => {
    const journal = await open();
    const dead = queueOn(journal);
    const never = deferred();
    const started = deferred();
    await dead.start(async () => {
      started.resolve();
      await never.promise;
    });
    await dead.submit(job("d1:sync"));
    await dead.submit(job("d2:sync"));
    await started.promise;
    // The process dies: its journal is closed under it, mid-run.
    await journal.close();

    const queue = queueOn(await open());
    const ran: string[] = [];
    await queue.start(async (j) => void ran.push(j.id));
    await queue.onIdle();
    expect(ran).toEqual(["d1:sync", "d2:sync"]);
    expect(lines).toContainEqual({ level: "info", details: { jobs: 2 }, message: "jobs left by a stopped process taken up again" });
  });

  it("keeps a delayed job across a restart and runs it no earlier than asked", async () => {
    const first = queueOn(await open());
    const delayMs = 300;
    const submitted = Date.now();
    await first.submit(job("continue"), { delayMs });
    await first.close();

    const queue = queueOn(await open());
    const ran = deferred();
    let ranAt = 0;
    await queue.start(async () => {
      ranAt = Date.now();
      ran.resolve();
    });
    expect(ranAt).toBe(0);
    await ran.promise;
    expect(ranAt).toBeGreaterThanOrEqual(submitted + delayMs);
  });

  it("tries a failed job again after a backoff, telling the runner which attempt is the last", async () => {
    const queue = queueOn(await open(), { attempts: 3 });
    const attempts: Attempt[] = [];
    const done = deferred();
    const retriedBefore = await metricValue("taskmirror_jobs_retried_total", { kind: "sync" });
    await queue.start(async (_job, _lease, attempt) => {
      attempts.push(attempt);
      if (attempt.number < 3) throw badGateway();
      done.resolve();
    });
    await queue.submit(job("d1:sync"));
    await done.promise;
    await queue.onIdle();
    expect(attempts).toEqual([
      { number: 1, last: false },
      { number: 2, last: false },
      { number: 3, last: true },
    ]);
    expect((await metricValue("taskmirror_jobs_retried_total", { kind: "sync" })) - retriedBefore).toBe(2);
    expect(lines.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      "job failed, trying again: Bad Gateway",
      "job failed, trying again: Bad Gateway",
    ]);
    expect(queue.size).toBe(0);
  });

  it("gives a job up after its last attempt, with an error line and a metric, and forgets it", async () => {
    const journal = await open();
    const queue = queueOn(journal, { attempts: 2 });
    let runs = 0;
    const givenUpBefore = await metricValue("taskmirror_jobs_given_up_total", { kind: "sync" });
    await queue.start(async () => {
      runs += 1;
      throw badGateway();
    });
    await queue.submit(job("d1:sync"));
    while (!lines.some((line) => line.level === "error")) await new Promise((resolve) => setTimeout(resolve, 5));
    await queue.onIdle();
    expect(runs).toBe(2);
    expect(lines.filter((line) => line.level === "error")).toEqual([
      { level: "error", details: expect.objectContaining({ job: "d1:sync", kind: "sync", repo: "acme/widgets", attempts: 2 }), message: "job given up: Bad Gateway" },
    ]);
    expect((await metricValue("taskmirror_jobs_given_up_total", { kind: "sync" })) - givenUpBefore).toBe(1);
    expect(await journal.entries()).toEqual([]);
  });

  it("keeps a job whose run returned keepUntil until the promise settles, while the lane moves on", async () => {
    const journal = await open();
    const queue = queueOn(journal);
    const written = deferred();
    const ran: string[] = [];
    const run: RunJob = async (j) => {
      ran.push(j.id);
      if (j.id === "ticks") return { keepUntil: written.promise };
    };
    await queue.start(run);
    await queue.submit(job("ticks"));
    await queue.submit(job("sync"));
    while (ran.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(["ticks", "sync"]);
    // The sync is forgotten in memory first, then deleted from the journal.
    while (queue.size > 1 || (await journal.entries()).length > 1) await new Promise((resolve) => setImmediate(resolve));
    expect((await journal.entries()).map(([, entry]) => (entry as { job: SyncJob }).job.id)).toEqual(["ticks"]);
    written.resolve();
    await queue.onIdle();
    expect(await journal.entries()).toEqual([]);
  });

  it("leaves queued jobs in the journal when closed, for the next process", async () => {
    const journal = await open();
    const queue = queueOn(journal);
    await queue.submit(job("d1:sync"));
    await queue.close();
    await expect(queue.submit(job("d2:sync"))).rejects.toThrow(/closed/);
    const next = queueOn(await open());
    const ran: string[] = [];
    await next.start(async (j) => void ran.push(j.id));
    await next.onIdle();
    expect(ran).toEqual(["d1:sync"]);
  });
});

describe("levelJournal", () => {
  it("refuses a directory another journal holds, naming the variable to change", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taskmirror-journal-"));
    const first = await levelJournal(dir);
    try {
      await expect(levelJournal(dir)).rejects.toThrow(`the job journal ${dir} is in use by another process: give each instance its own TASKMIRROR_DATA_DIR`);
    } finally {
      await first.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

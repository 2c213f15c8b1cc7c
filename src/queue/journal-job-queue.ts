import { metrics } from "../ops/metrics.js";
import type { Job } from "./job.js";
import type { Attempt, JobQueue, Lease, RunJob, SubmitOptions } from "./job-queue.js";
import type { JournalStore } from "./journal-store.js";
import { repoQueue, type RepoQueue } from "./repo-queue.js";

/** Attempts of one job before it is given up. */
export const JOB_ATTEMPTS = 4;

/** Waits between attempts: 2 s, 10 s, 50 s — long enough for a GitHub incident's blip to pass. */
export function jobBackoffMs(attempt: number): number {
  return 2_000 * 5 ** (attempt - 1);
}

export interface JobQueueLog {
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}

export interface JournalJobQueueOptions {
  journal: JournalStore;
  log: JobQueueLog;
  /** The lanes jobs run on, one per repository (the process-wide ones, shared with the tick batcher). */
  lanes?: RepoQueue;
  attempts?: number;
  backoffMs?: (attempt: number) => number;
}

/** A journal entry: the job and where it stands. */
interface Entry {
  job: Job;
  /** Submission order, across restarts. */
  seq: number;
  /** Not before (ms since the epoch). */
  runAt: number;
  /** Attempts made. */
  attempts: number;
}

const PREFIX = "job!";

/**
 * The embedded JobQueue: one process, a journal on local disk. A job is written (fsync'd)
 * before `submit` resolves and deleted once its run settled, so a process that dies — after
 * answering the webhook, mid-sync, while ticks wait out their debounce — leaves its jobs to the
 * next process on the same data directory, which runs them as it starts.
 *
 * Jobs run on the repository lanes (`RepoQueue`): one at a time per repository, in submission
 * order. A job waiting for its delay or for its next attempt is off the lane meanwhile: the
 * repository's later jobs go first (every job converges to the repository's state, so order
 * matters for jobs running, not for one that failed).
 */
export class JournalJobQueue implements JobQueue {
  readonly #journal: JournalStore;
  readonly #log: JobQueueLog;
  readonly #lanes: RepoQueue;
  readonly #attempts: number;
  readonly #backoffMs: (attempt: number) => number;
  /** Every entry not yet forgotten, by journal key. */
  readonly #entries = new Map<string, Entry>();
  /** Ids of jobs that have not started (their journal key): a second submit is dropped. */
  readonly #waiting = new Map<string, string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Runs on the lanes and runs kept until a promise settles. */
  readonly #busy = new Set<Promise<void>>();
  #seq = Date.now() * 1000;
  #run: RunJob | null = null;
  #closed = false;
  #journalClosed = false;

  constructor(options: JournalJobQueueOptions) {
    this.#journal = options.journal;
    this.#log = options.log;
    this.#lanes = options.lanes ?? repoQueue;
    this.#attempts = options.attempts ?? JOB_ATTEMPTS;
    this.#backoffMs = options.backoffMs ?? jobBackoffMs;
  }

  async submit(job: Job, options: SubmitOptions = {}): Promise<void> {
    if (this.#closed) throw new Error("the job queue is closed");
    if (this.#waiting.has(job.id)) return;
    const key = `${PREFIX}${String((this.#seq += 1)).padStart(20, "0")}`;
    const entry: Entry = { job, seq: this.#seq, runAt: Date.now() + Math.max(0, options.delayMs ?? 0), attempts: 0 };
    // Claimed before the write: a redelivery arriving meanwhile is the same job.
    this.#waiting.set(job.id, key);
    try {
      await this.#journal.put(key, entry, { sync: true });
    } catch (error) {
      this.#waiting.delete(job.id);
      throw error;
    }
    this.#entries.set(key, entry);
    if (this.#run) this.#schedule(key, entry);
  }

  async start(run: RunJob): Promise<void> {
    if (this.#run) throw new Error("the job queue was started already");
    this.#run = run;
    let recovered = 0;
    for (const [key, value] of await this.#journal.entries()) {
      if (!key.startsWith(PREFIX) || this.#entries.has(key)) continue;
      const entry = value as Entry;
      this.#seq = Math.max(this.#seq, entry.seq);
      if (this.#waiting.has(entry.job.id)) {
        // The same job twice (one was running when the process died): once is enough.
        await this.#journal.del(key);
        continue;
      }
      this.#waiting.set(entry.job.id, key);
      this.#entries.set(key, entry);
      recovered += 1;
    }
    if (recovered > 0) {
      metrics.jobsRecovered(recovered);
      this.#log.info({ jobs: recovered }, "jobs left by a stopped process taken up again");
    }
    const entries = [...this.#entries].sort(([, a], [, b]) => a.seq - b.seq);
    for (const [key, entry] of entries) this.#schedule(key, entry);
  }

  async onIdle(): Promise<void> {
    while (this.#busy.size > 0) await Promise.allSettled([...this.#busy]);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    // Runs already going finish (and are forgotten); queued ones stay for the next process.
    await this.onIdle();
    this.#journalClosed = true;
    await this.#journal.close();
  }

  /** Jobs recorded and not yet forgotten: waiting, delayed, running or kept. */
  get size(): number {
    return this.#entries.size;
  }

  #schedule(key: string, entry: Entry): void {
    const wait = entry.runAt - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#enqueue(key, entry);
      }, wait);
      // A delayed job must not keep an otherwise finished process alive: it is in the journal.
      timer.unref();
      this.#timers.add(timer);
      return;
    }
    this.#enqueue(key, entry);
  }

  #enqueue(key: string, entry: Entry): void {
    if (this.#closed) return;
    const repository = `${entry.job.owner}/${entry.job.repo}`;
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    this.#track(settled);
    this.#lanes.enqueue(repository, () => this.#runEntry(key, entry).finally(done), this.#log);
  }

  async #runEntry(key: string, entry: Entry): Promise<void> {
    // Closing: the job stays in the journal for the next process.
    const run = this.#run;
    if (this.#closed || !run) return;
    const { job } = entry;
    if (this.#waiting.get(job.id) === key) this.#waiting.delete(job.id);
    const attempt: Attempt = { number: entry.attempts + 1, last: entry.attempts + 1 >= this.#attempts };
    let outcome;
    try {
      outcome = await run(job, EMBEDDED_LEASE, attempt);
    } catch (error) {
      await this.#failed(key, entry, error);
      return;
    }
    const keepUntil = outcome?.keepUntil;
    if (!keepUntil) {
      await this.#forget(key);
      return;
    }
    this.#track(
      keepUntil.then(
        () => this.#forget(key),
        (error: unknown) => this.#failed(key, entry, error),
      ),
    );
  }

  async #failed(key: string, entry: Entry, error: unknown): Promise<void> {
    const { job } = entry;
    const attempts = entry.attempts + 1;
    const details = { err: error, job: job.id, kind: job.kind, repo: `${job.owner}/${job.repo}`, attempts };
    if (attempts >= this.#attempts || this.#closed) {
      if (this.#closed) return;
      metrics.jobGivenUp(job.kind);
      this.#log.error(details, `job given up: ${(error as Error)?.message ?? String(error)}`);
      await this.#forget(key);
      return;
    }
    const delayMs = this.#backoffMs(attempts);
    const next: Entry = { ...entry, attempts, runAt: Date.now() + delayMs };
    metrics.jobRetried(job.kind);
    this.#log.warn({ ...details, delayMs }, `job failed, trying again: ${(error as Error)?.message ?? String(error)}`);
    this.#entries.set(key, next);
    if (!this.#waiting.has(job.id)) this.#waiting.set(job.id, key);
    await this.#journal.put(key, next).catch((putError: unknown) => this.#log.error({ err: putError, job: job.id }, "job journal write failed"));
    this.#schedule(key, next);
  }

  async #forget(key: string): Promise<void> {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry && this.#waiting.get(entry.job.id) === key) this.#waiting.delete(entry.job.id);
    if (this.#journalClosed) return;
    await this.#journal.del(key).catch((error: unknown) => this.#log.error({ err: error, key }, "job journal delete failed"));
  }

  #track(promise: Promise<void>): void {
    const tracked = promise.finally(() => this.#busy.delete(tracked));
    this.#busy.add(tracked);
  }
}

/** One process holds its repositories for as long as it runs: the lease is never lost. */
const EMBEDDED_LEASE: Lease = {
  check: async () => {},
  signal: new AbortController().signal,
};

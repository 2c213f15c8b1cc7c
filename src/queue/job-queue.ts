import type { Job } from "./job.js";

/**
 * Where jobs wait and who runs them. Two implementations share this contract: an embedded one
 * (a journal on local disk, one process) and, with REDIS_URL, one in Redis that every instance
 * of the app takes work from, so an instance that dies leaves its work to the others.
 *
 * The contract:
 * - `submit` resolves only once the job is recorded where a restarted process (or another
 *   instance) will find it; a job with the id of one still waiting is not added twice.
 * - Jobs of one repository run one at a time, in submission order; repositories run in parallel.
 * - A job is forgotten only after its run settled (done, or failed for good after retries);
 *   a process that dies mid-run leaves it to be run again within a minute.
 * - Before each write the runner may check its `lease` (fencing): when the repository's hold
 *   was lost (it expired, another instance took it), the run stops without writing.
 */
export interface JobQueue {
  submit(job: Job, options?: SubmitOptions): Promise<void>;
  /** Starts taking jobs (recovering those a dead process left) and running them with `run`. */
  start(run: RunJob): Promise<void>;
  /** Resolves when no job is waiting or running here (tests, a graceful shutdown). */
  onIdle(): Promise<void>;
  /** Stops taking jobs; waits for the running ones up to the caller's grace. */
  close(): Promise<void>;
}

export interface SubmitOptions {
  /** Run no earlier than this many ms from now (a budgeted sync's continuation, a retry). */
  delayMs?: number;
}

/**
 * Runs one job. Throwing asks for another attempt after a backoff (the runner throws only what
 * may pass: a GitHub 5xx, a timeout); on the last attempt (`attempt.last`) it reports the
 * failure itself and returns. A run may return `keepUntil`: the repository's next job starts at
 * once, but this one stays recorded until the promise settles (ticks waiting out their batch's
 * debounce); its rejection counts as a failed attempt.
 */
export type RunJob = (job: Job, lease: Lease, attempt: Attempt) => Promise<RunOutcome | void>;

export interface Attempt {
  /** 1 for the first run. */
  number: number;
  /** No attempt follows this one: report a failure, do not throw it. */
  last: boolean;
}

export interface RunOutcome {
  keepUntil?: Promise<void>;
}

/** The repository's hold for the running job. */
export interface Lease {
  /** Throws `LostLease` when this instance no longer holds the repository: write nothing more. */
  check(): Promise<void>;
  /** Aborted when the hold is lost: long waits (pacing) end early. */
  readonly signal: AbortSignal;
}

export class LostLease extends Error {
  constructor(repository: string) {
    super(`lost the hold on ${repository}: another instance may be working on it`);
    this.name = "LostLease";
  }
}

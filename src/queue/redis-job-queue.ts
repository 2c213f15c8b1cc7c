import { DelayedError, Queue, Worker, type Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import { writeFence } from "../github/write-fence.js";
import { metrics } from "../ops/metrics.js";
import type { Job } from "./job.js";
import { LostLease, type Attempt, type JobQueue, type RunJob, type RunOutcome, type SubmitOptions } from "./job-queue.js";
import { JOB_ATTEMPTS, jobBackoffMs } from "./journal-job-queue.js";
import { RedisLease } from "./redis-lease.js";

export interface RedisJobQueueLog {
  info: (details: object, message: string) => void;
  warn: (details: object, message: string) => void;
  error: (details: object, message: string) => void;
}

export interface RedisJobQueueOptions {
  /** REDIS_URL. */
  url: string;
  log: RedisJobQueueLog;
  /** Prefix of every key (the repository locks are `<prefix>lock:<owner>/<repo>`, StoreRepoLock's). */
  prefix?: string;
  /** A repository's hold: a dead instance's hold ends after this. */
  leaseTtlMs?: number;
  /** BullMQ's lock on a running wake: a dead instance's wake is found stalled after this… */
  lockDurationMs?: number;
  /** …by the stall check, which runs this often. */
  stalledIntervalMs?: number;
  /** How often repositories with jobs and due delayed jobs are looked for (what a lost wake-up left). */
  sweepIntervalMs?: number;
  /** How soon a wake-up for a repository another run holds tries again. */
  busyRetryMs?: number;
  /** Repositories this instance runs at once. */
  concurrency?: number;
  attempts?: number;
  backoffMs?: (attempt: number) => number;
}

/** What the entries hash holds per entry (field: the entry's sequence number). */
interface Entry {
  job: Job;
  attempts: number;
}

interface WakeData {
  repository: string;
  /** Entries this wake kept (ran, waiting for `keepUntil`): a recovered wake runs them again. */
  kept?: string[];
}

const SUBMIT = `
if redis.call("hexists", KEYS[1], ARGV[1]) == 1 then return 0 end
local seq = redis.call("incr", KEYS[3])
redis.call("hset", KEYS[2], seq, ARGV[2])
redis.call("hset", KEYS[1], ARGV[1], seq)
if ARGV[4] == "0" then
  redis.call("rpush", KEYS[4], seq)
  redis.call("sadd", KEYS[5], ARGV[3])
else
  redis.call("zadd", KEYS[6], ARGV[4], seq)
end
return seq`;

// Due delayed entries join the end of their repository's list; returns their repositories.
const PROMOTE = `
local due = redis.call("zrangebyscore", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, 100)
local repos = {}
for _, seq in ipairs(due) do
  redis.call("zrem", KEYS[1], seq)
  local json = redis.call("hget", KEYS[2], seq)
  if json then
    local job = cjson.decode(json).job
    local repo = string.lower(job.owner .. "/" .. job.repo)
    if not redis.call("lpos", ARGV[2] .. repo, seq) then redis.call("rpush", ARGV[2] .. repo, seq) end
    redis.call("sadd", KEYS[3], repo)
    table.insert(repos, repo)
  end
end
return repos`;

// The repository's first entry, only for its holder; it stops waiting (a new submit is a new entry).
const HEAD = `
if redis.call("get", KEYS[1]) ~= ARGV[1] then return {"lost"} end
while true do
  local seq = redis.call("lindex", KEYS[2], 0)
  if not seq then
    redis.call("srem", KEYS[5], ARGV[2])
    return {"empty"}
  end
  local json = redis.call("hget", KEYS[3], seq)
  if json then
    local id = cjson.decode(json).job.id
    if redis.call("hget", KEYS[4], id) == seq then
      redis.call("hdel", KEYS[4], id)
      return {"ok", seq, json}
    end
    return {"again", seq, json}
  end
  redis.call("lpop", KEYS[2])
end`;

// The holder's first entry leaves the list: forgotten, kept (its run's promise pending) or
// delayed for its next attempt. Refused (0) when the hold is no longer this one's.
const FINISH = `
if redis.call("get", KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call("lindex", KEYS[2], 0) == ARGV[2] then redis.call("lpop", KEYS[2]) end
if ARGV[4] == "forget" then
  redis.call("hdel", KEYS[3], ARGV[2])
elseif ARGV[4] == "retry" then
  redis.call("hset", KEYS[3], ARGV[2], ARGV[5])
  redis.call("hsetnx", KEYS[5], ARGV[6], ARGV[2])
  redis.call("zadd", KEYS[6], ARGV[7], ARGV[2])
end
if redis.call("llen", KEYS[2]) == 0 then redis.call("srem", KEYS[4], ARGV[3]) end
return 1`;

// A kept entry settled (no hold any more: the repository's later jobs may be running).
const SETTLE_KEPT = `
if ARGV[3] == "forget" then
  redis.call("hdel", KEYS[1], ARGV[1])
  if redis.call("hget", KEYS[2], ARGV[2]) == ARGV[1] then redis.call("hdel", KEYS[2], ARGV[2]) end
elseif redis.call("hexists", KEYS[1], ARGV[1]) == 1 then
  redis.call("hset", KEYS[1], ARGV[1], ARGV[4])
  redis.call("hsetnx", KEYS[2], ARGV[2], ARGV[1])
  redis.call("zadd", KEYS[3], ARGV[5], ARGV[1])
end
return 1`;

// A kept entry whose instance died: back to the end of its repository's list, to run again.
const REQUEUE = `
if redis.call("hexists", KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call("lpos", KEYS[2], ARGV[1]) then return 0 end
redis.call("rpush", KEYS[2], ARGV[1])
redis.call("sadd", KEYS[3], ARGV[2])
return 1`;

/**
 * The JobQueue in Redis (REDIS_URL): every instance submits to it and runs from it, so work
 * accepted by one instance is done by whichever is free — and by another when one dies.
 *
 * BullMQ has no per-group ordering in its open-source edition, so the ORDER lives in plain
 * Redis and BullMQ only carries wake-ups: each repository has a list of entries (FIFO), and
 * each submit adds one BullMQ "wake" job naming the repository. A worker that takes a wake
 * takes the repository's hold (a lock with a fencing number, RedisLease) and runs the list's
 * first entry, then the next, until the list is empty; a wake for a repository another run
 * holds goes back to BullMQ's delayed set for `busyRetryMs`. An entry leaves its list only
 * after its run settled, by a script that first checks the hold is still this run's.
 *
 * When an instance dies mid-run, its wake stops being renewed; BullMQ's stall check hands it to
 * another worker, which waits out the dead instance's hold (it is no longer extended) and runs
 * the same first entry again. A periodic sweep wakes every repository whose list is not empty
 * (a submit that died between its two steps, a wake that stalled too often), so nothing waits
 * longer than a sweep. Delayed entries wait in a sorted set until due, then join their list's
 * end (a retry does not hold up the repository's later jobs, as in the embedded queue).
 */
export class RedisJobQueue implements JobQueue {
  readonly #redis: Redis;
  readonly #queue: Queue;
  readonly #url: string;
  readonly #log: RedisJobQueueLog;
  readonly #prefix: string;
  readonly #leaseTtlMs: number;
  readonly #lockDurationMs: number;
  readonly #stalledIntervalMs: number;
  readonly #sweepIntervalMs: number;
  readonly #busyRetryMs: number;
  readonly #concurrency: number;
  readonly #attempts: number;
  readonly #backoffMs: (attempt: number) => number;
  #worker: Worker | null = null;
  #sweeper: NodeJS.Timeout | undefined;
  #closing = false;
  #closed = false;

  constructor(options: RedisJobQueueOptions) {
    this.#url = options.url;
    this.#log = options.log;
    this.#prefix = options.prefix ?? "taskmirror:";
    this.#leaseTtlMs = options.leaseTtlMs ?? 20_000;
    this.#lockDurationMs = options.lockDurationMs ?? 20_000;
    this.#stalledIntervalMs = options.stalledIntervalMs ?? 15_000;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 15_000;
    this.#busyRetryMs = options.busyRetryMs ?? 250;
    this.#concurrency = options.concurrency ?? 16;
    this.#attempts = options.attempts ?? JOB_ATTEMPTS;
    this.#backoffMs = options.backoffMs ?? jobBackoffMs;
    this.#redis = new Redis(this.#url);
    this.#redis.on("error", (error: Error) => this.#log.warn({ err: error }, "Redis (job queue)"));
    this.#queue = new Queue("jobs", { connection: this.#redis, prefix: `${this.#prefix}bull` });
    this.#queue.on("error", (error: Error) => this.#log.warn({ err: error }, "job queue"));
  }

  async submit(job: Job, options: SubmitOptions = {}): Promise<void> {
    if (this.#closing) throw new Error("the job queue is closed");
    const repository = repositoryOf(job);
    const delayMs = Math.max(0, options.delayMs ?? 0);
    const entry: Entry = { job, attempts: 0 };
    await this.#redis.eval(
      SUBMIT,
      6,
      this.#key("waiting"),
      this.#key("entries"),
      this.#key("seq"),
      this.#listKey(repository),
      this.#key("repos"),
      this.#key("delayed"),
      job.id,
      JSON.stringify(entry),
      repository,
      delayMs > 0 ? String(Date.now() + delayMs) : "0",
    );
    // Woken even when the job was already waiting: a submit that died after its entry and before
    // its wake-up (the webhook then failed and is redelivered) leaves an entry nobody woke.
    await this.#wake(repository, delayMs);
  }

  async start(run: RunJob): Promise<void> {
    if (this.#worker) throw new Error("the job queue was started already");
    const connection = new Redis(this.#url, { maxRetriesPerRequest: null });
    connection.on("error", (error: Error) => this.#log.warn({ err: error }, "Redis (job worker)"));
    this.#worker = new Worker("jobs", (bull, token) => this.#process(bull, token, run), {
      connection,
      prefix: `${this.#prefix}bull`,
      concurrency: this.#concurrency,
      lockDuration: this.#lockDurationMs,
      stalledInterval: this.#stalledIntervalMs,
      maxStalledCount: 5,
    });
    this.#worker.on("error", (error: Error) => this.#log.warn({ err: error }, "job worker"));
    this.#worker.on("failed", (bull, error) => this.#log.warn({ err: error, repo: (bull?.data as WakeData | undefined)?.repository }, "job wake-up failed (a sweep wakes the repository again)"));
    this.#worker.on("closed", () => void connection.quit().catch(() => undefined));
    await this.#sweep();
    this.#sweeper = setInterval(() => {
      this.#sweep().catch((error: unknown) => this.#log.warn({ err: error }, "job queue sweep failed"));
    }, this.#sweepIntervalMs);
    this.#sweeper.unref();
  }

  /**
   * Resolves when no job is recorded in Redis and no wake-up is pending, for ANY instance: a job
   * is recorded until its run settled, wherever it runs (tests; all instances share the work).
   */
  async onIdle(): Promise<void> {
    // Closed: nothing runs here any more (what waits is the other instances' to run).
    while (!this.#closed) {
      const [entries, counts] = await Promise.all([this.#redis.hlen(this.#key("entries")), this.#queue.getJobCounts("wait", "active", "delayed", "prioritized", "paused")]);
      if (entries === 0 && Object.values(counts).every((count) => count === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Entries recorded by every instance and not yet forgotten. */
  async pending(): Promise<number> {
    return this.#redis.hlen(this.#key("entries"));
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#sweeper);
    // Runs going finish (and keep what they keep); what waits stays in Redis for the others.
    await this.#worker?.close();
    await this.#queue.close();
    await this.#redis.quit().catch(() => undefined);
    this.#closed = true;
  }

  async #process(bull: BullJob, token: string | undefined, run: RunJob): Promise<void> {
    const data = bull.data as WakeData;
    const { repository } = data;
    await this.#promote();
    if (data.kept?.length) {
      // The wake ran here before and its instance died while runs it kept were pending.
      for (const seq of data.kept) await this.#redis.eval(REQUEUE, 3, this.#key("entries"), this.#listKey(repository), this.#key("repos"), seq, repository);
      await bull.updateData({ repository });
    }
    const lease = await RedisLease.acquire(this.#redis, repository, { ttlMs: this.#leaseTtlMs, prefix: this.#prefix }, this.#log);
    if (!lease) {
      await bull.moveToDelayed(Date.now() + this.#busyRetryMs, token);
      throw new DelayedError();
    }
    const kept: Array<{ seq: string; entry: Entry; until: Promise<void> }> = [];
    try {
      while (!this.#closing) {
        const head = (await this.#redis.eval(HEAD, 5, this.#lockKey(repository), this.#listKey(repository), this.#key("entries"), this.#key("waiting"), this.#key("repos"), String(lease.fence), repository)) as string[];
        if (head[0] !== "ok" && head[0] !== "again") break;
        const seq = head[1]!;
        const entry = JSON.parse(head[2]!) as Entry;
        // Started before and still first: its run never settled (an instance died, or lost its hold).
        if (head[0] === "again") this.#log.warn({ job: entry.job.id, kind: entry.job.kind, repo: repository, fence: lease.fence }, "running again a job whose run did not settle (its instance stopped or lost the repository)");
        const attempt: Attempt = { number: entry.attempts + 1, last: entry.attempts + 1 >= this.#attempts };
        let outcome: RunOutcome | void;
        try {
          outcome = await writeFence.run(lease, () => run(entry.job, lease, attempt));
        } catch (error) {
          if (error instanceof LostLease || lease.signal.aborted) {
            this.#log.warn({ job: entry.job.id, repo: repository, fence: lease.fence }, "lost the repository's hold mid-run: the instance holding it now runs the job");
            break;
          }
          if (!(await this.#finish(lease, repository, seq, entry, error))) break;
          continue;
        }
        if (outcome?.keepUntil) {
          // Recorded on the wake first: should this instance die before the promise settles, the
          // wake's next run puts the entry back in the list.
          await bull.updateData({ repository, kept: [...kept.map((k) => k.seq), seq] });
          if (!(await this.#finishAs(lease, repository, seq, "keep"))) break;
          kept.push({ seq, entry, until: outcome.keepUntil });
          continue;
        }
        if (!(await this.#finishAs(lease, repository, seq, "forget"))) break;
      }
      // Closing: the rest of the list is left to another instance, woken now.
      if (this.#closing) await this.#wake(repository, 0).catch(() => undefined);
    } finally {
      await lease.release().catch((error: unknown) => this.#log.warn({ err: error, repo: repository }, "could not release the repository's hold (it expires)"));
    }
    // Kept runs settle without the hold: the repository's later jobs run meanwhile.
    await Promise.all(
      kept.map(({ seq, entry, until }) =>
        until.then(
          () => this.#settleKept(seq, entry, null),
          (error: unknown) => this.#settleKept(seq, entry, error),
        ),
      ),
    );
  }

  /** A failed run: tried again after a backoff, or given up after its last attempt. */
  async #finish(lease: RedisLease, repository: string, seq: string, entry: Entry, error: unknown): Promise<boolean> {
    const attempts = entry.attempts + 1;
    const details = { err: error, job: entry.job.id, kind: entry.job.kind, repo: repository, attempts };
    if (attempts >= this.#attempts) {
      metrics.jobGivenUp(entry.job.kind);
      this.#log.error(details, `job given up: ${(error as Error)?.message ?? String(error)}`);
      return this.#finishAs(lease, repository, seq, "forget");
    }
    const delayMs = this.#backoffMs(attempts);
    metrics.jobRetried(entry.job.kind);
    this.#log.warn({ ...details, delayMs }, `job failed, trying again: ${(error as Error)?.message ?? String(error)}`);
    const next: Entry = { ...entry, attempts };
    const held = await this.#finishAs(lease, repository, seq, "retry", [JSON.stringify(next), entry.job.id, String(Date.now() + delayMs)]);
    if (held) await this.#wake(repository, delayMs);
    return held;
  }

  async #finishAs(lease: RedisLease, repository: string, seq: string, mode: "forget" | "keep" | "retry", extra: string[] = []): Promise<boolean> {
    const keys = [this.#lockKey(repository), this.#listKey(repository), this.#key("entries"), this.#key("repos"), this.#key("waiting"), this.#key("delayed")];
    const done = Number(await this.#redis.eval(FINISH, keys.length, ...keys, String(lease.fence), seq, repository, mode, ...extra)) === 1;
    if (!done) this.#log.warn({ repo: repository, fence: lease.fence }, "lost the repository's hold before recording a run: the instance holding it now runs the job again");
    return done;
  }

  async #settleKept(seq: string, entry: Entry, error: unknown): Promise<void> {
    const repository = repositoryOf(entry.job);
    const keys = [this.#key("entries"), this.#key("waiting"), this.#key("delayed")];
    if (error === null || entry.attempts + 1 >= this.#attempts) {
      if (error !== null) metrics.jobGivenUp(entry.job.kind);
      if (error !== null) this.#log.error({ err: error, job: entry.job.id, kind: entry.job.kind, repo: repository }, `job given up: ${(error as Error)?.message ?? String(error)}`);
      await this.#redis.eval(SETTLE_KEPT, keys.length, ...keys, seq, entry.job.id, "forget");
      return;
    }
    const attempts = entry.attempts + 1;
    const delayMs = this.#backoffMs(attempts);
    metrics.jobRetried(entry.job.kind);
    this.#log.warn({ err: error, job: entry.job.id, kind: entry.job.kind, repo: repository, attempts, delayMs }, `job failed, trying again: ${(error as Error)?.message ?? String(error)}`);
    await this.#redis.eval(SETTLE_KEPT, keys.length, ...keys, seq, entry.job.id, "retry", JSON.stringify({ ...entry, attempts }), String(Date.now() + delayMs));
    await this.#wake(repository, delayMs);
  }

  async #wake(repository: string, delayMs: number, jobId?: string): Promise<void> {
    const data: WakeData = { repository };
    await this.#queue.add("wake", data, {
      ...(delayMs > 0 ? { delay: delayMs } : {}),
      ...(jobId ? { jobId } : {}),
      removeOnComplete: true,
      removeOnFail: true,
      attempts: 5,
      backoff: { type: "exponential", delay: 500 },
    });
  }

  /** Due delayed entries into their lists, their repositories woken. */
  async #promote(): Promise<void> {
    const repos = (await this.#redis.eval(PROMOTE, 3, this.#key("delayed"), this.#key("entries"), this.#key("repos"), String(Date.now()), this.#key("list:"))) as string[];
    for (const repository of repos) await this.#wake(repository, 0);
  }

  async #sweep(): Promise<void> {
    await this.#promote();
    for (const repository of await this.#redis.smembers(this.#key("repos"))) {
      // One sweep wake per repository at a time (BullMQ ignores a job id it holds).
      await this.#wake(repository, 0, `sweep-${encodeURIComponent(repository)}`);
    }
  }

  #key(name: string): string {
    return `${this.#prefix}${name}`;
  }

  #listKey(repository: string): string {
    return this.#key(`list:${repository}`);
  }

  #lockKey(repository: string): string {
    return this.#key(`lock:${repository}`);
  }
}

function repositoryOf(job: Job): string {
  return `${job.owner}/${job.repo}`.toLowerCase();
}

import type { Redis } from "ioredis";
import { LostLease, type Lease } from "./job-queue.js";

export interface RedisLeaseOptions {
  /** How long the hold lasts unless extended (it is extended every third of it while held). */
  ttlMs: number;
  /**
   * Held for this much less than Redis keeps the key, locally: clocks advance at slightly
   * different rates, and a write sent just before the end must reach GitHub before another
   * instance can take the repository.
   */
  marginMs?: number;
  /** Key prefix, shared with StoreRepoLock: both take the same per-repository key. */
  prefix?: string;
}

// Take the lock and draw the next fencing number in one step: the lock's value IS the holder's
// number, so no two holds of one repository ever share a value, and a check compares it.
const ACQUIRE = `
if redis.call("exists", KEYS[1]) == 1 then return 0 end
local fence = redis.call("incr", KEYS[2])
redis.call("set", KEYS[1], fence, "PX", ARGV[1])
return fence`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface LeaseLog {
  warn: (details: object, message: string) => void;
}

/**
 * A repository's hold in Redis, for one job, with a fencing number. Before each write `check`
 * compares the key's value with this hold's number and extends it in the same script: a hold
 * that expired (this process paused, Redis was unreachable longer than the TTL) and was taken by
 * another instance is refused, and a hold that passes is good for a whole TTL from the moment
 * the check was SENT. Locally the hold ends at that moment + TTL − margin whatever Redis says:
 * the signal aborts then, so a write this instance still has waiting is dropped before another
 * instance can hold the repository, even when Redis cannot be reached to find out.
 */
export class RedisLease implements Lease {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #ttlMs: number;
  readonly #marginMs: number;
  readonly #controller = new AbortController();
  readonly #renew: NodeJS.Timeout;
  #deadline: NodeJS.Timeout | undefined;
  /** The latest send time of a check that passed: the hold is good for a TTL from it. */
  #heldFrom = -Infinity;

  private constructor(
    redis: Redis,
    readonly repository: string,
    key: string,
    /** This hold's fencing number: higher than every earlier hold of the repository. */
    readonly fence: number,
    sentAt: number,
    options: RedisLeaseOptions,
    log: LeaseLog,
  ) {
    this.#redis = redis;
    this.#key = key;
    this.#ttlMs = options.ttlMs;
    this.#marginMs = options.marginMs ?? Math.min(1000, Math.floor(options.ttlMs / 5));
    this.#armDeadline(sentAt);
    this.#renew = setInterval(() => {
      this.#extend().catch((error: unknown) => {
        if (!(error instanceof LostLease)) log.warn({ err: error, repo: repository }, "could not extend the repository's hold (it ends at its deadline unless extended)");
      });
    }, Math.max(1, Math.floor(this.#ttlMs / 3)));
    this.#renew.unref();
  }

  /** Takes the repository's hold, or null when another holds it. */
  static async acquire(redis: Redis, repository: string, options: RedisLeaseOptions, log: LeaseLog): Promise<RedisLease | null> {
    const prefix = options.prefix ?? "taskmirror:";
    const name = repository.toLowerCase();
    const key = `${prefix}lock:${name}`;
    const sentAt = performance.now();
    const fence = Number(await redis.eval(ACQUIRE, 2, key, `${prefix}fence:${name}`, String(options.ttlMs)));
    if (fence === 0) return null;
    return new RedisLease(redis, repository, key, fence, sentAt, options, log);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Throws LostLease unless this hold is still the repository's; extends it when it is. */
  async check(): Promise<void> {
    await this.#extend();
  }

  /** Lets the repository go (only if still held by this hold) and ends the signal. */
  async release(): Promise<void> {
    this.#stop(new Error("released"));
    await this.#redis.eval(RELEASE, 1, this.#key, String(this.fence));
  }

  async #extend(): Promise<void> {
    if (this.#controller.signal.aborted) throw new LostLease(this.repository);
    const sentAt = performance.now();
    // An unreachable Redis must not hold a write forever: the deadline ends the wait.
    const signal = this.#controller.signal;
    let onAbort!: () => void;
    const lost = new Promise<never>((_, reject) => {
      onAbort = () => reject(new LostLease(this.repository));
      signal.addEventListener("abort", onAbort, { once: true });
    });
    let held: boolean;
    try {
      held = Number(await Promise.race([this.#redis.eval(EXTEND, 1, this.#key, String(this.fence), String(this.#ttlMs)), lost])) === 1;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    if (signal.aborted) throw new LostLease(this.repository);
    if (!held) {
      this.#stop(new LostLease(this.repository));
      throw new LostLease(this.repository);
    }
    this.#armDeadline(sentAt);
  }

  #armDeadline(sentAt: number): void {
    if (sentAt <= this.#heldFrom) return;
    this.#heldFrom = sentAt;
    clearTimeout(this.#deadline);
    const left = sentAt + this.#ttlMs - this.#marginMs - performance.now();
    if (left <= 0) {
      this.#stop(new LostLease(this.repository));
      return;
    }
    this.#deadline = setTimeout(() => this.#stop(new LostLease(this.repository)), left);
    this.#deadline.unref();
  }

  #stop(reason: Error): void {
    clearInterval(this.#renew);
    clearTimeout(this.#deadline);
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }
}

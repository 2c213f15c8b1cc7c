import { randomUUID } from "node:crypto";
import { writeFence, type Fence } from "../github/write-fence.js";
import { LostLease } from "./job-queue.js";
import type { LockLog, LockStore, RepoLock } from "./repo-lock.js";

export interface StoreRepoLockOptions {
  /** How long a hold lasts unless extended: an instance that dies frees the lock after this. */
  ttlMs?: number;
  /** How often a waiting instance tries again. */
  retryMs?: number;
  /** Prefix of the store keys. */
  prefix?: string;
}

/**
 * A per-repository lock in a shared store, so that two instances never sync one repository at
 * the same time (DESIGN §6). A hold expires unless extended — it is extended every third of its
 * time while the job runs — so a crashed instance cannot block a repository for good. Waiting
 * is by polling: locks are held for seconds and contended rarely (two instances receiving
 * deliveries for one repository at once).
 */
export class StoreRepoLock implements RepoLock {
  readonly #store: LockStore;
  readonly #log: LockLog;
  readonly #ttlMs: number;
  readonly #retryMs: number;
  readonly #prefix: string;

  constructor(store: LockStore, log: LockLog, options: StoreRepoLockOptions = {}) {
    this.#store = store;
    this.#log = log;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#retryMs = options.retryMs ?? 250;
    this.#prefix = options.prefix ?? "taskmirror:lock:";
  }

  async run<T>(repository: string, job: () => Promise<T>): Promise<T> {
    const key = `${this.#prefix}${repository.toLowerCase()}`;
    const token = randomUUID();
    while (!(await this.#store.acquire(key, token, this.#ttlMs))) {
      await new Promise((resolve) => setTimeout(resolve, this.#retryMs));
    }
    const lost = new AbortController();
    // The job's writes are checked against this hold (fenceWrites), not against a fence the
    // async context carries from elsewhere (a queue's run whose timer started this job).
    const fence: Fence = {
      signal: lost.signal,
      check: async () => {
        if (lost.signal.aborted || !(await this.#store.extend(key, token, this.#ttlMs))) {
          lost.abort();
          throw new LostLease(repository);
        }
      },
    };
    const renew = setInterval(() => {
      this.#store.extend(key, token, this.#ttlMs).then(
        (held) => {
          if (held) return;
          lost.abort();
          this.#log.warn({ repo: repository }, "lost the repository lock while working (it expired): its writes are refused from now on");
        },
        (error: unknown) => this.#log.warn({ err: error, repo: repository }, "could not extend the repository lock"),
      );
    }, Math.max(1, Math.floor(this.#ttlMs / 3)));
    try {
      return await writeFence.run(fence, job);
    } finally {
      clearInterval(renew);
      await this.#store.release(key, token).catch((error: unknown) => this.#log.warn({ err: error, repo: repository }, "could not release the repository lock (it will expire)"));
    }
  }
}

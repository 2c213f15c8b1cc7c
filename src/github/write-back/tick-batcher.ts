import type { Config } from "../../core/config/schema.js";
import type { FileToggle } from "../../core/sync/types.js";
import type { RepoQueue } from "../../queue/repo-queue.js";
import type { GitHubScope } from "../types.js";

export const DEFAULT_TICK_DEBOUNCE_MS = 1500;
/** A batch is written at most this long after its first tick, however long the ticking goes on. */
export const TICK_MAX_WAIT_MS = 10_000;

export interface TickBatch {
  scope: GitHubScope;
  path: string;
  toggles: FileToggle[];
  config: Config;
  defaultBranch: string;
}

export interface TickBatcherOptions {
  queue: RepoQueue;
  flush: (batch: TickBatch) => Promise<void>;
  debounceMs?: number;
  maxWaitMs?: number;
}

interface Pending {
  batch: TickBatch;
  first: number;
  timer: NodeJS.Timeout;
  /** Settles when the batch was written: resolves, or rejects with the write's error. */
  written: Promise<void>;
  settle: (error?: unknown) => void;
}

/**
 * Gathers the ticks made for one document close together into one batch, so a person ticking
 * five boxes makes one commit (and one contents write, the scarce kind) instead of five. A
 * batch waits until no tick arrived for `debounceMs` (at most `maxWaitMs` after its first),
 * then its write is queued on the repository's queue, in order with the push syncs. A later
 * toggle of the same box replaces the earlier one.
 */
export class TickBatcher {
  readonly #pending = new Map<string, Pending>();
  readonly #queue: RepoQueue;
  readonly #flush: (batch: TickBatch) => Promise<void>;
  readonly #debounceMs: number;
  readonly #maxWaitMs: number;

  constructor(options: TickBatcherOptions) {
    this.#queue = options.queue;
    this.#flush = options.flush;
    this.#debounceMs = options.debounceMs ?? debounceFromEnv();
    this.#maxWaitMs = options.maxWaitMs ?? TICK_MAX_WAIT_MS;
  }

  /**
   * Adds ticks to their document's waiting batch. Resolves once the batch holding them was
   * written (rejects when the write failed): the job that brought the ticks is kept until then.
   */
  add(batch: TickBatch): Promise<void> {
    const { owner, repo } = batch.scope.repo;
    const id = JSON.stringify([owner.toLowerCase(), repo.toLowerCase(), batch.path]);
    const now = Date.now();
    const pending = this.#pending.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      pending.batch = { ...batch, toggles: merge(pending.batch.toggles, batch.toggles) };
      pending.timer = this.#arm(id, Math.min(this.#debounceMs, pending.first + this.#maxWaitMs - now));
      return pending.written;
    }
    let settle!: (error?: unknown) => void;
    const written = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
    // Callers that do not wait for the write (it is logged on the queue) must not see an unhandled rejection.
    written.catch(() => {});
    this.#pending.set(id, { batch: { ...batch, toggles: merge([], batch.toggles) }, first: now, timer: this.#arm(id, this.#debounceMs), written, settle });
    return written;
  }

  /**
   * The config a waiting batch of the repository was read with, if one waits: further ticks in
   * the same burst go by it (the batch is written with it anyway) instead of reading it again.
   */
  waitingConfig(owner: string, repo: string): Config | undefined {
    const prefix = JSON.stringify([owner.toLowerCase(), repo.toLowerCase()]).slice(0, -1);
    for (const [id, pending] of this.#pending) if (id.startsWith(`${prefix},`)) return pending.batch.config;
    return undefined;
  }

  /** Resolves when no batch is waiting and the queue has written every one (tests, shutdown). */
  async onIdle(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.allSettled([...this.#pending.values()].map((pending) => pending.written));
    }
    await this.#queue.onIdle();
  }

  /** Batches waiting out their debounce. */
  get waiting(): number {
    return this.#pending.size;
  }

  /** Writes every waiting batch now instead of after its debounce. */
  flushNow(): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#fire(id);
    }
  }

  #arm(id: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.#fire(id), Math.max(0, delayMs));
    // A waiting batch must not keep a process alive that is otherwise done (tests, the CLI).
    timer.unref();
    return timer;
  }

  #fire(id: string): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    const { batch } = pending;
    const repository = `${batch.scope.repo.owner}/${batch.scope.repo.repo}`;
    this.#queue.enqueue(
      repository,
      () =>
        this.#flush(batch).then(
          () => pending.settle(),
          (error: unknown) => {
            pending.settle(error ?? new Error("tick write failed"));
            throw error;
          },
        ),
      batch.scope.log,
    );
  }
}

function merge(earlier: readonly FileToggle[], later: readonly FileToggle[]): FileToggle[] {
  const boxes = new Map<string, FileToggle>();
  for (const toggle of [...earlier, ...later]) {
    const id = JSON.stringify([toggle.taskKey, toggle.itemKey]);
    boxes.delete(id);
    boxes.set(id, toggle);
  }
  return [...boxes.values()];
}

function debounceFromEnv(): number {
  const raw = process.env.TASKMIRROR_TICK_DEBOUNCE_MS;
  const value = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(value) && value >= 0 ? value : DEFAULT_TICK_DEBOUNCE_MS;
}

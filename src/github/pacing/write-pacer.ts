import { randomUUID } from "node:crypto";
import type { WriteLimits } from "../../core/pace/write-wait.js";
import { systemClock, type Clock } from "./clock.js";
import { memoryWriteBudgetStore } from "./memory-write-budget-store.js";
import { WriteBudgetSpent } from "./write-budget-spent.js";
import type { WriteBudgetStore } from "./write-budget-store.js";
import type { OperationScope, WriteSlice } from "./write-slice.js";

export interface WritePacerOptions {
  store?: WriteBudgetStore;
  clock?: Clock;
  /** null: no pacing at all. */
  limits?: WriteLimits | null;
}

/** Called once the write was answered (or failed): it holds its place in the windows until then. */
export type ReleaseWrite = () => Promise<void>;

/**
 * Paces content-creating writes within the installation's budgets BEFORE they are sent, so
 * GitHub's secondary limit is never met (Octokit's throttling only reacts after a refusal, and
 * a refusal may block the installation for longer). One write per key is in flight at a time
 * from this instance — GitHub asks for writes "serially instead of concurrently" ("Best
 * practices for using the REST API") — and its place in the window is moved to when it was
 * answered, so the window here never holds fewer writes than GitHub's.
 */
export class WritePacer {
  #store: WriteBudgetStore;
  #clock: Clock;
  #limits: WriteLimits | null;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(options: WritePacerOptions = {}) {
    this.#store = options.store ?? memoryWriteBudgetStore();
    this.#clock = options.clock ?? systemClock;
    this.#limits = options.limits === undefined ? null : options.limits;
  }

  configure(options: WritePacerOptions): void {
    if (options.store) this.#store = options.store;
    if (options.clock) this.#clock = options.clock;
    if (options.limits !== undefined) this.#limits = options.limits;
  }

  get clock(): Clock {
    return this.#clock;
  }

  get limits(): WriteLimits | null {
    return this.#limits;
  }

  /**
   * Waits until one more write for `key` fits, and takes its place. In a budgeted slice a wait
   * longer than the slice allows is not waited: the slice is told when the budget comes back
   * and `WriteBudgetSpent` is thrown (nothing is sent).
   */
  async acquire(key: string, budgeted?: WriteSlice, operation?: OperationScope): Promise<ReleaseWrite> {
    const limits = this.#limits;
    if (limits === null) return async () => {};
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let unlock!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (unlock = resolve)));
    this.#tails.set(key, tail);
    await previous;
    const done = () => {
      unlock();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
    try {
      // The rest of an operation that has begun is made at any wait (still within the budget).
      const slice = operation?.started ? undefined : budgeted;
      const id = randomUUID();
      const windows = { perMinute: limits.perMinute, perHour: Math.max(1, limits.perHour - (slice?.reserve ?? 0)) };
      for (;;) {
        const now = this.#clock.now();
        const wait = await this.#store.take(key, id, now, windows);
        if (wait <= 0) break;
        if (slice && (wait > slice.maxWaitMs || now + wait > slice.deadline)) {
          slice.spentUntil = now + wait;
          throw new WriteBudgetSpent(now + wait);
        }
        if (slice) {
          slice.waits += 1;
          slice.waitedMs += wait;
        }
        if (operation?.started && budgeted) {
          budgeted.waits += 1;
          budgeted.waitedMs += wait;
        }
        await this.#clock.sleep(wait, budgeted?.signal);
      }
      if (operation) operation.started = true;
      return async () => {
        try {
          await this.#store.settle(key, id, this.#clock.now());
        } finally {
          done();
        }
      };
    } catch (error) {
      done();
      throw error;
    }
  }
}

import { WriteBudgetSpent } from "./pacing/write-budget-spent.js";
import { statusOf } from "./request-errors.js";
import type { Log } from "./types.js";

/** Attempts in all of a write whose answer keeps being lost (5xx, timeout, reset). */
export const WRITE_ATTEMPTS = 3;

export interface OnceWrite<T> {
  /** Names the write in the log (`{ key }`, `{ issue }`…). */
  what: Record<string, unknown>;
  /**
   * The write, made with `request: { retries: 0 }`: Octokit's retry plugin would send it again
   * after a lost answer, and a second POST is a second issue, run or comment.
   */
  write: () => Promise<T>;
  /** What the write made, read back from GitHub; undefined when it made nothing. */
  find: () => Promise<T | undefined>;
}

/**
 * Makes a write that is not idempotent at most once. A 5xx or a dropped connection does not
 * say whether GitHub did the work (it answers 502/504 for writes it went on to finish), so the
 * write is never blindly repeated: what it would have made is looked for first, and only when
 * it is not there is the write tried again. A 4xx is an answer and is thrown at once.
 */
export async function writeOnce<T>(log: Log, { what, write, find }: OnceWrite<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      const status = statusOf(error);
      // Unsent for the budget: nothing to look for, and the continuation makes it.
      if ((status !== undefined && status < 500) || error instanceof WriteBudgetSpent) throw error;
      log.warn({ ...what, status, attempt }, "a write failed without a clear answer; looking for what it made before trying again");
      const found = await find();
      if (found !== undefined) return found;
      if (attempt >= WRITE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
}

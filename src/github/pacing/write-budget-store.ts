import type { WriteLimits } from "../../core/pace/write-wait.js";

/**
 * Where the writes of each budget key (an installation) are recorded: in memory for one
 * instance, in Redis for all instances at once. Each call is atomic, so two instances never
 * both take the last place in a window.
 */
export interface WriteBudgetStore {
  /**
   * Records write `id` at `now` when it fits both windows (returns 0); otherwise records
   * nothing and returns the milliseconds until it would fit.
   */
  take(key: string, id: string, now: number, limits: WriteLimits): Promise<number>;
  /**
   * Moves write `id` to `at` (when its answer came): GitHub counts a write when it arrives,
   * which the sender can only bound from above — so the window holds it until then.
   */
  settle(key: string, id: string, at: number): Promise<void>;
}

import { HOUR_MS, writeWait, type WriteLimits } from "../../core/pace/write-wait.js";
import type { WriteBudgetStore } from "./write-budget-store.js";

/** The budgets of one instance (no REDIS_URL): the writes of the last hour, per key. */
export function memoryWriteBudgetStore(): WriteBudgetStore {
  const writes = new Map<string, Map<string, number>>();
  return {
    take: async (key, id, now, limits: WriteLimits) => {
      const mine = writes.get(key) ?? new Map<string, number>();
      writes.set(key, mine);
      for (const [other, at] of mine) if (now - at >= HOUR_MS) mine.delete(other);
      const wait = writeWait([...mine.values()], now, limits);
      if (wait === 0) mine.set(id, now);
      return wait;
    },
    settle: async (key, id, at) => {
      const mine = writes.get(key);
      if (mine?.has(id)) mine.set(id, Math.max(mine.get(id) ?? at, at));
    },
  };
}

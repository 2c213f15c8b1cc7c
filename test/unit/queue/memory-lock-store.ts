import type { LockStore } from "../../../src/queue/repo-lock.js";

/** Redis's semantics for the lock (SET NX PX, compare-and-extend, compare-and-delete) in memory. */
export function memoryLockStore(): LockStore {
  const held = new Map<string, { token: string; until: number }>();
  const holder = (key: string) => {
    const entry = held.get(key);
    if (entry && entry.until <= Date.now()) held.delete(key);
    return held.get(key);
  };
  return {
    acquire: async (key, token, ttlMs) => {
      if (holder(key)) return false;
      held.set(key, { token, until: Date.now() + ttlMs });
      return true;
    },
    extend: async (key, token, ttlMs) => {
      const entry = holder(key);
      if (entry?.token !== token) return false;
      entry.until = Date.now() + ttlMs;
      return true;
    },
    release: async (key, token) => {
      if (holder(key)?.token === token) held.delete(key);
    },
  };
}

import type { Redis } from "ioredis";
import type { LockStore } from "./repo-lock.js";

// Compare-and-act in one step on the server: between a GET and a DEL the lock could expire and
// be taken by another instance, whose lock a plain DEL would then remove.
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** The lock's store in Redis: `SET NX PX` to take it, compare-and-act scripts to extend and release. */
export function redisLockStore(redis: Redis): LockStore {
  return {
    acquire: async (key, token, ttlMs) => (await redis.set(key, token, "PX", ttlMs, "NX")) === "OK",
    extend: async (key, token, ttlMs) => Number(await redis.eval(EXTEND, 1, key, token, String(ttlMs))) === 1,
    release: async (key, token) => {
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}

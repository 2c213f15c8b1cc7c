import type { Redis } from "ioredis";
import type { WriteBudgetStore } from "../github/pacing/write-budget-store.js";

/**
 * The sliding windows in one sorted set per key (score: when the write was made), checked and
 * taken in one script so that instances sharing the budget never overfill it. The times are
 * the caller's clock (not Redis TIME), so a test's scaled clock works the same here.
 * KEYS[1] the set; ARGV now, perMinute, perHour, id. Returns 0 (taken) or the ms to wait.
 */
const TAKE = `
local now = tonumber(ARGV[1])
local perMinute = tonumber(ARGV[2])
local perHour = tonumber(ARGV[3])
redis.call("zremrangebyscore", KEYS[1], "-inf", now - 3600000)
local wait = 0
local m = redis.call("zrange", KEYS[1], -perMinute, -perMinute, "WITHSCORES")
if m[2] and tonumber(m[2]) > now - 60000 then wait = tonumber(m[2]) + 60000 - now end
local h = redis.call("zrange", KEYS[1], -perHour, -perHour, "WITHSCORES")
if h[2] and tonumber(h[2]) > now - 3600000 then wait = math.max(wait, tonumber(h[2]) + 3600000 - now) end
if wait > 0 then return wait end
redis.call("zadd", KEYS[1], now, ARGV[4])
redis.call("pexpire", KEYS[1], 3660000)
return 0`;

// XX: only a write still in the set moves; GT: never earlier than it was.
const SETTLE = `redis.call("zadd", KEYS[1], "XX", "GT", ARGV[1], ARGV[2]) return 0`;

export function redisWriteBudgetStore(redis: Redis, prefix = "taskmirror:writes:"): WriteBudgetStore {
  return {
    take: async (key, id, now, limits) =>
      Number(await redis.eval(TAKE, 1, prefix + key, String(Math.floor(now)), bound(limits.perMinute), bound(limits.perHour), id)),
    settle: async (key, id, at) => {
      await redis.eval(SETTLE, 1, prefix + key, String(Math.floor(at)), id);
    },
  };
}

/** A window's size as the script reads it: an unlimited window becomes one nobody fills. */
function bound(limit: number): string {
  return String(Math.max(1, Math.min(limit, 1_000_000_000)));
}

import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryTagStore } from "../../../src/github/memory-tag-store.js";
import type { RepositoryTagStore } from "../../../src/github/repository-tag-store.js";
import { redisTagStore } from "../../../src/queue/redis-tag-store.js";
import { startRedisServer, type RedisServer } from "../../support/redis-server.js";

// The reconcile's tags in memory, and in a real Redis (redis-server is installed: .ci/run).
let redisServer: RedisServer | undefined;
let redis: Redis | undefined;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { retryStrategy: () => 50 });
  redis.on("error", () => undefined);
  await redis.ping();
});

afterAll(async () => {
  await redis?.quit();
  await redisServer?.stop();
});

const backends: Array<[string, () => RepositoryTagStore]> = [
  ["memory", () => new MemoryTagStore()],
  ["redis-server", () => redisTagStore(redis!, `test:${process.pid}:${Date.now()}:`)],
];

describe.each(backends)("the reconcile's tag store (%s)", (_name, make) => {
  it("keeps, replaces and forgets a repository's tags, whatever the case of its name", async () => {
    const store = make();
    expect(await store.get("acme/widgets")).toBeUndefined();
    await store.set("Acme/Widgets", { branch: "main", head: 'W/"a"', issues: 'W/"b"' });
    expect(await store.get("acme/widgets")).toEqual({ branch: "main", head: 'W/"a"', issues: 'W/"b"' });
    await store.set("acme/widgets", { branch: "trunk", head: 'W/"c"', issues: 'W/"d"' });
    expect(await store.get("ACME/WIDGETS")).toEqual({ branch: "trunk", head: 'W/"c"', issues: 'W/"d"' });
    await store.delete("acme/widgets");
    expect(await store.get("acme/widgets")).toBeUndefined();
  });

  it("keeps the configured project's stamp with the tags", async () => {
    const store = make();
    const tags = { branch: "main", head: 'W/"a"', issues: 'W/"b"', project: { ownerType: "User" as const, login: "jo", number: 1, updatedAt: "2026-12-01T10:00:00Z" } };
    await store.set("jo/widgets", tags);
    expect(await store.get("jo/widgets")).toEqual(tags);
  });
});

describe("redisTagStore", () => {
  it("reads a damaged entry as no tags (a full sync), and lets entries expire", async () => {
    const store = redisTagStore(redis!, "damaged:");
    await redis!.set("damaged:acme/widgets", "{not json");
    expect(await store.get("acme/widgets")).toBeUndefined();
    await store.set("acme/widgets", { branch: "main", head: "h", issues: "i" });
    expect(await redis!.ttl("damaged:acme/widgets")).toBeGreaterThan(6 * 24 * 3600);
  });
});

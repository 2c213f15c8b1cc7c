import { Redis } from "ioredis";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFence } from "../../src/github/write-fence.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import { LostLease } from "../../src/queue/job-queue.js";
import { RedisLease } from "../../src/queue/redis-lease.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { startTcpProxy } from "../support/tcp-proxy.js";

const silent = { warn: () => undefined };
const OWNER = "acme";

let server: RedisServer;
let redis: Redis;
let fake: FakeGitHub;
let repoCount = 0;

beforeAll(async () => {
  [server, fake] = await Promise.all([startRedisServer(), startFakeGitHub()]);
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
  await fake?.close();
});

async function freshRepo() {
  const repo = `widgets-${repoCount++}`;
  await fake.createRepo({ owner: OWNER, name: repo, files: { "docs/tasks.md": "- [ ] TASK-1 First\n" } });
  const octokit = new TaskmirrorOctokit({ auth: { token: fake.issueWorkflowToken({ owner: OWNER, repo }) }, baseUrl: fake.apiUrl, log: pino({ level: "silent" }) });
  const createIssue = (title: string) => octokit.request("POST /repos/{owner}/{repo}/issues", { owner: OWNER, repo, title });
  const listIssues = async () => (await octokit.request("GET /repos/{owner}/{repo}/issues", { owner: OWNER, repo, state: "all" })).data.map((issue) => issue.title);
  const issues = () => fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${repo}`)!.issues.map((issue) => issue.title);
  return { repo, name: `${OWNER}/${repo}`, createIssue, listIssues, issues };
}

const until = async (condition: () => Promise<boolean> | boolean) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("fenced writes", () => {
  it("refuses the old holder's write once its hold expired and another instance took the repository", async () => {
    const r = await freshRepo();
    const options = { ttlMs: 60_000, prefix: "fence1:" };
    const old = (await RedisLease.acquire(redis, r.name, options, silent))!;
    expect(await RedisLease.acquire(redis, r.name, options, silent)).toBeNull();
    // The hold ends in Redis (its TTL ran out while this instance was paused) and another takes it.
    await redis.pexpire(`fence1:lock:${r.name}`, 1);
    let next: RedisLease | null = null;
    await until(async () => (next = await RedisLease.acquire(redis, r.name, options, silent)) !== null);
    expect(next!.fence).toBeGreaterThan(old.fence);

    const from = fake.requests().length;
    await expect(writeFence.run(old, () => r.createIssue("from the old holder"))).rejects.toBeInstanceOf(LostLease);
    expect(old.signal.aborted).toBe(true);
    // Reads still pass (they change nothing); the new holder's write goes through.
    expect(await writeFence.run(old, () => r.listIssues())).toEqual([]);
    await writeFence.run(next!, () => r.createIssue("from the new holder"));
    expect(r.issues()).toEqual(["from the new holder"]);
    expect(fake.requests().slice(from).filter((request) => request.method === "POST").length).toBe(1);
    await Promise.all([old.release(), next!.release()]);
  });

  it("refuses a write once the hold's own deadline passed, while Redis cannot be reached to say", async () => {
    const r = await freshRepo();
    const proxy = await startTcpProxy(server.port);
    const cutOff = new Redis({ port: proxy.port, host: "127.0.0.1", retryStrategy: () => 50 });
    cutOff.on("error", () => undefined);
    try {
      const lease = (await RedisLease.acquire(cutOff, r.name, { ttlMs: 600, prefix: "fence2:" }, silent))!;
      proxy.cut();
      await new Promise((resolve) => lease.signal.addEventListener("abort", resolve, { once: true }));
      const from = fake.requests().length;
      await expect(writeFence.run(lease, () => r.createIssue("after the deadline"))).rejects.toBeInstanceOf(LostLease);
      expect(fake.requests().slice(from)).toEqual([]);
      expect(r.issues()).toEqual([]);
    } finally {
      proxy.heal();
      cutOff.disconnect();
      await proxy.close();
    }
  });

  it("lets a hold that is still the repository's write, and extends it with each check", async () => {
    const r = await freshRepo();
    const lease = (await RedisLease.acquire(redis, r.name, { ttlMs: 60_000, prefix: "fence3:" }, silent))!;
    await redis.pexpire(`fence3:lock:${r.name}`, 5_000);
    await writeFence.run(lease, () => r.createIssue("held"));
    expect(r.issues()).toEqual(["held"]);
    expect(await redis.pttl(`fence3:lock:${r.name}`)).toBeGreaterThan(5_000);
    // Outside any fenced work, writes are not checked (the embedded queue, the CLI).
    await r.createIssue("unfenced");
    expect(r.issues()).toEqual(["held", "unfenced"]);
    await lease.release();
    expect(await redis.exists(`fence3:lock:${r.name}`)).toBe(0);
  });
});

import { createAppAuth } from "@octokit/auth-app";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { WriteRateLimiter } from "../../support/fake-github/write-rate-limiter.js";
import { statusOf, useHarness } from "./fake-harness.js";

const h = useHarness({ expectNone: ["violations"] });

const repo = { owner: "acme", repo: "widgets" };

describe("failNext", () => {
  it("injects a secondary rate limit with retry-after, once, then answers normally", async () => {
    h.fake.failNext({ method: "POST", path: "/repos/acme/widgets/issues", status: 403, headers: { "retry-after": "1" } });
    const limited = await statusOf(h.octokit.issues.create({ ...repo, title: "x" }));
    expect(limited.status).toBe(403);
    expect(limited.message).toMatch(/secondary rate limit/);
    const next = await h.octokit.issues.create({ ...repo, title: "x" });
    expect(next.status).toBe(201);
    const posts = h.fake.requests().filter((request) => request.method === "POST" && request.path === "/repos/acme/widgets/issues");
    expect(posts.map((request) => [request.status, request.injected])).toEqual([
      [403, true],
      [201, false],
    ]);
  });

  it("is honoured by Octokit's throttling plugin, which waits retry-after seconds and retries", async () => {
    const Throttled = Octokit.plugin(throttling);
    const retried: number[] = [];
    const octokit = new Throttled({
      baseUrl: h.fake.apiUrl,
      authStrategy: createAppAuth,
      auth: { appId: h.fake.app.id, privateKey: h.fake.app.privateKey, installationId: h.installationId },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          retried.push(retryAfter);
          return true;
        },
      },
    });
    h.fake.failNext({ method: "PATCH", path: /\/issues\/\d+$/, status: 429, headers: { "retry-after": "1" } });
    const { data } = await octokit.issues.create({ ...repo, title: "x" });
    const started = Date.now();
    const updated = await octokit.issues.update({ ...repo, issue_number: data.number, state: "closed" });
    expect(updated.data.state).toBe("closed");
    expect(retried).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("injects a 409 on a contents write and a 500 twice", async () => {
    h.fake.failNext({ method: "PUT", path: "/repos/acme/widgets/contents/docs/tasks.md", status: 409 });
    const conflict = await statusOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/tasks.md", message: "x", content: "eA==", sha: "abc" }));
    expect(conflict.status).toBe(409);
    h.fake.failNext({ method: "GET", path: "/repos/acme/widgets", status: 500, times: 2 });
    expect((await statusOf(h.octokit.repos.get(repo))).status).toBe(500);
    expect((await statusOf(h.octokit.repos.get(repo))).status).toBe(500);
    expect((await h.octokit.repos.get(repo)).status).toBe(200);
  });

  it("adds latency to every API answer", async () => {
    h.fake.setLatency(150);
    const started = Date.now();
    await h.octokit.repos.get(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    h.fake.setLatency(0);
  });

  it("waitForQuiet resolves only after the requests and deliveries stop", async () => {
    h.fake.setLatency(200);
    const pending = h.octokit.issues.create({ ...repo, title: "slow" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await h.fake.waitForQuiet({ quietMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await pending).status).toBe(201);
    await expect(h.fake.waitForQuiet({ quietMs: 5_000, timeoutMs: 200 })).rejects.toThrow("fake GitHub: not quiet after 200 ms");
  });
});

describe("secondary rate limit", () => {
  it("refuses writes over the per-minute limit with 403 and retry-after, and lets reads through", async () => {
    await h.restart({ secondaryRateLimit: { perMinute: 3 } });
    for (let n = 1; n <= 3; n += 1) await h.octokit.issues.create({ ...repo, title: `TASK-${n}` });
    const limited = await statusOf(h.octokit.issues.create({ ...repo, title: "TASK-4" }));
    expect(limited.status).toBe(403);
    expect(limited.message).toMatch(/^You have exceeded a secondary rate limit/);
    const last = h.fake.requests().at(-1);
    expect([last?.method, last?.status]).toEqual(["POST", 403]);
    expect((await h.octokit.issues.listForRepo(repo)).data).toHaveLength(3);
  });

  it("counts writes in a rolling minute and an hour", () => {
    const limiter = new WriteRateLimiter({ perMinute: 2, perHour: 3 });
    expect([limiter.admit("i", 0), limiter.admit("i", 1_000), limiter.admit("i", 2_000)]).toEqual([null, null, 58]);
    expect(limiter.admit("other", 2_000)).toBe(null);
    expect(limiter.admit("i", 61_000)).toBe(null);
    expect(limiter.admit("i", 130_000)).toBe(3_470);
  });
});

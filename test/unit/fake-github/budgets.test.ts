import { createAppAuth } from "@octokit/auth-app";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { describe, expect, it } from "vitest";
import { GITHUB_LIMITS, isContentCreating } from "../../support/fake-github/index.js";
import { FakeClock } from "../../support/fake-github/fake-clock.js";
import { outcomeOf as answer, statusOf, useHarness } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("GitHub's budgets", () => {
  it("sends the primary rate limit headers on every answer, counting from the first request of the window", async () => {
    await h.restart({ limits: true });
    const before = Date.now() / 1000;
    const first = await h.octokit.repos.get(repo);
    const after = Date.now() / 1000;
    const second = await h.octokit.issues.listForRepo(repo);
    const missing = await answer(h.octokit.repos.getContent({ ...repo, path: "nope.md" }));
    expect(missing.status).toBe(404);
    const rows = [first.headers, second.headers, missing.headers].map((headers) => [
      headers["x-ratelimit-limit"],
      headers["x-ratelimit-used"],
      headers["x-ratelimit-remaining"],
      headers["x-ratelimit-resource"],
    ]);
    expect(rows).toEqual([
      ["5000", "1", "4999", "core"],
      ["5000", "2", "4998", "core"],
      ["5000", "3", "4997", "core"],
    ]);
    const reset = Number(first.headers["x-ratelimit-reset"]);
    // An hour after the first request (which came between `before` and `after`).
    expect(reset).toBeGreaterThanOrEqual(Math.floor(before) + 3600);
    expect(reset).toBeLessThanOrEqual(Math.ceil(after) + 3600);
    expect(second.headers["x-ratelimit-reset"]).toBe(first.headers["x-ratelimit-reset"]);
    expect(h.fake.rateLimit(h.installationId)).toMatchObject({ limit: 5000, used: 3, remaining: 4997, reset });
    // The token request was made with the app's JWT, which has its own budget.
    expect(h.fake.rateLimit().used).toBe(1);
    expect(h.fake.limitHits()).toEqual([]);
  });

  it("reports the budget at GET /rate_limit without counting it, and answers it when the budget is spent", async () => {
    await h.restart({ limits: { primaryPerHour: 3 } });
    await h.octokit.repos.get(repo);
    const status = await h.octokit.request("GET /rate_limit");
    expect([status.data.resources.core.limit, status.data.resources.core.used, status.data.resources.core.remaining, status.data.rate.remaining]).toEqual([3, 1, 2, 2]);
    expect(status.headers["x-ratelimit-used"]).toBe("1");
    await h.octokit.repos.get(repo);
    await h.octokit.repos.get(repo);
    expect((await answer(h.octokit.repos.get(repo))).status).toBe(403);
    const spent = await h.octokit.request("GET /rate_limit");
    expect([spent.status, spent.data.resources.core.remaining]).toEqual([200, 0]);
    expect(h.fake.rateLimit(h.installationId).used).toBe(3);
  });

  it("refuses an exhausted primary limit with remaining 0 until x-ratelimit-reset, on a scaled clock", async () => {
    // 3,600 times faster: the hour's window resets within a real second.
    await h.restart({ limits: { primaryPerHour: 3 }, clock: { scale: 3600 } });
    for (let n = 0; n < 3; n += 1) expect((await answer(h.octokit.repos.get(repo))).status).toBe(200);
    const refused = await answer(h.octokit.repos.get(repo));
    expect([refused.status, refused.message, refused.headers["x-ratelimit-remaining"], refused.headers["x-ratelimit-used"]]).toEqual([
      403,
      `API rate limit exceeded for installation ID ${h.installationId}.`,
      "0",
      "3",
    ]);
    const reset = Number(refused.headers["x-ratelimit-reset"]);
    expect(reset * 1000 - Date.now()).toBeLessThan(2000);
    await sleep(Math.max(0, reset * 1000 - Date.now()) + 50);
    const after = await answer(h.octokit.repos.get(repo));
    expect([after.status, after.headers["x-ratelimit-used"]]).toEqual([200, "1"]);
    expect(h.fake.limitHits().map((hit) => [hit.kind, hit.key, hit.status, hit.retryAfter])).toEqual([["primary", `installation:${h.installationId}`, 403, null]]);
  });

  it("refuses content creation over 80 a minute (here 3) with GitHub's message and a retry-after in real seconds", async () => {
    // 60 times faster: the minute's window passes in a real second.
    await h.restart({ limits: { contentPerMinute: 3 }, clock: { scale: 60 } });
    for (let n = 1; n <= 3; n += 1) expect((await answer(h.octokit.issues.create({ ...repo, title: `TASK-${n}` }))).status).toBe(201);
    const refused = await answer(h.octokit.issues.create({ ...repo, title: "TASK-4" }));
    expect([refused.status, refused.headers["retry-after"]]).toEqual([403, "1"]);
    expect(refused.message).toBe(
      `You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID ${String(refused.headers["x-github-request-id"])}.`,
    );
    // Reads are not content creation.
    expect((await h.octokit.issues.listForRepo(repo)).data).toHaveLength(3);
    await sleep(1050);
    expect((await answer(h.octokit.issues.create({ ...repo, title: "TASK-4" }))).status).toBe(201);
    expect(h.fake.limitHits().map((hit) => [hit.kind, hit.method, hit.route, hit.retryAfter])).toEqual([["content-minute", "POST", "/repos/{owner}/{repo}/issues", 1]]);
    expect(h.fake.requests().filter((request) => request.limit !== null).map((request) => request.limit)).toEqual(["content-minute"]);
  });

  it("refuses content creation over 500 an hour (here 2), and answers 429 when asked to", async () => {
    await h.restart({ limits: { contentPerMinute: false, contentPerHour: 2, secondaryStatus: 429 }, clock: { scale: 3600 } });
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1" });
    await h.octokit.issues.update({ ...repo, issue_number: issue.number, body: "edited" });
    const refused = await answer(h.octokit.issues.createComment({ ...repo, issue_number: issue.number, body: "third write" }));
    expect([refused.status, refused.headers["retry-after"]]).toEqual([429, "1"]);
    expect(h.fake.limitHits().map((hit) => hit.kind)).toEqual(["content-hour"]);
  });

  it("is waited out by Octokit's throttling plugin, and the hits are counted", async () => {
    // 20 times faster: the minute passes in 3 real seconds, ample for three quick writes to meet it.
    await h.restart({ limits: { contentPerMinute: 2 }, clock: { scale: 20 } });
    const retries: number[] = [];
    const octokit = new (Octokit.plugin(throttling))({
      baseUrl: h.fake.apiUrl,
      authStrategy: createAppAuth,
      auth: { appId: h.fake.app.id, privateKey: h.fake.app.privateKey, installationId: h.installationId },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      throttle: {
        // The plugin's own pacing (a second between writes, three between notifying ones) off,
        // so that the fake's limit is what makes it wait.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          retries.push(retryAfter);
          return true;
        },
      },
    });
    for (let n = 1; n <= 3; n += 1) await octokit.issues.create({ ...repo, title: `TASK-${n}` });
    expect((await octokit.issues.listForRepo(repo)).data).toHaveLength(3);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toBeGreaterThanOrEqual(1);
    expect(retries[0]).toBeLessThanOrEqual(3);
    expect(h.fake.limitHits().map((hit) => [hit.kind, hit.retryAfter])).toEqual([["content-minute", retries[0]]]);
  });

  it("refuses more than 900 points a minute (here 12): a read is 1 point, a write 5", async () => {
    await h.restart({ limits: { pointsPerMinute: 12, contentPerMinute: false, contentPerHour: false } });
    await h.octokit.issues.create({ ...repo, title: "a" });
    await h.octokit.issues.create({ ...repo, title: "b" });
    await h.octokit.repos.get(repo);
    await h.octokit.repos.get(repo);
    const refused = await answer(h.octokit.repos.get(repo));
    expect([refused.status, Number(refused.headers["retry-after"]) > 0]).toEqual([403, true]);
    expect(refused.message).toMatch(/^You have exceeded a secondary rate limit\. Please wait a few minutes/);
    expect(h.fake.limitHits().map((hit) => hit.kind)).toEqual(["points"]);
  });

  it("refuses more than 100 concurrent requests (here 2)", async () => {
    await h.restart({ limits: { concurrent: 2 } });
    await h.octokit.repos.get(repo); // the token, fetched once
    h.fake.setLatency(1000);
    const answers = await Promise.all([1, 2, 3, 4].map(() => answer(h.octokit.repos.get(repo))));
    h.fake.setLatency(0);
    expect(answers.map((one) => one.status).sort()).toEqual([200, 200, 403, 403]);
    expect(h.fake.limitHits().map((hit) => hit.kind)).toEqual(["concurrency", "concurrency"]);
    expect((await answer(h.octokit.repos.get(repo))).status).toBe(200);
  });

  it("can be switched on and off at run time, keeping the counts", async () => {
    for (let n = 0; n < 3; n += 1) await h.octokit.repos.get(repo);
    h.fake.setLimits({ primaryPerHour: 3 });
    expect((await statusOf(h.octokit.repos.get(repo))).status).toBe(403);
    h.fake.setLimits(false);
    expect((await h.octokit.repos.get(repo)).status).toBe(200);
  });

  it("counts every write made with an installation token as content creation, and no read or JWT request", () => {
    const routes = h.fake.router.routes().map((route) => ({ ...route, auth: h.fake.router.find(route.method, route.template)?.auth ?? "installation" }));
    const counted = routes.filter((route) => isContentCreating(route.method, route.auth)).map((route) => `${route.method} ${route.template}`);
    expect(counted.sort()).toEqual(
      [
        "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
        "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}",
        "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
        "DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
        "DELETE /repos/{owner}/{repo}/labels/{name}",
        "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
        "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
        "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
        "PATCH /repos/{owner}/{repo}/labels/{name}",
        "PATCH /repos/{owner}/{repo}/milestones/{milestone_number}",
        "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
        "POST /repos/{owner}/{repo}/check-runs",
        "POST /repos/{owner}/{repo}/git/blobs",
        "POST /repos/{owner}/{repo}/git/commits",
        "POST /repos/{owner}/{repo}/git/refs",
        "POST /repos/{owner}/{repo}/git/trees",
        "POST /repos/{owner}/{repo}/issues",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
        "POST /repos/{owner}/{repo}/labels",
        "POST /repos/{owner}/{repo}/milestones",
        "POST /repos/{owner}/{repo}/pulls",
        "PUT /repos/{owner}/{repo}/contents/{path}",
        "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels",
      ].sort(),
    );
    expect(isContentCreating("POST", "jwt")).toBe(false);
    expect(GITHUB_LIMITS).toEqual({ primaryPerHour: 5000, contentPerMinute: 80, contentPerHour: 500, pointsPerMinute: 900, concurrent: 100 });
  });

  it("runs the budget clock scaled and states waits in real seconds", () => {
    let real = 1_000_000;
    const clock = new FakeClock({ scale: 60 }, () => real);
    real += 1_000;
    expect(clock.now()).toBe(1_000_000 + 60_000);
    expect(clock.retryAfterSeconds(60_000)).toBe(1);
    expect(clock.retryAfterSeconds(3_600_000)).toBe(60);
    expect(clock.realEpochSeconds(clock.now() + 3_600_000)).toBe(Math.ceil((real + 60_000) / 1000));
    expect(() => new FakeClock({ scale: 0 })).toThrow("clock scale must be a positive number");
  });
});

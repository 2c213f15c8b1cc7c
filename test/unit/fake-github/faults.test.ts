import { afterEach, describe, expect, it } from "vitest";
import { FakeGitHubClient, type FaultOptions } from "../../support/fake-github/index.js";
import { FaultInjector } from "../../support/fake-github/fault-injector.js";
import { outcomeOf as outcome, startHarness, useHarness, type Harness, type Outcome } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

/** One fixed request sequence: reads of the repository and the issues list, and issue creations. */
async function playSequence(harness: Harness): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let n = 0; n < 30; n += 1) {
    outcomes.push(await outcome(harness.octokit.repos.get(repo)));
    if (n % 3 === 0) outcomes.push(await outcome(harness.octokit.issues.create({ ...repo, title: `TASK-${n}` })));
    if (n % 5 === 0) outcomes.push(await outcome(harness.octokit.issues.listForRepo({ ...repo, state: "all" })));
  }
  return outcomes;
}

const MIXED: FaultOptions = { seed: 42, rate: 0.3, kinds: ["server-error", "secondary-rate-limit", "reset", "lost-response"], spareTokens: true };

describe("fault mode", () => {
  const extra: Harness[] = [];
  afterEach(async () => {
    for (const harness of extra.splice(0)) await harness.close();
  });

  it("injects the same faults for the same seed and request sequence, and others for another seed", async () => {
    const runs = await Promise.all([MIXED, MIXED, { ...MIXED, seed: 43 }].map((faults) => startHarness(undefined, { faults })));
    extra.push(...runs);
    const played = [];
    for (const run of runs) played.push({ outcomes: (await playSequence(run)).map((o) => o.status), faults: run.fake.faults().map((f) => [f.kind, f.method, f.path, f.status]) });
    const [first, second, other] = played as [(typeof played)[0], (typeof played)[0], (typeof played)[0]];
    expect(first.faults.length).toBeGreaterThan(5);
    expect(new Set(first.faults.map(([kind]) => kind)).size).toBeGreaterThanOrEqual(3);
    expect(second).toEqual(first);
    expect(other.faults).not.toEqual(first.faults);
    // Every fault was counted, and every request that got one is marked in the request log.
    const marked = runs[0]?.fake.requests().filter((request) => request.fault !== null) ?? [];
    expect(marked.map((request) => request.fault)).toEqual(first.faults.map(([kind]) => kind));
  });

  it("decides per method and path, so interleaving requests for other paths does not change a path's faults", () => {
    const options: FaultOptions = { seed: "interleave", rate: 0.5, kinds: ["server-error", "reset"] };
    const a = new FaultInjector(options);
    const b = new FaultInjector(options);
    const route = "/repos/{owner}/{repo}";
    const first: unknown[] = [];
    const second: unknown[] = [];
    for (let n = 0; n < 20; n += 1) {
      first.push(["x", a.decide("GET", "/repos/acme/x", route)]);
      first.push(["y", a.decide("GET", "/repos/acme/y", route)]);
    }
    for (let n = 0; n < 20; n += 1) second.push(["y", b.decide("GET", "/repos/acme/y", route)]);
    for (let n = 0; n < 20; n += 1) second.push(["x", b.decide("GET", "/repos/acme/x", route)]);
    const byPath = (list: unknown[], path: string): unknown[] => list.filter((entry) => (entry as [string])[0] === path);
    expect(byPath(second, "x")).toEqual(byPath(first, "x"));
    expect(byPath(second, "y")).toEqual(byPath(first, "y"));
    expect(byPath(first, "x").filter((entry) => (entry as [string, unknown])[1] !== null).length).toBeGreaterThan(3);
    expect(() => new FaultInjector({ seed: 1, rate: 2 })).toThrow("fault rate must be between 0 and 1");
    expect(() => new FaultInjector({ seed: 1, rate: 0.1, kinds: ["meteor" as never] })).toThrow("unknown fault kind meteor");
  });

  it("answers 500, 502 or 503 for a server error", async () => {
    await h.restart({ faults: { seed: 1, rate: 1, kinds: ["server-error"], spareTokens: true } });
    const statuses = new Set<number>();
    for (let n = 0; n < 12; n += 1) statuses.add((await outcome(h.octokit.repos.get(repo))).status);
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(h.fake.faults().every((fault) => fault.kind === "server-error" && fault.applied === false)).toBe(true);
    expect(h.fake.faults()).toHaveLength(12);
  });

  it("answers a secondary rate limit with 403 or 429, retry-after and GitHub's message naming the request id", async () => {
    await h.restart({ faults: { seed: 2, rate: 1, kinds: ["secondary-rate-limit"], spareTokens: true, retryAfterSeconds: 7 } });
    const seen = new Set<number>();
    for (let n = 0; n < 8; n += 1) {
      const limited = await outcome(h.octokit.issues.create({ ...repo, title: "x" }));
      seen.add(limited.status);
      expect(limited.headers["retry-after"]).toBe("7");
      expect(limited.message).toBe(
        `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${String(limited.headers["x-github-request-id"])}.`,
      );
      expect(Number(limited.headers["x-ratelimit-remaining"])).toBeGreaterThan(0);
    }
    expect([...seen].sort()).toEqual([403, 429]);
    h.fake.setFaults(null);
    expect((await h.octokit.issues.listForRepo(repo)).data).toEqual([]);
  });

  it("holds a request for timeoutMs and then answers GitHub's 504, or until the client gives up", async () => {
    await h.restart({ faults: { seed: 3, rate: 1, kinds: ["timeout"], spareTokens: true, timeoutMs: 200 } });
    const started = Date.now();
    const timedOut = await outcome(h.octokit.repos.get(repo));
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect([timedOut.status, timedOut.message]).toEqual([504, "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists."]);

    h.fake.setFaults({ seed: 3, rate: 1, kinds: ["timeout"], spareTokens: true, timeoutMs: null });
    const gaveUp = await outcome(h.octokit.repos.get({ ...repo, request: { signal: AbortSignal.timeout(300) } }));
    expect(gaveUp.status).toBe(0);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.fake.faults().map((fault) => [fault.kind, fault.status])).toEqual([
      ["timeout", 504],
      ["timeout", null],
    ]);
    expect(h.fake.requests().filter((request) => request.route === "/repos/{owner}/{repo}").map((request) => request.status)).toEqual([504, 0]);
  });

  it("resets the connection before doing anything", async () => {
    await h.restart({ faults: { seed: 4, rate: 1, kinds: ["reset"], spareTokens: true } });
    const reset = await outcome(h.octokit.issues.create({ ...repo, title: "never made" }));
    expect(reset.status).toBe(0);
    h.fake.setFaults(null);
    expect((await h.octokit.issues.listForRepo({ ...repo, state: "all" })).data).toEqual([]);
    expect(h.fake.faults().map((fault) => [fault.kind, fault.status, fault.applied])).toEqual([["reset", null, false]]);
    expect(h.events()).toEqual(["installation.created"]);
  });

  it("answers slowly but correctly", async () => {
    await h.restart({ faults: { seed: 5, rate: 1, kinds: ["slow"], spareTokens: true, slowMs: 300 } });
    const started = Date.now();
    const slow = await h.octokit.repos.get(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(slow.data.full_name).toBe("acme/widgets");
    expect(h.fake.faults().map((fault) => [fault.kind, fault.status, fault.applied])).toEqual([["slow", 200, true]]);
  });

  it("refuses contents writes with 409 and ref updates as not fast-forward, as after someone else's push, without pushing anything", async () => {
    await h.restart({ faults: { seed: 6, rate: 1, kinds: ["conflict"], spareTokens: true } });
    const head = (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const file = await h.octokit.repos.getContent({ ...repo, path: "docs/tasks.md" });
    const sha = (file.data as { sha: string }).sha;
    const put = await outcome(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/tasks.md", message: "tick", content: Buffer.from("- [x] TASK-1 Write it\n").toString("base64"), sha }));
    expect([put.status, put.message]).toEqual([409, `docs/tasks.md does not match ${sha}`]);
    const ref = await outcome(h.octokit.git.updateRef({ ...repo, ref: "heads/main", sha: head }));
    expect([ref.status, ref.message]).toEqual([422, "Update is not a fast forward"]);
    // Reads and other writes cannot conflict: the kind is not drawn for them.
    expect((await outcome(h.octokit.issues.create({ ...repo, title: "fine" }))).status).toBe(201);
    expect((await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha).toBe(head);
    expect(h.fake.faults().map((fault) => [fault.kind, fault.method, fault.status])).toEqual([
      ["conflict", "PUT", 409],
      ["conflict", "PATCH", 422],
    ]);
  });

  it("loses the response of a write that GitHub did: the issue exists and its webhook was sent", async () => {
    await h.restart({ faults: { seed: 7, rate: 1, kinds: ["lost-response"], spareTokens: true } });
    const lost = await outcome(h.octokit.issues.create({ ...repo, title: "TASK-9: made anyway" }));
    expect(lost.status).toBe(0);
    // Reads are never "lost": the kind only applies to writes.
    const { data: issues } = await h.octokit.issues.listForRepo({ ...repo, state: "all" });
    expect(issues.map((issue) => issue.title)).toEqual(["TASK-9: made anyway"]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events()).toEqual(["installation.created", "issues.opened"]);
    expect(h.fake.faults().map((fault) => [fault.kind, fault.method, fault.path, fault.status, fault.applied])).toEqual([
      ["lost-response", "POST", "/repos/acme/widgets/issues", null, true],
    ]);
  });

  it("limits faults to some methods and routes, spares excluded ones and the control API, and can be switched at run time", async () => {
    const writes: FaultOptions = { seed: 8, rate: 1, kinds: ["server-error"], methods: ["POST"], exclude: [{ route: "/repos/{owner}/{repo}/issues/{issue_number}/comments" }] };
    await h.restart({ faults: writes });
    // The token POST is faulted (spareTokens is not set): the first call cannot get a token.
    expect((await outcome(h.octokit.repos.get(repo))).status).toBeGreaterThanOrEqual(500);
    h.fake.setFaults(null);
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "y" });
    h.fake.setFaults({ ...writes, spareTokens: true });
    expect((await outcome(h.octokit.repos.get(repo))).status).toBe(200);
    expect((await outcome(h.octokit.issues.createComment({ ...repo, issue_number: issue.number, body: "excluded" }))).status).toBe(201);
    expect((await outcome(h.octokit.issues.create({ ...repo, title: "x" }))).status).toBeGreaterThanOrEqual(500);
    // Over the control API, as another process would; `/_fake` calls themselves are never faulted.
    const client = new FakeGitHubClient(h.fake.url);
    await client.setFaults({ seed: 8, rate: 1, kinds: ["server-error"], routes: [{ method: "POST", path: /\/issues\/\d+\/comments$/ }, { route: "/repos/{owner}/{repo}/issues" }] });
    expect((await outcome(h.octokit.issues.createComment({ ...repo, issue_number: issue.number, body: "hi" }))).status).toBeGreaterThanOrEqual(500);
    expect((await outcome(h.octokit.issues.listForRepo(repo))).status).toBeGreaterThanOrEqual(500);
    expect((await outcome(h.octokit.issues.get({ ...repo, issue_number: issue.number }))).status).toBe(200);
    expect((await client.faults()).map((fault) => [fault.method, fault.route])).toEqual([
      ["POST", "/app/installations/{installation_id}/access_tokens"],
      ["POST", "/repos/{owner}/{repo}/issues"],
      ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
      ["GET", "/repos/{owner}/{repo}/issues"],
    ]);
    await client.setFaults(null);
  });

  it("is turned on for any fake by FAKE_GITHUB_FAULTS", async () => {
    process.env.FAKE_GITHUB_FAULTS = JSON.stringify({ seed: 9, rate: 1, kinds: ["server-error"], spareTokens: true });
    try {
      await h.restart({});
    } finally {
      delete process.env.FAKE_GITHUB_FAULTS;
    }
    expect((await outcome(h.octokit.repos.get(repo))).status).toBeGreaterThanOrEqual(500);
    expect(h.fake.faultInjector()?.options.seed).toBe(9);
  });
});

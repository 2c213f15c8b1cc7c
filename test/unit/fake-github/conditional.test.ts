import { describe, expect, it } from "vitest";
import { useHarness } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

interface Conditional {
  status: number;
  etag: string | undefined;
  lastModified: string | undefined;
  used: number;
  data: unknown;
}

/**
 * A GET through Octokit with validators. Octokit reports a 304 as a RequestError with status
 * 304 (and no data), which is how the app will meet it.
 */
async function get(route: string, params: Record<string, unknown>, validators: { etag?: string; since?: string } = {}): Promise<Conditional> {
  const headers: Record<string, string> = {};
  if (validators.etag !== undefined) headers["if-none-match"] = validators.etag;
  if (validators.since !== undefined) headers["if-modified-since"] = validators.since;
  try {
    const response = await h.octokit.request(route, { ...params, headers });
    return { status: response.status, etag: response.headers.etag, lastModified: response.headers["last-modified"], used: Number(response.headers["x-ratelimit-used"]), data: response.data };
  } catch (error) {
    const failure = error as { status: number; response: { headers: Record<string, string>; data: unknown } };
    return {
      status: failure.status,
      etag: failure.response.headers.etag,
      lastModified: failure.response.headers["last-modified"],
      used: Number(failure.response.headers["x-ratelimit-used"]),
      data: failure.response.data,
    };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** GET, GET again with the ETag (304), change the resource, GET with the old ETag (200, new ETag). */
async function expectRevalidation(route: string, params: Record<string, unknown>, change: () => Promise<unknown>): Promise<void> {
  const first = await get(route, params);
  expect([first.status, first.etag]).toEqual([200, expect.stringMatching(/^W\/"[0-9a-f]{32}"$/)]);
  const again = await get(route, params, { etag: first.etag as string });
  expect([again.status, again.etag, again.data]).toEqual([304, first.etag, ""]);
  // A 304 does not count against the primary rate limit: `used` did not move.
  expect(again.used).toBe(first.used);
  await change();
  const before = h.fake.rateLimit(h.installationId).used;
  const changed = await get(route, params, { etag: first.etag as string });
  expect(changed.status).toBe(200);
  expect(changed.etag).not.toBe(first.etag);
  expect(changed.used).toBe(before + 1);
  expect((await get(route, params, { etag: changed.etag as string })).status).toBe(304);
}

describe("conditional requests", () => {
  it("revalidate a branch head through git/ref and branches, with 304 until a push", async () => {
    await expectRevalidation("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: "heads/main" }, () => h.fake.push({ ...repo, files: { "a.md": "a\n" } }));
    await expectRevalidation("GET /repos/{owner}/{repo}/branches/{branch}", { ...repo, branch: "main" }, () => h.fake.push({ ...repo, files: { "b.md": "b\n" } }));
  });

  it("revalidate a tree: by branch it changes with a push, by sha never", async () => {
    const head = (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const tree = (await h.octokit.git.getCommit({ ...repo, commit_sha: head })).data.tree.sha;
    const bySha = await get("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: tree, recursive: "1" });
    await expectRevalidation("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: "main", recursive: "1" }, () => h.fake.push({ ...repo, files: { "c.md": "c\n" } }));
    expect((await get("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...repo, tree_sha: tree, recursive: "1" }, { etag: bySha.etag as string })).status).toBe(304);
  });

  it("revalidate an issue by ETag and by Last-Modified", async () => {
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1", body: "- [ ] a" });
    await expectRevalidation("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number }, () =>
      h.fake.editIssue({ ...repo, number: issue.number, body: "- [x] a", sender: "alice" }),
    );
    const current = await get("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number });
    expect(current.lastModified).toBe(new Date((current.data as { updated_at: string }).updated_at).toUTCString());
    expect((await get("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number }, { since: current.lastModified as string })).status).toBe(304);
    // If-None-Match wins over If-Modified-Since (RFC 9110): a stale tag gets the body.
    const both = await get("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number }, { etag: 'W/"stale"', since: current.lastModified as string });
    expect(both.status).toBe(200);
    expect((await get("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number }, { etag: `W/"other", ${current.etag as string}` })).status).toBe(304);
    expect((await get("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.number }, { etag: "*" })).status).toBe(304);
  });

  it("revalidate the issues list and the installation's repositories", async () => {
    await expectRevalidation("GET /repos/{owner}/{repo}/issues", { ...repo, state: "all", labels: "taskmirror" }, () => h.octokit.issues.create({ ...repo, title: "x", labels: ["taskmirror"] }));
    await h.fake.createRepo({ owner: "acme", name: "gadgets", files: { "tasks.md": "- [ ] x\n" } });
    await expectRevalidation("GET /installation/repositories", {}, () => h.fake.addRepos(h.installationId, ["gadgets"]));
  });

  it("give each page of the issues list a tag that changes exactly when that page's result does", async () => {
    for (let n = 1; n <= 5; n += 1) await h.octokit.issues.create({ ...repo, title: `TASK-${n}` });
    const byCreated = { ...repo, state: "all", sort: "created", direction: "asc", per_page: 2 };
    const byUpdated = { ...repo, state: "all", sort: "updated", direction: "desc", per_page: 2 };
    const list = "GET /repos/{owner}/{repo}/issues";
    const created1 = await get(list, { ...byCreated, page: 1 });
    const created3 = await get(list, { ...byCreated, page: 3 });
    const updated1 = await get(list, { ...byUpdated, page: 1 });
    // Timestamps are whole seconds: a later second is what moves an issue in `sort=updated`.
    await sleep(1100);
    const since = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const sinceEmpty = await get(list, { ...repo, state: "all", since });
    expect(sinceEmpty.data).toEqual([]);
    await sleep(1100);
    await h.fake.editIssue({ ...repo, number: 5, title: "TASK-5 renamed", sender: "acme" });
    // Issue 5 is on page 3 by creation: page 1 is unchanged, page 3 changed.
    expect((await get(list, { ...byCreated, page: 1 }, { etag: created1.etag as string })).status).toBe(304);
    expect((await get(list, { ...byCreated, page: 3 }, { etag: created3.etag as string })).status).toBe(200);
    // By update, page 1 was [5, 4]; issue 1, edited now, moves in and pushes 4 out.
    expect((updated1.data as Array<{ number: number }>).map((issue) => issue.number)).toEqual([5, 4]);
    await h.fake.editIssue({ ...repo, number: 1, title: "TASK-1 renamed", sender: "acme" });
    const moved = await get(list, { ...byUpdated, page: 1 }, { etag: updated1.etag as string });
    expect(moved.status).toBe(200);
    expect((moved.data as Array<{ number: number }>).map((issue) => issue.number).sort()).toEqual([1, 5]);
    // `since` is part of the URL: the issues updated since then now fill the page.
    const sinceNow = await get(list, { ...repo, state: "all", since }, { etag: sinceEmpty.etag as string });
    expect([sinceNow.status, (sinceNow.data as Array<{ number: number }>).map((issue) => issue.number).sort()]).toEqual([200, [1, 5]]);
  });

  it("record 304s in requests() and leave them out of the primary count", async () => {
    const first = await get("GET /repos/{owner}/{repo}", repo);
    for (let n = 0; n < 5; n += 1) expect((await get("GET /repos/{owner}/{repo}", repo, { etag: first.etag as string })).status).toBe(304);
    const statuses = h.fake.requests().filter((request) => request.route === "/repos/{owner}/{repo}").map((request) => request.status);
    expect(statuses).toEqual([200, 304, 304, 304, 304, 304]);
    expect(h.fake.rateLimit(h.installationId).used).toBe(1);
  });
});

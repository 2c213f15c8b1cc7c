import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli.js";
import { runSync } from "../../src/cli/run-sync.js";

const api = "https://ghe.test/api/v3";
const DOC = "### TASK-001: Set up the repository\n**Priority**: P1\n\n**Subtasks**:\n- [ ] Create the repository\n";
const headSha = "c".repeat(40);

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: "/", env: { LOG_LEVEL: "silent", ...env } };
  return { io: value, out: () => out.join(""), err: () => err.join("") };
}

/**
 * The reads of one sync of acme/widgets, whose only task document is TASKS.md. Blobs are
 * cached by sha for the life of the process, so each test names its own.
 */
function repositoryReads(blobSha: string) {
  return nock(api)
    .get("/repos/acme/widgets")
    .reply(200, { default_branch: "main" })
    .get("/repos/acme/widgets/contents/.github%2Ftaskmirror.yml")
    .query({ ref: "main" })
    .reply(404, { message: "Not Found" })
    .get("/repos/acme/widgets/git/ref/heads%2Fmain")
    .reply(200, { ref: "refs/heads/main", object: { sha: headSha, type: "commit" } })
    .get(`/repos/acme/widgets/git/trees/${headSha}`)
    .query({ recursive: "1" })
    .reply(200, { sha: "t", truncated: false, tree: [{ path: "TASKS.md", type: "blob", mode: "100644", sha: blobSha }, { path: "src", type: "tree", mode: "040000", sha: "d" }] })
    .get(`/repos/acme/widgets/git/blobs/${blobSha}`)
    .reply(200, { sha: blobSha, encoding: "base64", content: Buffer.from(DOC).toString("base64") })
    .get("/repos/acme/widgets/issues")
    .query({ state: "all", sort: "created", direction: "asc", per_page: "100" })
    .reply(200, [])
    .get("/repos/acme/widgets/labels")
    .query({ per_page: "100" })
    .reply(200, []);
}

describe("taskmirror sync (runSync)", () => {
  beforeAll(() => {
    process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
    process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());

  it("needs a repository and a token", async () => {
    const noRepo = io({ GITHUB_TOKEN: "t" });
    expect(await runSync({}, noRepo.io)).toBe(2);
    expect(noRepo.err()).toContain("sync takes --repo OWNER/NAME");
    const noToken = io();
    expect(await runSync({ repo: "acme/widgets" }, noToken.io)).toBe(2);
    expect(noToken.err()).toContain("sync needs a token");
  });

  it("prints the plan on --dry-run and writes nothing", async () => {
    const user = nock(api).get("/user").reply(200, { login: "alice" });
    const reads = repositoryReads("a".repeat(40));
    const cli = io({ GITHUB_TOKEN: "ghp_test" });
    expect(await runSync({ repo: "acme/widgets", "api-url": api, "dry-run": true }, cli.io)).toBe(0);
    expect(user.isDone() && reads.isDone()).toBe(true);
    expect(cli.out()).toContain("1 documents, 1 tasks, 0 mirrored issues at acme/widgets@main (ccccccc).");
    expect(cli.out()).toContain("TASK-001");
    expect(cli.out()).toContain("Dry run: nothing was written.");
  });

  it("syncs as github-actions[bot] with an installation token, and reports what it wrote", async () => {
    // GET /user refuses installation tokens; GraphQL's viewer names the bot the token acts as.
    const user = nock(api)
      .get("/user")
      .reply(403, { message: "Resource not accessible by integration" });
    // GitHub Enterprise serves GraphQL at /api/graphql, beside the REST /api/v3.
    const viewer = nock("https://ghe.test")
      .post("/api/graphql", { query: "query { viewer { login } }" })
      .reply(200, { data: { viewer: { login: "github-actions[bot]" } } });
    const reads = repositoryReads("b".repeat(40));
    const created: unknown[] = [];
    // Right before the first create, the newest issues are read once more (the creation guard).
    const guard = nock(api).get("/repos/acme/widgets/issues").query({ state: "all", sort: "created", direction: "desc", per_page: "100" }).reply(200, []);
    const writes = nock(api)
      .post("/repos/acme/widgets/labels")
      .times(2)
      .reply(201, {})
      .post("/repos/acme/widgets/issues", (body) => created.push(body) > 0)
      .reply(201, { number: 1, id: 101 });
    const cli = io({ GITHUB_TOKEN: "ghs_test" });
    expect(await runSync({ repo: "acme/widgets", "api-url": api }, cli.io)).toBe(0);
    expect([user.isDone(), viewer.isDone(), reads.isDone(), guard.isDone(), writes.isDone(), writes.pendingMocks()]).toEqual([true, true, true, true, true, []]);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ title: "TASK-001: Set up the repository", labels: expect.arrayContaining(["taskmirror", "priority: P1"]) });
    expect(cli.out()).toContain("Synced: created 1, updated 0, closed 0, reopened 0, linked 0, unlinked 0, labels 2; 8 reads, 3 writes.");
  });
});

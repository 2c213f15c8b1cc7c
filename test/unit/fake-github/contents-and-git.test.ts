import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { statusOf, useHarness } from "./fake-harness.js";

const TASKS = "# Tasks\n\n- [ ] TASK-1 Write it\n";

function gitBlobSha(text: string): string {
  const content = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

const h = useHarness({ files: { "docs/tasks.md": TASKS, "README.md": "# Widgets\n" }, expectNone: ["responseProblems"] });

const repo = { owner: "acme", repo: "widgets" };

describe("contents", () => {
  it("serves a file base64-encoded with its git blob sha", async () => {
    const { data } = await h.octokit.repos.getContent({ ...repo, path: "docs/tasks.md" });
    const file = data as { sha: string; content: string; encoding: string; size: number };
    expect(file.sha).toBe(gitBlobSha(TASKS));
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe(TASKS);
    expect(file.size).toBe(TASKS.length);
  });

  it("serves the raw media type that Probot's config plugin asks for, and 404 for a missing file", async () => {
    const raw = await h.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: "docs/tasks.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe(TASKS);
    const missing = await statusOf(h.octokit.repos.getContent({ ...repo, path: ".github/taskmirror.yml" }));
    expect(missing.status).toBe(404);
    const root = await h.octokit.repos.getContent({ ...repo, path: "" });
    expect((root.data as Array<{ path: string; type: string }>).map((entry) => [entry.path, entry.type])).toEqual([
      ["README.md", "file"],
      ["docs", "dir"],
    ]);
    const docs = await h.octokit.repos.getContent({ ...repo, path: "docs" });
    expect((docs.data as Array<{ path: string; sha: string }>).map((entry) => [entry.path, entry.sha])).toEqual([["docs/tasks.md", gitBlobSha(TASKS)]]);
    expect(h.fake.violations()).toEqual([]);
  });

  it("updates a file with the current sha: a commit, 200, and a push webhook with the bot as sender", async () => {
    const sha = gitBlobSha(TASKS);
    const next = TASKS.replace("[ ]", "[x]");
    const { status, data } = await h.octokit.repos.createOrUpdateFileContents({
      ...repo,
      path: "docs/tasks.md",
      message: "Tick TASK-1",
      content: Buffer.from(next).toString("base64"),
      sha,
    });
    expect(status).toBe(200);
    expect(data.content?.sha).toBe(gitBlobSha(next));
    await h.fake.waitForQuiet({ quietMs: 50 });
    const push = h.receiver.received.find((hook) => hook.headers["x-github-event"] === "push");
    expect(push?.payload.after).toBe(data.commit.sha);
    expect((push?.payload.sender as { login: string; type: string }).login).toBe("taskmirror[bot]");
    expect((push?.payload.sender as { type: string }).type).toBe("Bot");
    expect((push?.payload.head_commit as { modified: string[] }).modified).toEqual(["docs/tasks.md"]);
    expect(h.fake.snapshot().repositories[0]?.files["docs/tasks.md"]).toBe(next);
  });

  it("refuses a stale sha with 409 and a missing sha with 422, as GitHub does", async () => {
    const stale = "0123456789012345678901234567890123456789";
    const conflict = await statusOf(
      h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/tasks.md", message: "x", content: Buffer.from("x").toString("base64"), sha: stale }),
    );
    expect(conflict).toEqual({
      status: 409,
      message: `docs/tasks.md does not match ${stale}`,
      body: { message: `docs/tasks.md does not match ${stale}`, documentation_url: "https://docs.github.com/rest/repos/contents#create-or-update-file-contents", status: "409" },
    });
    const missing = await statusOf(h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/tasks.md", message: "x", content: Buffer.from("x").toString("base64") }));
    expect([missing.status, missing.message]).toEqual([422, 'Invalid request.\n\n"sha" wasn\'t supplied.']);
    expect(h.fake.snapshot().repositories[0]?.commits).toHaveLength(1);
  });

  it("refuses a write to a protected branch with GitHub's 409", async () => {
    await h.fake.protectBranch("acme", "widgets", "main");
    const refused = await statusOf(
      h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/tasks.md", message: "x", content: Buffer.from("x").toString("base64"), sha: gitBlobSha(TASKS) }),
    );
    expect(refused).toEqual({
      status: 409,
      message: "Could not update file: Changes must be made through a pull request.",
      body: { message: "Could not update file: Changes must be made through a pull request.", documentation_url: "https://docs.github.com/articles/about-protected-branches", status: "409" },
    });
    const branch = await h.octokit.repos.getBranch({ ...repo, branch: "main" });
    expect(branch.data.protected).toBe(true);
  });

  it("refuses files over 1 MB with 403 too_large; the blobs API serves them", async () => {
    const big = `${"- [ ] item\n".repeat(100_000)}`;
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/big.tasks.md": big } });
    const refused = await statusOf(h.octokit.repos.getContent({ ...repo, path: "docs/big.tasks.md" }));
    expect(refused.status).toBe(403);
    expect((refused.body as { errors: unknown[] }).errors).toEqual([{ resource: "Blob", field: "data", code: "too_large" }]);
    const tree = await h.octokit.git.getTree({ ...repo, tree_sha: "main", recursive: "1" });
    const entry = tree.data.tree.find((item) => item.path === "docs/big.tasks.md");
    expect(entry?.sha).toBe(gitBlobSha(big));
    const blob = await h.octokit.git.getBlob({ ...repo, file_sha: entry?.sha ?? "" });
    expect(Buffer.from(blob.data.content, "base64").toString("utf8")).toBe(big);
  });
});

describe("git data", () => {
  it("lists the tree recursively with real git shas and resolves refs and commits", async () => {
    const tree = await h.octokit.git.getTree({ ...repo, tree_sha: "main", recursive: "true" });
    expect(tree.data.tree.map((entry) => [entry.path, entry.type])).toEqual([
      ["README.md", "blob"],
      ["docs", "tree"],
      ["docs/tasks.md", "blob"],
    ]);
    const flat = await h.octokit.git.getTree({ ...repo, tree_sha: tree.data.sha });
    expect(flat.data.tree.map((entry) => entry.path)).toEqual(["README.md", "docs"]);
    const ref = await h.octokit.git.getRef({ ...repo, ref: "heads/main" });
    const commit = await h.octokit.repos.getCommit({ ...repo, ref: ref.data.object.sha });
    expect(commit.data.commit.tree.sha).toBe(tree.data.sha);
    expect(commit.data.files?.map((file) => [file.filename, file.status])).toEqual([
      ["README.md", "added"],
      ["docs/tasks.md", "added"],
    ]);
  });

  it("creates a branch, moves it fast-forward only, and compares it with main", async () => {
    const main = (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    await h.octokit.git.createRef({ ...repo, ref: "refs/heads/taskmirror/ticks", sha: main });
    const exists = await statusOf(h.octokit.git.createRef({ ...repo, ref: "refs/heads/taskmirror/ticks", sha: main }));
    expect([exists.status, exists.message]).toEqual([422, "Reference already exists"]);
    const put = await h.octokit.repos.createOrUpdateFileContents({
      ...repo,
      path: "docs/tasks.md",
      branch: "taskmirror/ticks",
      message: "Tick",
      content: Buffer.from(TASKS.replace("[ ]", "[x]")).toString("base64"),
      sha: gitBlobSha(TASKS),
    });
    const compare = await h.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...taskmirror/ticks" });
    expect([compare.data.status, compare.data.ahead_by, compare.data.behind_by]).toEqual(["ahead", 1, 0]);
    expect(compare.data.files?.map((file) => file.patch)).toEqual(["@@ -1,3 +1,3 @@\n # Tasks\n \n-- [ ] TASK-1 Write it\n+- [x] TASK-1 Write it"]);
    const backwards = await statusOf(h.octokit.git.updateRef({ ...repo, ref: "heads/taskmirror/ticks", sha: main }));
    expect([backwards.status, backwards.message]).toEqual([422, "Update is not a fast forward"]);
    const forced = await h.octokit.git.updateRef({ ...repo, ref: "heads/taskmirror/ticks", sha: main, force: true });
    expect(forced.data.object.sha).toBe(main);
    expect(put.data.commit.parents?.map((parent) => parent.sha)).toEqual([main]);
  });

  it("reports a moved file as renamed, with its previous name, in the compare and the commit", async () => {
    const before = (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const after = await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": null, "docs/archive/tasks.md": TASKS } });
    const compare = await h.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: `${before}...${after}` });
    expect(compare.data.files?.map((file) => [file.status, file.filename, file.previous_filename])).toEqual([["renamed", "docs/archive/tasks.md", "docs/tasks.md"]]);
    const commit = await h.octokit.repos.getCommit({ ...repo, ref: after });
    expect(commit.data.files?.map((file) => [file.status, file.filename, file.previous_filename])).toEqual([["renamed", "docs/archive/tasks.md", "docs/tasks.md"]]);
    const push = h.fake.deliveries().filter((delivery) => delivery.event === "push").at(-1);
    expect(push?.payload).toMatchObject({ head_commit: { added: ["docs/archive/tasks.md"], removed: ["docs/tasks.md"], modified: [] } });
    expect(h.fake.violations()).toEqual([]);
  });
});

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useHarness } from "./fake-harness.js";

const h = useHarness({ files: { "docs/tasks.md": "- [ ] TASK-1 Write it\n" }, expectNone: ["violations"] });

describe("person actions", () => {
  it("renames a file: the push lists the old path removed and the new one added", async () => {
    const sha = await h.fake.renameFile({ owner: "acme", repo: "widgets", from: "docs/tasks.md", to: "docs/TASKS.md", author: "alice" });
    const push = h.receiver.received.find((hook) => hook.headers["x-github-event"] === "push");
    expect(push?.payload.head_commit).toMatchObject({ id: sha, added: ["docs/TASKS.md"], removed: ["docs/tasks.md"], modified: [] });
    expect(Object.keys(h.fake.snapshot().repositories[0]?.files ?? {})).toEqual(["docs/TASKS.md"]);
  });

  it("pushes several commits' worth of history and records them with their diffs in the snapshot", async () => {
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": "- [x] TASK-1 Write it\n" }, message: "Tick TASK-1", author: "alice" });
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": null }, message: "Remove tasks", author: "alice" });
    const commits = h.fake.snapshot().repositories[0]?.commits ?? [];
    expect(commits.map((commit) => [commit.message, commit.changes.map((change) => `${change.status} ${change.path}`)])).toEqual([
      ["Initial commit", ["added docs/tasks.md"]],
      ["Tick TASK-1", ["modified docs/tasks.md"]],
      ["Remove tasks", ["removed docs/tasks.md"]],
    ]);
    expect(commits[1]?.changes[0]?.patch).toBe("@@ -1 +1 @@\n-- [ ] TASK-1 Write it\n+- [x] TASK-1 Write it");
    expect(commits[1]?.author).toMatch(/^alice <\d+\+alice@users\.noreply\.github\.com>$/);
  });

  it("writes the state as JSON and the requests as JSON lines", async () => {
    await h.octokit.issues.create({ owner: "acme", repo: "widgets", title: "TASK-1: Write it" });
    await h.octokit.repos.get({ owner: "acme", repo: "widgets" });
    const dir = mkdtempSync(join(tmpdir(), "fake-github-test-"));
    h.fake.writeState(join(dir, "state.json"));
    h.fake.writeRequests(join(dir, "requests.jsonl"));
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as { repositories: Array<{ issues: Array<{ title: string; user: string; via_app: boolean }> }> };
    expect(state.repositories[0]?.issues.map((issue) => [issue.title, issue.user, issue.via_app])).toEqual([["TASK-1: Write it", "taskmirror[bot]", true]]);
    const lines = readFileSync(join(dir, "requests.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { method: string; route: string; status: number; by: string });
    expect(lines.map((line) => [line.method, line.route, line.status, line.by])).toEqual([
      ["POST", "/app/installations/{installation_id}/access_tokens", 201, "app"],
      ["POST", "/repos/{owner}/{repo}/issues", 201, "taskmirror[bot]"],
      ["GET", "/repos/{owner}/{repo}", 200, "taskmirror[bot]"],
    ]);
  });
});

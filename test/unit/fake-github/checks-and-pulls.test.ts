import { describe, expect, it } from "vitest";
import { statusOf, useHarness } from "./fake-harness.js";

const h = useHarness({ expectNone: ["responseProblems"] });

const repo = { owner: "acme", repo: "widgets" };

function annotations(count: number, from = 1): Array<{ path: string; start_line: number; end_line: number; annotation_level: "failure"; message: string }> {
  return Array.from({ length: count }, (_, index) => ({ path: "docs/tasks.md", start_line: from + index, end_line: from + index, annotation_level: "failure" as const, message: `problem ${from + index}` }));
}

async function headSha(): Promise<string> {
  return (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
}

describe("check runs", () => {
  it("refuses 51 annotations in one request with 422 and records the violation", async () => {
    const refused = await statusOf(
      h.octokit.checks.create({ ...repo, name: "taskmirror", head_sha: await headSha(), output: { title: "t", summary: "s", annotations: annotations(51) } }),
    );
    expect([refused.status, refused.message]).toEqual([422, "Invalid request.\n\nbody /output/annotations must NOT have more than 50 items"]);
    expect(h.fake.violations().map((violation) => violation.kind)).toEqual(["over-limit"]);
  });

  it("refuses a summary over 65,535 characters with 422", async () => {
    const refused = await statusOf(h.octokit.checks.create({ ...repo, name: "taskmirror", head_sha: await headSha(), output: { title: "t", summary: "x".repeat(65_536) } }));
    expect(refused.status).toBe(422);
    const fits = await h.octokit.checks.create({ ...repo, name: "taskmirror", head_sha: await headSha(), output: { title: "t", summary: "x".repeat(65_535) } });
    expect(fits.status).toBe(201);
  });

  it("accumulates annotations across updates and completes the run with a conclusion", async () => {
    const sha = await headSha();
    const created = await h.octokit.checks.create({ ...repo, name: "taskmirror", head_sha: sha, status: "in_progress", output: { title: "Checking", summary: "…", annotations: annotations(50) } });
    await h.octokit.checks.update({ ...repo, check_run_id: created.data.id, output: { title: "Checking", summary: "…", annotations: annotations(50, 51) } });
    const done = await h.octokit.checks.update({ ...repo, check_run_id: created.data.id, conclusion: "failure", output: { title: "2 errors", summary: "| a | b |", annotations: annotations(3, 101) } });
    expect([done.data.status, done.data.conclusion, done.data.output.annotations_count]).toEqual(["completed", "failure", 103]);
    const listed = await h.octokit.paginate(h.octokit.checks.listAnnotations, { ...repo, check_run_id: created.data.id, per_page: 100 });
    expect(listed.map((annotation) => annotation.start_line)).toEqual(Array.from({ length: 103 }, (_, index) => index + 1));
    const forRef = await h.octokit.checks.listForRef({ ...repo, ref: "main" });
    expect(forRef.data.check_runs.map((run) => [run.name, run.conclusion])).toEqual([["taskmirror", "failure"]]);
    const suite = await h.octokit.checks.getSuite({ ...repo, check_suite_id: created.data.check_suite?.id ?? 0 });
    expect([suite.data.status, suite.data.conclusion]).toEqual(["completed", "failure"]);
    const columns = await statusOf(
      h.octokit.checks.update({ ...repo, check_run_id: created.data.id, output: { title: "t", summary: "s", annotations: [{ path: "a", start_line: 1, end_line: 2, start_column: 1, end_column: 2, annotation_level: "notice", message: "m" }] } }),
    );
    expect(columns.status).toBe(422);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("check_"))).toEqual(["check_run.created", "check_run.completed", "check_suite.completed"]);
    expect(h.fake.violations()).toEqual([]);
  });
});

describe("pull requests", () => {
  it("opens a pull request from a fork, lists its files, and sends opened and synchronize", async () => {
    await h.fake.createFork({ owner: "acme", repo: "widgets", forkOwner: "bob" });
    await h.fake.push({ owner: "bob", repo: "widgets", branch: "add-task", files: { "docs/tasks.md": "# Tasks\n\n- [ ] TASK-1 Write it\n- [ ] TASK-2 Test it\n" }, author: "bob" });
    const number = await h.fake.openPullRequest({ owner: "acme", repo: "widgets", head: "add-task", fromFork: "bob", title: "Add TASK-2" });
    const pull = await h.octokit.pulls.get({ ...repo, pull_number: number });
    expect([pull.data.head.label, pull.data.head.repo?.full_name, pull.data.base.ref, pull.data.user.login]).toEqual(["bob:add-task", "bob/widgets", "main", "bob"]);
    const files = await h.octokit.pulls.listFiles({ ...repo, pull_number: number });
    expect(files.data.map((file) => [file.filename, file.status, file.additions, file.deletions])).toEqual([["docs/tasks.md", "modified", 1, 0]]);
    const sha = await h.fake.pushToPullRequest({ owner: "acme", repo: "widgets", number, files: { "docs/tasks.md": "# Tasks\n\n- [ ] TASK-1 Write it\n- [ ] TASK-2 Test it well\n" } });
    const listed = await h.octokit.pulls.list({ ...repo, head: "bob:add-task" });
    expect(listed.data.map((item) => [item.number, item.head.sha])).toEqual([[number, sha]]);
    const compare = await h.octokit.repos.compareCommitsWithBasehead({ ...repo, basehead: "main...bob:add-task" });
    expect(compare.data.ahead_by).toBe(2);
    await h.fake.waitForQuiet({ quietMs: 50 });
    const pullEvents = h.receiver.received.filter((hook) => hook.headers["x-github-event"] === "pull_request");
    expect(pullEvents.map((hook) => hook.payload.action)).toEqual(["opened", "synchronize"]);
    expect(pullEvents[1]?.payload.after).toBe(sha);
    // Pushes to the fork go to the fork, where the app is not installed: no push webhook for them.
    expect(h.events().filter((event) => event === "push")).toEqual([]);
    expect(h.fake.violations()).toEqual([]);
  });

  it("refuses a pull request without commits or for a missing branch, and closes and reopens one", async () => {
    const none = await statusOf(h.octokit.pulls.create({ ...repo, head: "main", base: "main", title: "Nothing" }));
    expect([none.status, (none.body as { errors: unknown }).errors]).toEqual([422, [{ resource: "PullRequest", code: "custom", message: "No commits between main and main" }]]);
    const missing = await statusOf(h.octokit.pulls.create({ ...repo, head: "nope", base: "main", title: "Nothing" }));
    expect(missing.status).toBe(422);
    const main = await headSha();
    await h.octokit.git.createRef({ ...repo, ref: "refs/heads/taskmirror/sync", sha: main });
    await h.octokit.repos.createOrUpdateFileContents({ ...repo, path: "docs/new.md", branch: "taskmirror/sync", message: "Add", content: Buffer.from("new\n").toString("base64") });
    const created = await h.octokit.pulls.create({ ...repo, head: "taskmirror/sync", base: "main", title: "taskmirror: ticks from issues" });
    expect(created.data.user.login).toBe("taskmirror[bot]");
    const again = await statusOf(h.octokit.pulls.create({ ...repo, head: "taskmirror/sync", base: "main", title: "again" }));
    expect((again.body as { errors: Array<{ message: string }> }).errors[0]?.message).toBe("A pull request already exists for acme:taskmirror/sync.");
    const closed = await h.octokit.pulls.update({ ...repo, pull_number: created.data.number, state: "closed" });
    expect(closed.data.state).toBe("closed");
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("pull_request."))).toEqual(["pull_request.opened", "pull_request.closed"]);
    expect(h.fake.violations()).toEqual([]);
  });

  it("merges a pull request into the base branch with a merge commit and a push", async () => {
    await h.fake.push({ owner: "acme", repo: "widgets", branch: "feature", files: { "docs/more.tasks.md": "- [ ] TASK-9 More\n" } });
    const number = await h.fake.openPullRequest({ owner: "acme", repo: "widgets", head: "feature" });
    const mergeSha = await h.fake.mergePullRequest({ owner: "acme", repo: "widgets", number });
    const snapshot = h.fake.snapshot().repositories[0];
    expect(snapshot?.branches.main).toBe(mergeSha);
    expect(snapshot?.files["docs/more.tasks.md"]).toBe("- [ ] TASK-9 More\n");
    expect(snapshot?.pulls.map((item) => [item.number, item.state, item.merged])).toEqual([[number, "closed", true]]);
    expect(h.events().slice(-3)).toEqual(["push", "check_suite.requested", "pull_request.closed"]);
    const closed = h.receiver.received[h.receiver.received.length - 1]?.payload.pull_request as { merged: boolean; merge_commit_sha: string };
    expect([closed.merged, closed.merge_commit_sha]).toEqual([true, mergeSha]);
  });
});

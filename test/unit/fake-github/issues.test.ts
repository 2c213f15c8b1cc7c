import { describe, expect, it } from "vitest";
import { statusOf, useHarness } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

describe("issues", () => {
  it("round-trips 250 created issues through the paginated list, newest first, with Link headers", async () => {
    for (let n = 1; n <= 250; n += 1) {
      await h.octokit.issues.create({ ...repo, title: `TASK-${n}: Task ${n}`, body: `- [ ] item ${n}`, labels: ["taskmirror"] });
    }
    const first = await h.octokit.issues.listForRepo({ ...repo, state: "all", per_page: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toBe(
      [
        `<${h.fake.apiUrl}/repos/acme/widgets/issues?state=all&per_page=100&page=2>; rel="next"`,
        `<${h.fake.apiUrl}/repos/acme/widgets/issues?state=all&per_page=100&page=3>; rel="last"`,
      ].join(", "),
    );
    const all = await h.octokit.paginate(h.octokit.issues.listForRepo, { ...repo, state: "all", labels: "taskmirror", per_page: 100 });
    expect(all).toHaveLength(250);
    expect(all[0]?.number).toBe(250);
    expect(all[249]?.title).toBe("TASK-1: Task 1");
    expect(new Set(all.map((issue) => issue.id)).size).toBe(250);
    expect(all.every((issue) => issue.id !== issue.number && issue.user?.login === "taskmirror[bot]")).toBe(true);
    const defaultPage = await h.octokit.issues.listForRepo({ ...repo });
    expect(defaultPage.data).toHaveLength(30);
  });

  it("creates missing labels implicitly, refuses unassignable logins and over-long bodies with 422", async () => {
    const { data } = await h.octokit.issues.create({ ...repo, title: "TASK-1: Write it", labels: ["priority: P0", { name: "status: todo" } as never] });
    expect(data.labels.map((label) => (typeof label === "string" ? label : [label.name, label.color]))).toEqual([
      ["priority: P0", "ededed"],
      ["status: todo", "ededed"],
    ]);
    const labels = await h.octokit.issues.listLabelsForRepo({ ...repo });
    expect(labels.data.map((label) => label.name)).toEqual(["priority: P0", "status: todo"]);

    const assignee = await statusOf(h.octokit.issues.create({ ...repo, title: "x", assignees: ["mallory"] }));
    expect([assignee.status, (assignee.body as { errors: unknown }).errors]).toEqual([422, [{ value: "mallory", resource: "Issue", field: "assignees", code: "invalid" }]]);
    await h.fake.setPermission("acme", "widgets", "alice", "write");
    const assigned = await h.octokit.issues.create({ ...repo, title: "y", assignees: ["alice"] });
    expect(assigned.data.assignees?.map((user) => user.login)).toEqual(["alice"]);

    const long = await statusOf(h.octokit.issues.create({ ...repo, title: "z", body: "x".repeat(65_537) }));
    expect([long.status, (long.body as { errors: unknown }).errors]).toEqual([
      422,
      [{ resource: "Issue", code: "custom", field: "body", message: "body is too long (maximum is 65536 characters)" }],
    ]);
    const exact = await h.octokit.issues.create({ ...repo, title: "z", body: "x".repeat(65_536) });
    expect(exact.status).toBe(201);
  });

  it("refuses an update naming an unassignable login as a create does (422, the login in errors[].value), changing nothing", async () => {
    // https://docs.github.com/rest/issues/issues#update-an-issue answers 422 Validation Failed, and
    // the whole update is refused: the title sent with the bad login is not written either.
    await h.fake.setPermission("acme", "widgets", "alice", "write");
    const { data } = await h.octokit.issues.create({ ...repo, title: "TASK-1: Write it", assignees: ["alice"] });
    const refused = await statusOf(h.octokit.issues.update({ ...repo, issue_number: data.number, title: "renamed", assignees: ["alice", "mallory", "ghost"] }));
    expect([refused.status, (refused.body as { errors: unknown }).errors]).toEqual([
      422,
      [
        { value: "mallory", resource: "Issue", field: "assignees", code: "invalid" },
        { value: "ghost", resource: "Issue", field: "assignees", code: "invalid" },
      ],
    ]);
    const after = await h.octokit.issues.get({ ...repo, issue_number: data.number });
    expect([after.data.title, after.data.assignees?.map((user) => user.login)]).toEqual(["TASK-1: Write it", ["alice"]]);
  });

  it("refuses a duplicate label and a label name over 50 characters", async () => {
    await h.octokit.issues.createLabel({ ...repo, name: "taskmirror", color: "5319e7", description: "Mirrored from a task document" });
    const duplicate = await statusOf(h.octokit.issues.createLabel({ ...repo, name: "TaskMirror", color: "000000" }));
    expect([duplicate.status, (duplicate.body as { errors: unknown }).errors]).toEqual([422, [{ resource: "Label", code: "already_exists", field: "name" }]]);
    const long = await statusOf(h.octokit.issues.createLabel({ ...repo, name: "x".repeat(51) }));
    expect([long.status, (long.body as { errors: unknown }).errors]).toEqual([422, [{ resource: "Label", code: "invalid", field: "name" }]]);
    const label = await h.octokit.issues.getLabel({ ...repo, name: "TASKMIRROR" });
    expect([label.data.name, label.data.color, label.data.description]).toEqual(["taskmirror", "5319e7", "Mirrored from a task document"]);
    const edited = await h.octokit.issues.updateLabel({ ...repo, name: "taskmirror", color: "ffffff" });
    expect(edited.data.color).toBe("ffffff");
  });

  it("updates state with state_reason, labels, milestone; adds and removes labels; comments", async () => {
    const milestone = await h.octokit.issues.createMilestone({ ...repo, title: "Sprint 3" });
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1", milestone: milestone.data.number });
    expect(issue.milestone?.title).toBe("Sprint 3");
    const closed = await h.octokit.issues.update({ ...repo, issue_number: issue.number, state: "closed", state_reason: "not_planned" });
    expect([closed.data.state, closed.data.state_reason, closed.data.closed_by?.login]).toEqual(["closed", "not_planned", "taskmirror[bot]"]);
    const reopened = await h.octokit.issues.update({ ...repo, issue_number: issue.number, state: "open" });
    expect([reopened.data.state, reopened.data.state_reason, reopened.data.closed_at]).toEqual(["open", "reopened", null]);
    const added = await h.octokit.issues.addLabels({ ...repo, issue_number: issue.number, labels: ["a", "b"] });
    expect(added.data.map((label) => label.name)).toEqual(["a", "b"]);
    const removed = await h.octokit.issues.removeLabel({ ...repo, issue_number: issue.number, name: "a" });
    expect(removed.data.map((label) => label.name)).toEqual(["b"]);
    const gone = await statusOf(h.octokit.issues.removeLabel({ ...repo, issue_number: issue.number, name: "a" }));
    expect([gone.status, gone.message]).toEqual([404, "Label does not exist"]);
    await h.octokit.issues.createComment({ ...repo, issue_number: issue.number, body: "Moved to docs/other.md" });
    const comments = await h.octokit.issues.listComments({ ...repo, issue_number: issue.number });
    expect(comments.data.map((comment) => [comment.body, comment.user?.login])).toEqual([["Moved to docs/other.md", "taskmirror[bot]"]]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("issues.") || event.startsWith("issue_comment."))).toEqual([
      "issues.opened",
      "issues.milestoned",
      "issues.closed",
      "issues.reopened",
      "issues.labeled",
      "issues.labeled",
      "issues.unlabeled",
      "issue_comment.created",
    ]);
  });

  it("lists pull requests in the issues list, as GitHub does, marked with pull_request", async () => {
    await h.octokit.issues.create({ ...repo, title: "An issue" });
    await h.fake.push({ owner: "acme", repo: "widgets", branch: "feature", files: { "docs/tasks.md": "- [x] TASK-1 Write it\n" } });
    const number = await h.fake.openPullRequest({ owner: "acme", repo: "widgets", head: "feature", title: "Tick" });
    const list = await h.octokit.issues.listForRepo({ ...repo });
    expect(list.data.map((item) => [item.number, item.pull_request === undefined ? "issue" : "pull"])).toEqual([
      [number, "pull"],
      [1, "issue"],
    ]);
  });

  it("sends issues.edited with changes.body.from when a person ticks a box, with the person as sender", async () => {
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1", body: "- [ ] a\n- [ ] b" });
    await h.fake.setPermission("acme", "widgets", "alice", "write");
    await h.fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, body: "- [x] a\n- [ ] b", sender: "alice" });
    await h.fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, state: "closed", state_reason: "completed", sender: "alice" });
    const edited = h.receiver.received.find((hook) => hook.payload.action === "edited");
    expect(edited?.payload.changes).toEqual({ body: { from: "- [ ] a\n- [ ] b" } });
    expect((edited?.payload.issue as { body: string }).body).toBe("- [x] a\n- [ ] b");
    expect((edited?.payload.sender as { login: string; type: string }).login).toBe("alice");
    expect((edited?.payload.issue as { performed_via_github_app: { slug: string } }).performed_via_github_app.slug).toBe("taskmirror");
    const closed = h.receiver.received.find((hook) => hook.payload.action === "closed");
    expect((closed?.payload.issue as { state_reason: string }).state_reason).toBe("completed");
    expect(h.events().slice(-2)).toEqual(["issues.edited", "issues.closed"]);
  });
});

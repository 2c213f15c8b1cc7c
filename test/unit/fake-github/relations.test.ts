import { describe, expect, it } from "vitest";
import { statusOf, useHarness } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

async function issue(title: string): Promise<{ id: number; number: number }> {
  const { data } = await h.octokit.issues.create({ ...repo, title });
  return { id: data.id, number: data.number };
}

function errorsOf(body: unknown): unknown {
  return (body as { errors?: unknown }).errors;
}

describe("sub-issues", () => {
  it("takes the child's id; its number is a 404, as on GitHub", async () => {
    const parent = await issue("parent");
    const child = await issue("child");
    const byNumber = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: parent.number, sub_issue_id: child.number }));
    expect([byNumber.status, byNumber.message]).toEqual([404, "Not Found"]);
    const byId = await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: parent.number, sub_issue_id: child.id });
    expect(byId.status).toBe(201);
    const listed = await h.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: parent.number });
    expect(listed.data.map((item) => item.number)).toEqual([child.number]);
    const up = await h.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/parent", { ...repo, issue_number: child.number });
    expect(up.data.number).toBe(parent.number);
    const got = await h.octokit.issues.get({ ...repo, issue_number: child.number });
    expect(got.data.parent_issue_url).toBe(`${h.fake.apiUrl}/repos/acme/widgets/issues/${parent.number}`);
    const summary = await h.octokit.issues.get({ ...repo, issue_number: parent.number });
    expect(summary.data.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("sub_issues."))).toEqual(["sub_issues.sub_issue_added", "sub_issues.parent_issue_added"]);
  });

  it("refuses a second parent unless replace_parent, and moves the child when asked", async () => {
    const first = await issue("first");
    const second = await issue("second");
    const child = await issue("child");
    await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: first.number, sub_issue_id: child.id });
    const refused = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: second.number, sub_issue_id: child.id }));
    expect([refused.status, errorsOf(refused.body)]).toEqual([422, [{ resource: "Issue", code: "custom", field: "sub_issue_id", message: "Sub issue may only have one parent" }]]);
    await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: second.number, sub_issue_id: child.id, replace_parent: true });
    const snapshot = h.fake.snapshot().repositories[0];
    expect(snapshot?.issues.map((item) => [item.number, item.parent, item.sub_issues])).toEqual([
      [first.number, null, []],
      [second.number, null, [`#${child.number}`]],
      [child.number, `#${second.number}`, []],
    ]);
    await h.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue", { ...repo, issue_number: second.number, sub_issue_id: child.id });
    const orphan = await statusOf(h.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/parent", { ...repo, issue_number: child.number }));
    expect(orphan.status).toBe(404);
  });

  it("refuses the 101st child and a ninth level with 422", async () => {
    const parent = await issue("parent");
    for (let n = 0; n < 100; n += 1) {
      const child = await issue(`child ${n}`);
      await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: parent.number, sub_issue_id: child.id });
    }
    const extra = await issue("one too many");
    const full = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: parent.number, sub_issue_id: extra.id }));
    expect([full.status, errorsOf(full.body)]).toEqual([422, [{ resource: "Issue", code: "custom", field: "sub_issue_id", message: "Parent issue cannot have more than 100 sub-issues" }]]);

    const chain = [await issue("level 1")];
    for (let level = 2; level <= 8; level += 1) {
      const next = await issue(`level ${level}`);
      const above = chain[chain.length - 1] as { number: number };
      await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: above.number, sub_issue_id: next.id });
      chain.push(next);
    }
    const ninth = await issue("level 9");
    const deep = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", { ...repo, issue_number: (chain[7] as { number: number }).number, sub_issue_id: ninth.id }));
    expect([deep.status, errorsOf(deep.body)]).toEqual([422, [{ resource: "Issue", code: "custom", field: "sub_issue_id", message: "Sub-issues cannot be nested more than 8 levels deep" }]]);
  });
});

describe("dependencies", () => {
  it("adds, lists and removes blocked-by links by issue id", async () => {
    const blocked = await issue("blocked");
    const blocker = await issue("blocker");
    const byNumber = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...repo, issue_number: blocked.number, issue_id: blocker.number }));
    expect(byNumber.status).toBe(404);
    await h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...repo, issue_number: blocked.number, issue_id: blocker.id });
    const twice = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...repo, issue_number: blocked.number, issue_id: blocker.id }));
    expect(twice.status).toBe(422);
    const listed = await h.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", { ...repo, issue_number: blocked.number });
    expect(listed.data.map((item) => item.id)).toEqual([blocker.id]);
    const got = await h.octokit.issues.get({ ...repo, issue_number: blocked.number });
    expect(got.data.issue_dependencies_summary).toEqual({ blocked_by: 1, blocking: 0, total_blocked_by: 1, total_blocking: 0 });
    await h.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", { ...repo, issue_number: blocked.number, issue_id: blocker.id });
    expect(h.fake.snapshot().repositories[0]?.issues.map((item) => item.blocked_by)).toEqual([[], []]);
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().filter((event) => event.startsWith("issue_dependencies."))).toEqual([
      "issue_dependencies.blocked_by_added",
      "issue_dependencies.blocking_added",
      "issue_dependencies.blocked_by_removed",
      "issue_dependencies.blocking_removed",
    ]);
  });
});

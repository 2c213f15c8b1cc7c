import { describe, expect, it } from "vitest";
import { applyPlan } from "../../../src/github/apply-plan.js";
import type { MirroredIssue, Plan } from "../../../src/core/plan/types.js";
import { renderMarker } from "../../../src/core/render/marker.js";
import { refToken } from "../../../src/core/render/refs.js";
import { mirrored } from "../support/build.js";
import { httpError, stubGitHub } from "./stub-github.js";

const block = (text: string) => `<!-- taskmirror:begin -->\n${text}\n<!-- taskmirror:end -->\n`;

const content = (title: string, body: string) => ({ title, body, labels: ["taskmirror"], assignees: [], milestone: null });

/** The creation guard's read: the newest issues, unfiltered. */
const NEWEST = { state: "all", sort: "created", direction: "desc", per_page: 100 };

/** A mirrored issue as the REST issues list shows it, opened by the app. */
const restOf = (issue: MirroredIssue, login = "app[bot]") => ({
  id: issue.id,
  number: issue.number,
  title: issue.title,
  body: `${issue.body}${renderMarker(issue.marker)}`,
  state: issue.state,
  labels: [],
  user: { login },
});

describe("applyPlan", () => {
  it("creates sub-issues by REST, then links them, when GraphQL cannot give the node ids (a token it refuses)", async () => {
    let next = 40;
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => {
        next += 1;
        return { number: next, id: next * 1000, node_id: `I_${next}` };
      },
      "graphql TaskmirrorRepositoryNodeIds": () => {
        throw Object.assign(new Error("Request failed due to following response errors"), { name: "GraphqlResponseError", errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] });
      },
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "create", key: "T-1", content: content("T-1: parent", block("parent")) },
        { kind: "create", key: "T-2", content: content("T-2: child", block("child")) },
        { kind: "create", key: "T-3", content: content("T-3: child", block("child")) },
        { kind: "link-parent", key: "T-2", parentKey: "T-1", replace: false },
        { kind: "link-parent", key: "T-3", parentKey: "T-1", replace: false },
      ],
    };
    const counts = await applyPlan(scope, plan, [], "app[bot]", { graphql: true });
    // The node ids are asked for once; the sync goes on by REST.
    expect(calls.map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      "graphql TaskmirrorRepositoryNodeIds",
      "POST /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    ]);
    expect([counts.created, counts.linked, counts.failed]).toEqual([3, 2, 0]);
  });

  it("makes a new issue under its parent by GraphQL when the parent's node id is known, and its link-parent writes nothing more", async () => {
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => ({ number: 41, id: 41000, node_id: "I_41" }),
      "graphql TaskmirrorRepositoryNodeIds": () => ({
        repository: {
          id: "R_1",
          labels: { nodes: [{ id: "LA_1", name: "TaskMirror" }], pageInfo: { hasNextPage: false, endCursor: null } },
          milestones: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
        },
      }),
      "graphql TaskmirrorCreateIssue": () => ({ createIssue: { issue: { id: "I_42", number: 42, fullDatabaseId: "42000", parent: { number: 41 } } } }),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "create", key: "T-1", content: content("T-1: parent", block("parent")) },
        { kind: "create", key: "T-2", content: content("T-2: child", block(`under ${refToken("T-1")}`)) },
        // A child with assignees stays on REST (its refusals name the logins): created, then linked.
        { kind: "create", key: "T-3", content: { ...content("T-3: assigned", block("x")), assignees: ["alice"] } },
        { kind: "link-parent", key: "T-2", parentKey: "T-1", replace: false },
        { kind: "link-parent", key: "T-3", parentKey: "T-1", replace: false },
      ],
    };
    const counts = await applyPlan(scope, plan, [], "app[bot]", { graphql: true });
    expect(calls.map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      "graphql TaskmirrorRepositoryNodeIds",
      "graphql TaskmirrorCreateIssue",
      "POST /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    ]);
    expect(calls[3]?.params).toEqual({ input: { repositoryId: "R_1", title: "T-2: child", body: block("under #41"), labelIds: ["LA_1"], parentIssueId: "I_41" } });
    expect([counts.created, counts.linked, counts.failed]).toEqual([3, 2, 0]);

    const rest = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => ({ number: 41, id: 41000, node_id: "I_41" }),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
    });
    await applyPlan(rest.scope, { notes: [], operations: plan.operations.slice(0, 2).concat(plan.operations[3]!) }, [], "app[bot]", { graphql: false });
    expect(rest.calls.map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    ]);
  });

  it("names created issues by number in bodies and by id in sub-issue and dependency requests", async () => {
    let next = 40;
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/labels": () => ({}),
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => {
        next += 1;
        return { number: next, id: next * 1000 };
      },
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": () => ({}),
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "ensure-label", name: "taskmirror", color: "ededed", description: "Mirrored" },
        { kind: "create", key: "T-1", content: content("T-1: parent", block("parent")) },
        { kind: "create", key: "T-2", content: content("T-2: child", block(`after ${refToken("T-1")} and ${refToken("T-9")}`)), close: "completed" },
        { kind: "link-parent", key: "T-2", parentKey: "T-1", replace: false },
        { kind: "add-blocked-by", key: "T-2", blockerKey: "OLD" },
        { kind: "remove-blocked-by", key: "OLD", blockerKey: "T-1" },
        { kind: "update", key: "OLD", number: 7, changes: { body: block(`needs ${refToken("T-2")}`) }, fields: ["body"] },
      ],
    };
    const counts = await applyPlan(scope, plan, [mirrored(7, "OLD", { key: "OLD", path: "TASKS.md" }, { id: 7007 })], "app[bot]");
    expect(calls).toEqual([
      { route: "POST /repos/{owner}/{repo}/labels", params: { name: "taskmirror", color: "ededed", description: "Mirrored" } },
      { route: "GET /repos/{owner}/{repo}/issues", params: NEWEST },
      { route: "POST /repos/{owner}/{repo}/issues", params: { title: "T-1: parent", body: block("parent"), labels: ["taskmirror"] } },
      { route: "POST /repos/{owner}/{repo}/issues", params: { title: "T-2: child", body: block("after #41 and `T-9`"), labels: ["taskmirror"] } },
      { route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", params: { issue_number: 42, state: "closed", state_reason: "completed" } },
      { route: "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", params: { issue_number: 41, sub_issue_id: 42000 } },
      { route: "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", params: { issue_number: 42, issue_id: 7007 } },
      { route: "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", params: { issue_number: 7, issue_id: 41000 } },
      { route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", params: { issue_number: 7, body: block("needs #42") } },
    ]);
    expect(counts).toEqual({ created: 2, updated: 1, closed: 1, reopened: 0, linked: 2, unlinked: 1, labels: 1, milestones: 0, failed: 0, skipped: 0, rekeyed: 0, crossLinked: 0, adopted: 0 });
  });

  it("posts only the missing comment of a resumed cross-link, reading both issues' comments first", async () => {
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (params) =>
        params.issue_number === 40
          ? [{ user: { login: "app[bot]" }, body: "taskmirror could not tell whether this task is the one #31 tracked" }]
          : [{ user: { login: "someone" }, body: "Is this #40?" }, { user: { login: "app[bot]" }, body: "about #400" }],
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "rekey", key: "p#T026", from: "p#T026", number: 40, path: "p", fromPath: "p", reason: "kept" },
        { kind: "cross-link", key: "p#T026", number: 31, resumed: true, comment: "New, maybe #31.", oldComment: `Maybe ${refToken("p#T026")} now.` },
      ],
    };
    const listed = [mirrored(31, "T026: Old", { key: "p#T026", path: "p" }), mirrored(40, "T026: New", { key: "p#T026", path: "p" })];
    const counts = await applyPlan(scope, plan, listed, "app[bot]");
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":40,"per_page":100}',
      'GET /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":31,"per_page":100}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":31,"body":"Maybe #40 now."}',
    ]);
    // A kept rekey names an issue under its own key: not counted as kept under a new one.
    expect(counts).toMatchObject({ crossLinked: 1, rekeyed: 0, failed: 0 });
  });

  it("unlinks the listed issue a stale blocked-by link names by number, not the issue its key names now", async () => {
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => ({ number: 40, id: 40_000 }),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": () => ({}),
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "create", key: "p#T001", content: content("T001: New", block("new")) },
        { kind: "remove-blocked-by", key: "p#T002", blockerKey: "p#T001", blockerNumber: 1 },
        { kind: "add-blocked-by", key: "p#T002", blockerKey: "p#T001" },
        { kind: "remove-blocked-by", key: "p#T002", blockerKey: "p#T009", blockerNumber: 9 },
      ],
    };
    const listed = [mirrored(1, "T001: Old", { key: "p#T001", path: "p" }, { id: 1001 }), mirrored(2, "T002: Blocked", { key: "p#T002", path: "p" }, { id: 1002 })];
    const counts = await applyPlan(scope, plan, listed, "app[bot]");
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      'GET /repos/{owner}/{repo}/issues {"state":"all","sort":"created","direction":"desc","per_page":100}',
      'POST /repos/{owner}/{repo}/issues {"title":"T001: New","body":"<!-- taskmirror:begin -->\\nnew\\n<!-- taskmirror:end -->\\n","labels":["taskmirror"]}',
      'DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id} {"issue_number":2,"issue_id":1001}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by {"issue_number":2,"issue_id":40000}',
    ]);
    // #9 was not listed: skipped, and no marker repair is attempted for a link no marker records.
    expect(counts).toMatchObject({ created: 1, linked: 1, unlinked: 1, failed: 0, skipped: 1 });
  });

  it("names a rekeyed issue by its new key from its rekey on, and cross-links a created issue with an old one", async () => {
    const listed = [mirrored(26, "T026: Old", { key: "p#T026", path: "p" }), mirrored(31, "T031: Other", { key: "p#T031", path: "p" })];
    const { scope, calls } = stubGitHub({
      // The creation guard sees the old #26, which still carries p#T026: listed, so not a
      // create made since the listing — the matching chose not to reuse it.
      "GET /repos/{owner}/{repo}/issues": () => [restOf(listed[0]!)],
      "POST /repos/{owner}/{repo}/issues": () => ({ number: 40, id: 40_000 }),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": () => ({}),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        // T026's issue #26 is T031's now; the new T026 is created and cross-linked with #31,
        // whose task the matching could not tell apart.
        { kind: "rekey", key: "p#T031", from: "p#T026", number: 26, path: "p", fromPath: "p", reason: "renumbered" },
        { kind: "create", key: "p#T026", content: content("T026: New", block(`after ${refToken("p#T031")}`)) },
        { kind: "cross-link", key: "p#T026", number: 31, comment: "New, maybe #31.", oldComment: `Maybe ${refToken("p#T026")} now.` },
        { kind: "link-parent", key: "p#T026", parentKey: "p#T031", replace: false },
      ],
    };
    const counts = await applyPlan(scope, plan, listed, "app[bot]");
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      `GET /repos/{owner}/{repo}/issues ${JSON.stringify(NEWEST)}`,
      'POST /repos/{owner}/{repo}/issues {"title":"T026: New","body":"<!-- taskmirror:begin -->\\nafter #26\\n<!-- taskmirror:end -->\\n","labels":["taskmirror"]}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":40,"body":"New, maybe #31."}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":31,"body":"Maybe #40 now."}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues {"issue_number":26,"sub_issue_id":40000}',
    ]);
    expect(counts).toMatchObject({ created: 1, rekeyed: 1, crossLinked: 1, linked: 1, failed: 0, skipped: 0, adopted: 0 });
  });

  it("uses an issue made for a task since the listing instead of creating it, but never a person's issue with a pasted marker", async () => {
    const made = mirrored(50, "NEW: stale title", { key: "NEW", path: "TASKS.md" }, { id: 5050, body: block("stale") });
    const pasted = mirrored(51, "copied by hand", { key: "NEW2", path: "TASKS.md" }, { id: 5151, body: block("pasted") });
    const replanned: MirroredIssue[] = [];
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [restOf(pasted, "alice"), restOf(made)],
      "POST /repos/{owner}/{repo}/issues": () => ({ number: 52, id: 5252 }),
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => ({}),
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "create", key: "NEW", content: content("NEW: title", block("new")), close: "completed" },
        { kind: "create", key: "NEW2", content: content("NEW2: child", block(`under ${refToken("NEW")}`)) },
        { kind: "link-parent", key: "NEW2", parentKey: "NEW", replace: false },
      ],
    };
    const counts = await applyPlan(scope, plan, [], "app[bot]", {
      replan: (fresh) => {
        replanned.push(fresh);
        return { kind: "update", key: "NEW", number: fresh.number, changes: { title: "NEW: title" }, fields: ["title"] };
      },
    });
    expect(replanned.map((issue) => issue.number)).toEqual([50]);
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      `GET /repos/{owner}/{repo}/issues ${JSON.stringify(NEWEST)}`,
      'PATCH /repos/{owner}/{repo}/issues/{issue_number} {"issue_number":50,"title":"NEW: title"}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number} {"issue_number":50,"state":"closed","state_reason":"completed"}',
      'POST /repos/{owner}/{repo}/issues {"title":"NEW2: child","body":"<!-- taskmirror:begin -->\\nunder #50\\n<!-- taskmirror:end -->\\n","labels":["taskmirror"]}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues {"issue_number":50,"sub_issue_id":5252}',
    ]);
    expect(counts).toMatchObject({ created: 1, adopted: 1, updated: 1, closed: 1, linked: 1, failed: 0 });
  });

  it("skips a rekey of an issue that was not listed, and what names it", async () => {
    const { scope, calls } = stubGitHub({});
    const counts = await applyPlan(scope, {
      notes: [],
      operations: [
        { kind: "rekey", key: "p#T002", from: "p#T001", number: 9, path: "p", fromPath: "p", reason: "renumbered" },
        { kind: "add-blocked-by", key: "p#T002", blockerKey: "p#T003" },
      ],
    }, [], "app[bot]");
    expect(calls).toEqual([]);
    expect(counts).toMatchObject({ rekeyed: 0, skipped: 2 });
  });

  it("treats an existing label and an existing link as done, and keeps going after a failed operation", async () => {
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/labels": () => {
        throw httpError(422, "Validation Failed", [{ resource: "Label", code: "already_exists", field: "name" }]);
      },
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": () => {
        throw httpError(422, "Validation Failed", [{ resource: "Issue", code: "invalid", field: "title" }]);
      },
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": () => {
        throw httpError(422, "Validation Failed", ["An issue can only have one parent: it is already a sub-issue"]);
      },
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": () => ({}),
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
    });
    const counts = await applyPlan(
      scope,
      {
        notes: [],
        operations: [
          { kind: "ensure-label", name: "taskmirror", color: "ededed", description: "" },
          { kind: "create", key: "NEW", content: content("bad", block("x")) },
          { kind: "link-parent", key: "NEW", parentKey: "A", replace: false },
          { kind: "link-parent", key: "B", parentKey: "A", replace: true },
          { kind: "close", key: "B", number: 2, reason: "not_planned", comment: "Removed from TASKS.md." },
        ],
      },
      [mirrored(1, "A", { key: "A", path: "TASKS.md" }), mirrored(2, "B", { key: "B", path: "TASKS.md" })],
      "app[bot]",
    );
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      'POST /repos/{owner}/{repo}/labels {"name":"taskmirror","color":"ededed","description":""}',
      `GET /repos/{owner}/{repo}/issues ${JSON.stringify(NEWEST)}`,
      'POST /repos/{owner}/{repo}/issues {"title":"bad","body":"<!-- taskmirror:begin -->\\nx\\n<!-- taskmirror:end -->\\n","labels":["taskmirror"]}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues {"issue_number":1,"sub_issue_id":1002,"replace_parent":true}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments {"issue_number":2,"body":"Removed from TASKS.md."}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number} {"issue_number":2,"state":"closed","state_reason":"not_planned"}',
    ]);
    expect(counts).toEqual({ created: 0, updated: 0, closed: 1, reopened: 0, linked: 0, unlinked: 0, labels: 0, milestones: 0, failed: 1, skipped: 1, rekeyed: 0, crossLinked: 0, adopted: 0 });
  });

  it("stops at a rate limit that throttling already waited out", async () => {
    const { scope, calls } = stubGitHub({
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => {
        throw httpError(403, "You have exceeded a secondary rate limit");
      },
    });
    const plan: Plan = {
      notes: [],
      operations: [
        { kind: "reopen", key: "A", number: 1 },
        { kind: "reopen", key: "B", number: 2 },
      ],
    };
    await expect(applyPlan(scope, plan, [], "app[bot]")).rejects.toMatchObject({ status: 403 });
    expect(calls).toHaveLength(1);
  });

  it("creates without assignees when GitHub refuses one, and resolves milestones by title", async () => {
    const created: unknown[] = [];
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/milestones": () => [{ title: "Sprint 1", number: 3 }],
      "POST /repos/{owner}/{repo}/milestones": () => ({ number: 4 }),
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": (params) => {
        created.push(params.assignees);
        if (params.assignees) throw httpError(422, "Validation Failed", [{ resource: "Issue", field: "assignees", code: "invalid", value: "ghost" }]);
        return { number: 5, id: 5005 };
      },
    });
    const counts = await applyPlan(
      scope,
      {
        notes: [],
        operations: [
          { kind: "ensure-milestone", title: "Sprint 2" },
          { kind: "create", key: "A", content: { ...content("A", block("a")), assignees: ["ghost"], milestone: "Sprint 2" } },
        ],
      },
      [],
      "app[bot]",
    );
    expect(created).toEqual([["ghost"], undefined]);
    expect(calls.filter((call) => call.route.startsWith("POST /repos/{owner}/{repo}/issues")).map((call) => call.params.milestone)).toEqual([4, 4]);
    expect(calls.filter((call) => call.route.includes("milestones")).map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/milestones",
      "POST /repos/{owner}/{repo}/milestones",
    ]);
    expect(counts.created).toBe(1);
    expect(counts.milestones).toBe(1);
  });

  it("writes an update without the assignee GitHub refuses, recording the refusal in the marker (read fresh) and saying so once", async () => {
    const marker = renderMarker({ v: 1, key: "A", path: "TASKS.md", done: false, items: {} });
    const fresh = `${block("- [x] ticked since the listing")}${marker}`;
    const patches: Record<string, unknown>[] = [];
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues/{issue_number}": () => ({ number: 7, id: 7007, body: fresh }),
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": (params) => {
        const { owner: _o, repo: _r, ...rest } = params;
        patches.push(rest);
        if ((params.assignees as string[]).includes("ghost")) {
          throw httpError(422, "Validation Failed", [{ value: "ghost", resource: "Issue", field: "assignees", code: "invalid" }]);
        }
        return {};
      },
    });
    const warnings: unknown[] = [];
    scope.log = Object.assign(Object.create(scope.log), { warn: (...args: unknown[]) => warnings.push(args) });
    const counts = await applyPlan(
      scope,
      { notes: [], operations: [{ kind: "update", key: "A", number: 7, changes: { assignees: ["ann", "ghost"] }, fields: ["assignees"] }] },
      [],
      "app[bot]",
    );
    const recorded = renderMarker({ v: 1, key: "A", path: "TASKS.md", done: false, items: {}, unassignable: { logins: ["ghost"], of: ["ann", "ghost"] } });
    expect(patches).toEqual([
      { issue_number: 7, assignees: ["ann", "ghost"] },
      { issue_number: 7, assignees: ["ann"], body: `${block("- [x] ticked since the listing")}${recorded}` },
    ]);
    expect(calls.map((call) => call.route)).toEqual([
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    ]);
    expect(counts).toMatchObject({ updated: 1, failed: 0 });
    expect(warnings).toEqual([[{ key: "A", issue: 7, assignees: ["ghost"] }, expect.stringContaining("GitHub cannot assign ghost")]]);
  });

  it("drops every assignee sent when GitHub's refusal names none, and still fails other 422s", async () => {
    const { scope } = stubGitHub({
      "GET /repos/{owner}/{repo}/issues": () => [],
      "POST /repos/{owner}/{repo}/issues": (params) => {
        if (params.assignees) throw httpError(422, "Validation Failed", [{ resource: "Issue", field: "assignees", code: "invalid" }]);
        return { number: 9, id: 9009 };
      },
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => {
        throw httpError(422, "Validation Failed", [{ resource: "Issue", field: "title", code: "invalid" }]);
      },
    });
    const counts = await applyPlan(
      scope,
      {
        notes: [],
        operations: [
          { kind: "create", key: "B", content: { ...content("B", block("b")), assignees: ["x", "y"] } },
          { kind: "update", key: "C", number: 3, changes: { assignees: ["ann"] }, fields: ["assignees"] },
        ],
      },
      [],
      "app[bot]",
    );
    expect(counts).toMatchObject({ created: 1, updated: 0, failed: 1 });
  });

  describe("re-reads an issue right before writing its body", () => {
    const marker = renderMarker({ v: 1, key: "A", path: "TASKS.md", done: false, items: {} });
    const listed = mirrored(7, "A", { key: "A", path: "TASKS.md" }, { id: 7007, body: `${block("- [ ] one")}${marker}` });
    const rest = (body: string) => ({ id: 7007, number: 7, title: "A", body, state: "open", labels: [] });
    const update = (body: string) => ({ kind: "update" as const, key: "A", number: 7, changes: { body }, fields: ["body" as const] });
    const plan = (body: string): Plan => ({ notes: [], operations: [update(body)] });

    it("writes the planned body when the issue is as listed, without planning again", async () => {
      const replanned: MirroredIssue[] = [];
      const { scope, calls } = stubGitHub({
        "GET /repos/{owner}/{repo}/issues/{issue_number}": () => rest(listed.body),
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
      });
      const counts = await applyPlan(scope, plan("new"), [listed], "app[bot]", {
        replan: (fresh) => {
          replanned.push(fresh);
          return undefined;
        },
      });
      expect(calls.map((call) => call.route)).toEqual(["GET /repos/{owner}/{repo}/issues/{issue_number}", "PATCH /repos/{owner}/{repo}/issues/{issue_number}"]);
      expect(calls[1]?.params).toEqual({ issue_number: 7, body: "new" });
      expect(replanned).toEqual([]);
      expect(counts.updated).toBe(1);
    });

    it("plans the update again against a body a person edited since the listing", async () => {
      const edited = `${block("- [x] one")}${marker}`;
      const replanned: string[] = [];
      const { scope, calls } = stubGitHub({
        "GET /repos/{owner}/{repo}/issues/{issue_number}": () => rest(edited),
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}": () => ({}),
      });
      await applyPlan(scope, plan("stale"), [listed], "app[bot]", {
        replan: (fresh) => {
          replanned.push(fresh.body);
          return update("merged");
        },
      });
      expect(replanned).toEqual([edited]);
      expect(calls.at(-1)).toEqual({ route: "PATCH /repos/{owner}/{repo}/issues/{issue_number}", params: { issue_number: 7, body: "merged" } });
    });

    it("writes nothing when the new plan has nothing to write, or the marker is gone", async () => {
      for (const body of [`${block("- [x] one")}${marker}`, "a person replaced the whole body"]) {
        const { scope, calls } = stubGitHub({ "GET /repos/{owner}/{repo}/issues/{issue_number}": () => rest(body) });
        const counts = await applyPlan(scope, plan("stale"), [listed], "app[bot]", { replan: () => undefined });
        expect(calls.map((call) => call.route)).toEqual(["GET /repos/{owner}/{repo}/issues/{issue_number}"]);
        expect(counts).toMatchObject({ updated: 0, failed: 0 });
      }
    });
  });
});

import { describe, expect, it } from "vitest";
import type { MirroredIssue, Operation } from "../../../src/core/plan/types.js";
import { planSync } from "../../../src/core/plan/plan-sync.js";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";
import { replaceMarker } from "../../../src/core/render/replace-marker.js";
import { SUB_ISSUE_DEPTH_MAX, SUB_ISSUES_PER_PARENT_MAX } from "../../../src/core/limits.js";
import { applyInMemory, emptyWorld, type World } from "./apply-in-memory.js";
import { buildTask, doc, SOURCE, type TaskSpec } from "../support/build.js";
import { config, kinds, planWorld, synced, withDocuments } from "./plan-world.js";
import { seedLikeDocuments } from "./seed-like.js";

const oneTask = (spec: TaskSpec = {}, key = "TASK-001", path = "docs/TASKS.md") => [doc(path, [buildTask(key, spec)])];
const issueOf = (world: World, key: string): MirroredIssue => {
  const issue = world.issues.find((i) => i.marker.key === key);
  if (!issue) throw new Error(`no issue for ${key}`);
  return issue;
};
const withIssue = (world: World, key: string, change: (issue: MirroredIssue) => Partial<MirroredIssue>): World => ({
  ...world,
  issues: world.issues.map((issue) => (issue.marker.key === key ? { ...issue, ...change(issue) } : issue)),
});
/** The issue body with the box of `itemKey` ticked or unticked, as the web UI does it. */
const tickInIssue = (body: string, itemKey: string, checked: boolean): string => {
  const item = readIssueChecklist(body).find((i) => i.key === itemKey);
  if (!item) throw new Error(`no item ${itemKey}`);
  return body.slice(0, item.offset) + (checked ? "x" : " ") + body.slice(item.offset + 1);
};
const issueChecks = (world: World, key: string) =>
  Object.fromEntries(readIssueChecklist(issueOf(world, key).body).map((i) => [i.key, i.checked]));

describe("planSync: a first sync", () => {
  const world = emptyWorld(seedLikeDocuments());
  const plan = planWorld(world);

  it("creates blockers and parents before the tasks that need them, else in document order", () => {
    expect(plan.operations.flatMap((op) => (op.kind === "create" ? [op.key] : []))).toEqual([
      "TASK-001",
      "TASK-003",
      "TASK-002",
      "TASK-004",
      "TASK-004.1",
      "specs/001-auth/tasks.md#T001",
      "specs/001-auth/tasks.md#T002",
      "PLAN.md#Database schema",
    ]);
  });

  it("orders ensure-label first, then creates, closes, links, blocked-by links", () => {
    const order = [...new Set(kinds(plan))];
    expect(order).toEqual(["ensure-label", "create", "link-parent", "add-blocked-by"]);
  });

  it("creates each missing label once, with its colour and description", () => {
    const labels = plan.operations.filter((op): op is Extract<Operation, { kind: "ensure-label" }> => op.kind === "ensure-label");
    expect(labels.map((op) => op.name)).toEqual([
      "priority: P0",
      "phase: 1",
      "role: DevOps Engineer",
      "taskmirror",
      "priority: P2",
      "status: done",
      "priority: P1",
      "status: in progress",
      "priority: P3",
      "phase: 2",
      "parallel",
      "story: US1",
    ]);
    expect(labels[0]).toEqual({ kind: "ensure-label", name: "priority: P0", color: "b60205", description: "Task priority P0 (taskmirror)" });
  });

  it("creates done tasks closed (completed), and links parents and known blockers only", () => {
    const creates = plan.operations.filter((op): op is Extract<Operation, { kind: "create" }> => op.kind === "create");
    expect(creates.filter((op) => op.close).map((op) => [op.key, op.close])).toEqual([
      ["TASK-003", "completed"],
      ["specs/001-auth/tasks.md#T001", "completed"],
    ]);
    expect(plan.operations.filter((op) => op.kind === "link-parent" || op.kind === "add-blocked-by")).toEqual([
      { kind: "link-parent", key: "TASK-004.1", parentKey: "TASK-004", replace: false },
      { kind: "add-blocked-by", key: "TASK-002", blockerKey: "TASK-003" },
      { kind: "add-blocked-by", key: "TASK-002", blockerKey: "TASK-001" },
      { kind: "add-blocked-by", key: "specs/001-auth/tasks.md#T002", blockerKey: "specs/001-auth/tasks.md#T001" },
    ]);
  });

  it("writes titles, labels, and dependencies as reference tokens until the blocker exists", () => {
    const create = plan.operations.find((op) => op.kind === "create" && op.key === "TASK-002");
    expect(create?.kind === "create" && create.content.title).toBe("TASK-002: Rate limiting");
    expect(create?.kind === "create" && create.content.labels).toEqual(["priority: P1", "status: in progress", "phase: 1", "taskmirror"]);
    expect(create?.kind === "create" && create.content.body).toContain(
      "**Depends on:** <!-- taskmirror:ref:TASK-003 -->, <!-- taskmirror:ref:TASK-001 -->",
    );
    const child = plan.operations.find((op) => op.kind === "create" && op.key === "TASK-004.1");
    expect(child?.kind === "create" && child.content.body).toContain("**Depends on:** `TASK-999`");
  });

  it("is idempotent: planning against the issues it produced plans nothing", () => {
    const after = applyInMemory(plan, world);
    expect(after.issues.find((i) => i.marker.key === "TASK-002")?.body).toContain("**Depends on:** #2, #1");
    expect(issueOf(after, "TASK-004.1").parentNumber).toBe(issueOf(after, "TASK-004").number);
    expect(planWorld(after)).toEqual({ operations: [], notes: [] });
  });
});

describe("planSync: updates only what changed", () => {
  const base = synced(oneTask({ fields: { priority: "P1" }, items: ["One", "Two"], line: 3 }));

  it("plans nothing for a push at another commit where the task moved lines but did not change", () => {
    const moved = withDocuments(base, oneTask({ fields: { priority: "P1" }, items: ["One", "Two"], line: 40 }));
    expect(planWorld(moved, { sha: "b".repeat(40) }).operations).toEqual([]);
  });

  it("updates the title alone when only the title changed", () => {
    const renamed = withDocuments(base, oneTask({ title: "New title", fields: { priority: "P1" }, items: ["One", "Two"], line: 3 }));
    expect(planWorld(renamed).operations).toEqual([
      { kind: "update", key: "TASK-001", number: 1, changes: { title: "TASK-001: New title" }, fields: ["title"] },
    ]);
  });

  it("updates labels (as a set) and the body's metadata when the priority changed, and ensures the new label", () => {
    const changed = withDocuments(base, oneTask({ fields: { priority: "P0" }, items: ["One", "Two"], line: 3 }));
    const plan = planWorld(changed);
    expect(kinds(plan)).toEqual(["ensure-label", "update"]);
    const update = plan.operations[1];
    expect(update?.kind === "update" && update.fields).toEqual(["body", "labels"]);
    expect(update?.kind === "update" && update.changes.labels).toEqual(["taskmirror", "priority: P0"]);
  });

  it("keeps labels a person added and ignores label order and case", () => {
    const human = withIssue(base, "TASK-001", (issue) => ({ labels: ["needs-design", "TASKMIRROR", ...issue.labels.filter((l) => l !== "taskmirror").reverse()] }));
    expect(planWorld(human).operations).toEqual([]);
    const changed = withDocuments(human, oneTask({ fields: { priority: "P2" }, items: ["One", "Two"], line: 3 }));
    const update = planWorld(changed, {}).operations.find((op) => op.kind === "update");
    expect(update?.kind === "update" && update.changes.labels).toEqual(["needs-design", "TASKMIRROR", "priority: P2"]);
  });

  it("keeps text a person wrote around the block byte-identical in the updated body", () => {
    const issue = issueOf(base, "TASK-001");
    const human = withIssue(base, "TASK-001", () => ({ body: `Note from Ann\r\n\r\n${issue.body}\r\n\r\n> see also #3  ` }));
    expect(planWorld(human).operations).toEqual([]);
    const changed = withDocuments(human, oneTask({ fields: { priority: "P1" }, items: ["One", "Two", "Three"], line: 3 }));
    const update = planWorld(changed).operations.find((op) => op.kind === "update");
    const body = update?.kind === "update" ? (update.changes.body ?? "") : "";
    expect(body.startsWith("Note from Ann\r\n\r\n<!-- taskmirror:begin -->")).toBe(true);
    expect(body.endsWith("-->\r\n\r\n> see also #3  ")).toBe(true);
    expect(body).toContain("- [ ] Three");
  });

  it("does not rewrite a body that a person's edit only turned into CRLF", () => {
    const crlf = withIssue(base, "TASK-001", (issue) => ({ body: issue.body.replace(/\n/g, "\r\n") }));
    expect(planWorld(crlf).operations).toEqual([]);
  });

  it("updates assignees as a set, and only when the document names any", () => {
    const assigned = synced(oneTask({ fields: { assignees: ["ann", "bob"] } }));
    expect(issueOf(assigned, "TASK-001").assignees).toEqual(["ann", "bob"]);
    expect(planWorld(withIssue(assigned, "TASK-001", () => ({ assignees: ["Bob", "ann"] }))).operations).toEqual([]);
    const changed = withIssue(assigned, "TASK-001", () => ({ assignees: ["ann"] }));
    expect(planWorld(changed).operations).toEqual([
      { kind: "update", key: "TASK-001", number: 1, changes: { assignees: ["ann", "bob"] }, fields: ["assignees"] },
    ]);
    const unnamed = withIssue(synced(oneTask()), "TASK-001", () => ({ assignees: ["carol"] }));
    expect(planWorld(unnamed).operations).toEqual([]);
    const off = config({ assignees: false });
    expect(planWorld(changed, { config: off }).operations).toEqual([]);
  });

  it("does not ask again for assignees GitHub refused for the same assignee list, and tries afresh when the list changes", () => {
    const assigned = synced(oneTask({ fields: { assignees: ["ann", "ghost"] } }));
    // What the applier leaves after GitHub refused `ghost`: the issue without it, the refusal in the marker.
    const refused = withIssue(assigned, "TASK-001", (issue) => {
      const marker = { ...issue.marker, unassignable: { logins: ["ghost"], of: ["ann", "ghost"] } };
      return { assignees: ["ann"], marker, body: replaceMarker(issue.body, marker) };
    });
    expect(planWorld(refused).operations).toEqual([]);
    const more = withDocuments(refused, oneTask({ fields: { assignees: ["ann", "ghost", "bob"] } }));
    const update = planWorld(more).operations.find((op): op is Extract<Operation, { kind: "update" }> => op.kind === "update");
    expect(update?.changes.assignees).toEqual(["ann", "ghost", "bob"]);
    expect(update?.changes.body).not.toContain("unassignable");
    const fewer = withDocuments(refused, oneTask({ fields: { assignees: ["ghost"] } }));
    expect(planWorld(fewer).operations.find((op) => op.kind === "update")).toMatchObject({ changes: { assignees: ["ghost"] } });
  });

  it("turns sprints into milestones when enabled, ensuring each missing milestone once", () => {
    const on = config({ milestones: true });
    const docs = [doc("a.md", [
      buildTask("A-1", { fields: { sprint: "Sprint 1" } }),
      buildTask("A-2", { fields: { sprint: "Sprint 1" } }),
      buildTask("A-3", { fields: { sprint: "Sprint 2" } }),
    ])];
    const world = { ...emptyWorld(docs), milestones: ["Sprint 2"] };
    const plan = planWorld(world, { config: on });
    expect(plan.operations.filter((op) => op.kind === "ensure-milestone")).toEqual([{ kind: "ensure-milestone", title: "Sprint 1" }]);
    const after = applyInMemory(plan, world);
    expect(after.issues.map((i) => i.milestone?.title)).toEqual(["Sprint 1", "Sprint 1", "Sprint 2"]);
    expect(planWorld(after, { config: on }).operations).toEqual([]);
    const moved = withDocuments(after, [doc("a.md", [
      buildTask("A-1", { fields: { sprint: "Sprint 2" } }),
      buildTask("A-2", { fields: { sprint: "Sprint 1" } }),
      buildTask("A-3", { fields: { sprint: "Sprint 2" } }),
    ])]);
    expect(planWorld(moved, { config: on }).operations).toEqual([
      { kind: "update", key: "A-1", number: 1, changes: { body: expect.any(String), milestone: "Sprint 2" }, fields: ["body", "milestone"] },
    ]);
  });
});

describe("planSync: lifecycle", () => {
  // file done? | marker base done | issue state, reason → operations
  const table: [boolean, boolean, "open" | "closed", MirroredIssue["stateReason"], string[]][] = [
    [false, false, "open", null, []],
    [true, false, "open", null, ["close completed"]],
    [true, true, "closed", "completed", []],
    [false, true, "closed", "completed", ["reopen"]],
    [false, false, "closed", "completed", ["toggle-file  true"]],
    [true, true, "open", "reopened", ["toggle-file  false"]],
    [true, false, "closed", "completed", []],
    [false, true, "open", "reopened", []],
    [false, false, "closed", "not_planned", ["reopen"]],
    [true, false, "closed", "not_planned", ["close completed"]],
    [false, false, "closed", "duplicate", ["reopen"]],
  ];
  it.each(table)("file done %s, base %s, issue %s (%s) → %j", (fileDone, base, state, reason, expected) => {
    const world = synced(oneTask({ box: fileDone }));
    const issue = issueOf(world, "TASK-001");
    const body = issue.body.replace(/"done":(true|false)/, `"done":${base}`);
    const current = withIssue(world, "TASK-001", () => ({ state, stateReason: reason, body, marker: { ...issue.marker, done: base } }));
    const ops = planWorld(current).operations.flatMap((op) => {
      if (op.kind === "close") return [`close ${op.reason}`];
      if (op.kind === "reopen") return ["reopen"];
      if (op.kind === "toggle-file") return [`toggle-file ${op.itemKey} ${op.checked}`];
      return [];
    });
    expect(ops).toEqual(expected);
  });

  it("treats a done status like a ticked box, and closes a cancelled task as not planned for good", () => {
    const world = emptyWorld(oneTask({ fields: { status: "cancelled" } }));
    const plan = planWorld(world);
    expect(plan.operations.find((op) => op.kind === "create")).toMatchObject({ close: "not_planned" });
    const after = applyInMemory(plan, world);
    expect(planWorld(after).operations).toEqual([]);
    const done = withDocuments(synced(oneTask()), oneTask({ fields: { status: "done" } }));
    expect(planWorld(done).operations.filter((op) => op.kind === "close")).toEqual([
      { kind: "close", key: "TASK-001", number: 1, reason: "completed" },
    ]);
  });

  it("writes a person's close back to the file, then plans nothing once the file has it", () => {
    const world = synced(oneTask({ box: false }));
    const closed = withIssue(world, "TASK-001", () => ({ state: "closed", stateReason: "completed" }));
    const plan = planWorld(closed);
    // The marker keeps the file's state as its base until the tick is in the file (a failed
    // write is planned again), so the issue itself needs no write.
    expect(plan.operations).toEqual([{ kind: "toggle-file", key: "TASK-001", path: "docs/TASKS.md", itemKey: "", checked: true }]);
    const after = applyInMemory(plan, closed);
    expect(issueOf(after, "TASK-001").marker.done).toBe(true);
    expect(planWorld(after).operations).toEqual([]);
  });

  it("leaves a person's close of a task with no box and no status field as it is, planning no write", () => {
    const world = synced(oneTask({}));
    const closed = withIssue(world, "TASK-001", () => ({ state: "closed", stateReason: "completed" }));
    expect(planWorld(closed).operations).toEqual([]);
  });

  it("keeps the issue of a task that moved to another file, updating its source path", () => {
    const world = synced(oneTask({ box: false }, "TASK-001", "docs/TASKS.md"));
    const moved = withDocuments(world, oneTask({ box: false }, "TASK-001", "docs/archive/TASKS.md"));
    const plan = planWorld(moved);
    expect(kinds(plan)).toEqual(["update"]);
    const after = applyInMemory(plan, moved);
    expect(issueOf(after, "TASK-001").marker.path).toBe("docs/archive/TASKS.md");
    expect(issueOf(after, "TASK-001").body).toContain("/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/docs/archive/TASKS.md#L1-L3");
    expect(planWorld(after).operations).toEqual([]);
  });

  it("closes the issue of a removed task as not planned, with a comment naming its file, once", () => {
    const world = synced([doc("docs/TASKS.md", [buildTask("TASK-001"), buildTask("TASK-002")])]);
    const removed = withDocuments(world, [doc("docs/TASKS.md", [buildTask("TASK-001")])]);
    const plan = planWorld(removed);
    expect(plan.operations).toEqual([
      {
        kind: "close",
        key: "TASK-002",
        number: 2,
        reason: "not_planned",
        comment: "Closed as not planned: task `TASK-002` was removed from `docs/TASKS.md`. Put it back in a task document to reopen this issue.",
      },
    ]);
    const after = applyInMemory(plan, removed);
    expect(planWorld(after).operations).toEqual([]);
    expect(planWorld(removed, { config: config({ removedTasks: "keep" }) }).operations).toEqual([]);

    const readded = withDocuments(after, world.documents);
    const reopen = planWorld(readded);
    expect(reopen.operations).toEqual([
      { kind: "reopen", key: "TASK-002", number: 2, comment: "Reopened: task `TASK-002` is in `docs/TASKS.md` and is not done." },
    ]);
    expect(planWorld(applyInMemory(reopen, readded)).operations).toEqual([]);
  });
});

describe("planSync: two-way checkbox merge", () => {
  // base | file | issue → state in the issue body, write-back to the file
  const table: [boolean | undefined, boolean, boolean, boolean, boolean | null][] = [
    [false, false, false, false, null],
    [false, false, true, true, true],
    [false, true, false, true, null],
    [false, true, true, true, null],
    [true, false, false, false, null],
    [true, false, true, false, null],
    [true, true, false, false, false],
    [true, true, true, true, null],
    [undefined, false, false, false, null],
    [undefined, false, true, true, true],
    [undefined, true, false, true, null],
    [undefined, true, true, true, null],
  ];
  it.each(table)("base %s, file %s, issue %s → %s in the issue, write-back %s", (base, file, issue, merged, writeBack) => {
    const world = synced(oneTask({ items: ["Other", ["Item", base ?? false]] }));
    const current = issueOf(world, "TASK-001");
    let body = tickInIssue(current.body, "item", issue);
    if (base === undefined) body = body.replace(/"items":\[[^\]]*\]/, '"items":[]');
    const items: Record<string, boolean> = base === undefined ? {} : { item: base };
    const marker = { ...current.marker, items };
    const state = withDocuments(
      withIssue(world, "TASK-001", () => ({ body, marker })),
      oneTask({ items: ["Other", ["Item", file]] }),
    );
    const plan = planWorld(state);
    expect(plan.operations.filter((op) => op.kind === "toggle-file")).toEqual(
      writeBack === null ? [] : [{ kind: "toggle-file", key: "TASK-001", path: "docs/TASKS.md", itemKey: "item", checked: writeBack }],
    );
    const after = applyInMemory(plan, state);
    expect(issueChecks(after, "TASK-001")).toEqual({ other: false, item: merged });
    expect(after.documents[0]?.tasks[0]?.checklist[1]?.checked).toBe(merged);
    expect(issueOf(after, "TASK-001").marker.items).toEqual(merged ? { item: true } : {});
    expect(planWorld(after).operations).toEqual([]);
  });

  it("adds, removes and renames items by key, keeping ticks on the items that stay", () => {
    const world = synced(oneTask({ items: ["Alpha", "Beta", "Gamma"] }));
    let body = tickInIssue(issueOf(world, "TASK-001").body, "beta", true);
    body = tickInIssue(body, "gamma", true);
    const ticked = withIssue(world, "TASK-001", () => ({ body }));
    const edited = withDocuments(ticked, oneTask({ items: ["New first", "Beta", "Gamma renamed", ["Delta", true]] }));
    const plan = planWorld(edited);
    expect(plan.operations.filter((op) => op.kind === "toggle-file")).toEqual([
      { kind: "toggle-file", key: "TASK-001", path: "docs/TASKS.md", itemKey: "beta", checked: true },
    ]);
    const after = applyInMemory(plan, edited);
    expect(issueChecks(after, "TASK-001")).toEqual({ "new first": false, beta: true, "gamma renamed": false, delta: true });
    expect(planWorld(after).operations).toEqual([]);
  });

  it("plans a write-back again until the file has it, without rewriting the issue meanwhile", () => {
    const world = synced(oneTask({ items: ["Alpha", "Beta"] }));
    const ticked = withIssue(world, "TASK-001", (issue) => ({ body: tickInIssue(issue.body, "beta", true) }));
    const first = planWorld(ticked);
    const writeBack = { kind: "toggle-file", key: "TASK-001", path: "docs/TASKS.md", itemKey: "beta", checked: true };
    expect(first.operations).toEqual([writeBack]);
    // The commit failed (or writeBack is off): the issues are as they were; the tick is kept
    // and planned again, never lost to a stale base.
    const again = planWorld(applyInMemory({ notes: [], operations: first.operations.filter((op) => op.kind !== "toggle-file") }, ticked));
    expect(again.operations).toEqual([writeBack]);
    expect(issueChecks(ticked, "TASK-001")).toEqual({ alpha: false, beta: true });
  });

  it("keys repeated items by occurrence, so ticking the second repeat ticks the second one", () => {
    const world = synced(oneTask({ items: ["Review", "Review"] }));
    const body = tickInIssue(issueOf(world, "TASK-001").body, "review#2", true);
    const plan = planWorld(withIssue(world, "TASK-001", () => ({ body })));
    expect(plan.operations.filter((op) => op.kind === "toggle-file")).toEqual([
      { kind: "toggle-file", key: "TASK-001", path: "docs/TASKS.md", itemKey: "review#2", checked: true },
    ]);
  });
});

describe("planSync: hierarchy and dependencies", () => {
  it("re-parents with replace, and unlinks only a parent it linked itself", () => {
    const docs = (parentKey?: string) => [doc("t.md", [
      buildTask("P-1"),
      buildTask("P-2"),
      buildTask("C-1", parentKey === undefined ? {} : { parentKey }),
    ])];
    const world = synced(docs("P-1"));
    expect(issueOf(world, "C-1").parentNumber).toBe(1);
    const moved = planWorld(withDocuments(world, docs("P-2")));
    expect(moved.operations.filter((op) => op.kind !== "update")).toEqual([
      { kind: "link-parent", key: "C-1", parentKey: "P-2", replace: true },
    ]);
    const orphan = withDocuments(world, docs());
    const unlinked = planWorld(orphan);
    expect(unlinked.operations.filter((op) => op.kind !== "update")).toEqual([
      { kind: "unlink-parent", key: "C-1", parentKey: "P-1", parentNumber: 1 },
    ]);
    expect(planWorld(applyInMemory(unlinked, orphan)).operations).toEqual([]);
    const personChose = withIssue(orphan, "C-1", () => ({ parentNumber: 2 }));
    expect(planWorld(personChose).operations.filter((op) => op.kind !== "update")).toEqual([]);
    const relinkAfterPersonUnlinked = withIssue(world, "C-1", () => ({ parentNumber: null }));
    expect(planWorld(relinkAfterPersonUnlinked).operations).toEqual([
      { kind: "link-parent", key: "C-1", parentKey: "P-1", replace: false },
    ]);
  });

  it(`links at most ${SUB_ISSUES_PER_PARENT_MAX} children per parent, with a note`, () => {
    const children = Array.from({ length: SUB_ISSUES_PER_PARENT_MAX + 2 }, (_, i) =>
      buildTask(`C-${i + 1}`, { parentKey: "P-1", line: i + 3 }),
    );
    const plan = planWorld(emptyWorld([doc("t.md", [buildTask("P-1", { line: 1 }), ...children])]));
    const links = plan.operations.filter((op) => op.kind === "link-parent");
    expect(links).toHaveLength(SUB_ISSUES_PER_PARENT_MAX);
    expect(links.at(-1)).toEqual({ kind: "link-parent", key: `C-${SUB_ISSUES_PER_PARENT_MAX}`, parentKey: "P-1", replace: false });
    expect(plan.notes).toEqual([{
      code: "too-many-children",
      severity: "notice",
      path: "t.md",
      line: 1,
      column: 1,
      message: 'Task "P-1" has 102 child tasks; GitHub allows 100 sub-issues per issue, so the last 2 are not linked.',
    }]);
  });

  it(`links at most ${SUB_ISSUE_DEPTH_MAX} levels deep, with a note per task beyond`, () => {
    const chain = Array.from({ length: SUB_ISSUE_DEPTH_MAX + 2 }, (_, i) =>
      buildTask(`L-${i + 1}`, { line: i + 1, ...(i > 0 ? { parentKey: `L-${i}` } : {}) }),
    );
    const plan = planWorld(emptyWorld([doc("t.md", chain)]));
    expect(plan.operations.filter((op) => op.kind === "link-parent").map((op) => op.key)).toEqual(
      ["L-2", "L-3", "L-4", "L-5", "L-6", "L-7", "L-8"],
    );
    expect(plan.notes.map((n) => [n.code, n.line])).toEqual([["too-deep", 9], ["too-deep", 10]]);
  });

  it("makes no parent operations when sub-issues are off, and no blocked-by when dependencies are off", () => {
    const docs = [doc("t.md", [buildTask("P-1"), buildTask("C-1", { parentKey: "P-1", dependsOn: ["P-1"] })])];
    const plan = planWorld(emptyWorld(docs), { config: config({ subIssues: false, dependencies: false }) });
    expect([...new Set(kinds(plan))]).toEqual(["ensure-label", "create"]);
    const world = synced(docs);
    expect(planWorld(withDocuments(world, [doc("t.md", [buildTask("P-1"), buildTask("C-1")])]), {
      config: config({ subIssues: false, dependencies: false }),
    }).operations.filter((op) => op.kind !== "update")).toEqual([]);
  });

  it("adds and removes blocked-by links as dependencies change", () => {
    const docs = (deps: string[]) => [doc("t.md", [buildTask("A-1"), buildTask("A-2"), buildTask("A-3", { dependsOn: deps })])];
    const world = synced(docs(["A-1"]));
    expect(world.blockedBy.get("A-3")).toEqual(new Set(["A-1"]));
    const changed = withDocuments(world, docs(["A-2"]));
    const plan = planWorld(changed);
    expect(plan.operations.filter((op) => op.kind !== "update")).toEqual([
      { kind: "remove-blocked-by", key: "A-3", blockerKey: "A-1" },
      { kind: "add-blocked-by", key: "A-3", blockerKey: "A-2" },
    ]);
    const after = applyInMemory(plan, changed);
    expect(after.blockedBy.get("A-3")).toEqual(new Set(["A-2"]));
    expect(planWorld(after).operations).toEqual([]);
  });

  it("creates the members of a dependency cycle in document order, after the tasks that are ready", () => {
    const docs = [doc("t.md", [buildTask("A-1", { dependsOn: ["A-2"] }), buildTask("A-2", { dependsOn: ["A-1"] }), buildTask("A-0")])];
    const world = emptyWorld(docs);
    const plan = planWorld(world);
    expect(plan.operations.flatMap((op) => (op.kind === "create" ? [op.key] : []))).toEqual(["A-0", "A-1", "A-2"]);
    // A-1's blocker has no number yet when A-1 is created; the next sync fills it in.
    const after = applyInMemory(plan, world);
    expect(issueOf(after, "A-1").body).toContain("**Depends on:** `A-2`");
    const second = planWorld(after);
    expect(second.operations).toEqual([
      { kind: "update", key: "A-1", number: 2, changes: { body: expect.stringContaining("**Depends on:** #3") }, fields: ["body"] },
    ]);
    expect(planWorld(applyInMemory(second, after)).operations).toEqual([]);
  });
});

describe("planSync: what it will not write", () => {
  it("skips every task of a duplicated key, with a note, and leaves its issue alone", () => {
    const world = synced(oneTask());
    const docs = [
      doc("docs/TASKS.md", [buildTask("TASK-001", { title: "One" }), buildTask("TASK-002")]),
      doc("other/TASKS.md", [buildTask("TASK-001", { title: "Other", line: 7 })]),
    ];
    const plan = planWorld(withDocuments(world, docs));
    expect(plan.operations.map((op) => `${op.kind} ${"key" in op ? op.key : ""}`)).toEqual(["create TASK-002"]);
    expect(plan.notes.map((n) => [n.code, n.path, n.line])).toEqual([
      ["skipped-task", "docs/TASKS.md", 1],
      ["skipped-task", "other/TASKS.md", 7],
    ]);
  });

  it("skips a task the validator reports as a duplicate key", () => {
    const docs = oneTask();
    const plan = planSync({
      documents: docs,
      issues: [],
      config: config(),
      source: SOURCE,
      diagnostics: [{ code: "duplicate-key", severity: "error", path: "docs/TASKS.md", line: 1, column: 1, message: "dup" }],
    });
    expect(plan.operations).toEqual([]);
    expect(plan.notes.map((n) => n.code)).toEqual(["skipped-task"]);
  });

  it("syncs the oldest of two issues carrying the same marker, and says so", () => {
    const world = synced(oneTask());
    const copy = { ...issueOf(world, "TASK-001"), number: 9, id: 1009, title: "changed by hand" };
    const plan = planWorld({ ...world, issues: [copy, ...world.issues] });
    expect(plan.operations).toEqual([]);
    expect(plan.notes.map((n) => n.code)).toEqual(["duplicate-issue"]);
  });
});

import { describe, expect, it } from "vitest";
import type { Operation } from "../../../src/core/plan/types.js";
import { renderPlan } from "../../../src/core/render/render-plan.js";
import { applyInMemory, type World } from "./apply-in-memory.js";
import { issueList, issueTitled, mirror, openSpec, push, read, specKit } from "./identity-world.js";
import { config, planWorld, synced, withDocuments } from "./plan-world.js";
import { buildTask, doc } from "../support/build.js";

/**
 * Identity through the edits people make to task documents (issue 9): each case is a first
 * sync, a push, and exact expectations — which issue each task ends on, what is created,
 * closed or reopened — then the idempotence of the result.
 */

const SPEC = "specs/004-recall/tasks.md";
const rekeys = (ops: Operation[]) =>
  ops.flatMap((op) => (op.kind === "rekey" ? [`#${op.number} ${op.from.replace(/^.*#/, "")} → ${op.key.replace(/^.*#/, "")} ${op.reason}`] : []));
const settled = (world: World) => expect(planWorld(world).operations).toEqual([]);

describe("identity: spec-kit insertion with renumbering", () => {
  const before = [
    "Create the project skeleton",
    "Add the settings model",
    "Implement Overview section",
    "Implement History section",
    "Wire the router",
    "Add the export button",
    "Write the end-to-end test",
    "Publish the release notes",
  ];
  const inserted = ["Write RED test for the header", "Write RED test for the footer", "Add header component", "Add footer component", "Style the layout"];
  const world = mirror({ [SPEC]: specKit(before, 24) });
  const { plan, after, count } = push(world, { [SPEC]: specKit([...before.slice(0, 2), ...inserted, ...before.slice(2)], 24) });

  it("keeps every shifted task on its issue under its new id, and gives the inserted ones new issues", () => {
    expect(issueList(world).slice(2, 3)).toEqual(["#3 T026: Implement Overview section"]);
    expect(issueList(after)).toEqual([
      "#1 T024: Create the project skeleton",
      "#2 T025: Add the settings model",
      "#3 T031: Implement Overview section",
      "#4 T032: Implement History section",
      "#5 T033: Wire the router",
      "#6 T034: Add the export button",
      "#7 T035: Write the end-to-end test",
      "#8 T036: Publish the release notes",
      "#9 T026: Write RED test for the header",
      "#10 T027: Write RED test for the footer",
      "#11 T028: Add header component",
      "#12 T029: Add footer component",
      "#13 T030: Style the layout",
    ]);
    expect(rekeys(plan.operations)).toEqual([
      "#3 T026 → T031 renumbered",
      "#4 T027 → T032 renumbered",
      "#5 T028 → T033 renumbered",
      "#6 T029 → T034 renumbered",
      "#7 T030 → T035 renumbered",
      "#8 T031 → T036 renumbered",
    ]);
    expect([count("create"), count("close"), count("reopen"), count("cross-link")]).toEqual([5, 0, 0, 0]);
    expect(plan.notes).toEqual([]);
  });

  it("rewrites the marker's key of each kept issue, and plans nothing more once applied", () => {
    expect(issueTitled(after, "T031: Implement Overview section").marker).toMatchObject({ key: `${SPEC}#T031`, path: SPEC });
    settled(after);
  });

  it("shows the matching in the plan preview", () => {
    const preview = renderPlan(plan, { format: "markdown", issues: world.issues });
    expect(preview.split("\n")[0]).toBe("**Plan:** 5 to create, 6 to keep under new keys, 6 to update.");
    expect(preview).toContain("Tasks kept under new keys:\n- `T026` → `T031` (renumbered; keeps #3)\n- `T027` → `T032` (renumbered; keeps #4)");
    expect(preview).toContain("| update (title, body) | `specs/004-recall/tasks.md#T031` | #3 | T031: Implement Overview section |");
  });
});

describe("identity: an OpenSpec change archived", () => {
  const FROM = "openspec/changes/add-archive/tasks.md";
  const TO = "openspec/changes/archive/2025-01-01-add-archive/tasks.md";
  const groups: [string, string[]][] = [
    ["Database", ["Add the archived_at column", "Backfill existing rows", "Index the column"]],
    ["API", ["Expose the archived flag", "Filter archived rows", "Document the endpoint"]],
    ["Rollout", ["Enable the flag in staging", "Enable the flag in production", "Announce it"]],
  ];
  const world = mirror({ [FROM]: openSpec(groups) });

  it.each([
    ["reported by the compare", [{ from: FROM, to: TO }]],
    ["found by its content, with no rename reported", undefined],
  ])("keeps all 12 issues when the move is %s, closing and creating nothing", (_, renames) => {
    const { plan, after, count } = push(world, { [TO]: openSpec(groups) }, renames ? { renames } : {});
    expect(world.issues).toHaveLength(12);
    expect([count("create"), count("close"), count("reopen"), count("rekey"), count("update")]).toEqual([0, 0, 0, 12, 12]);
    expect(plan.operations.filter((op) => op.kind === "rekey").every((op) => op.kind === "rekey" && op.reason === "document-moved")).toBe(true);
    // Parents are the same issues under their new keys: no sub-issue is relinked.
    expect(plan.operations.filter((op) => op.kind === "link-parent" || op.kind === "unlink-parent")).toEqual([]);
    expect(issueList(after)).toEqual(issueList(world));
    expect(after.issues.every((issue) => issue.marker.path === TO)).toBe(true);
    const preview = renderPlan(plan, { format: "markdown", issues: world.issues });
    expect(preview).toContain(`Tasks kept under new keys:\n- \`${FROM}\` → \`${TO}\` (moved; 12 tasks keep their issues)`);
    settled(after);
  });

  it("carries the tasks of a document reworded as it moves only when the rename is reported", () => {
    const reworded = groups.map(([group, items]): [string, string[]] => [group, items.map((item) => `${item} before the public launch on Monday morning`)]);
    const reported = push(world, { [TO]: openSpec(reworded) }, { renames: [{ from: FROM, to: TO }] });
    expect([reported.count("create"), reported.count("close"), reported.count("rekey")]).toEqual([0, 0, 12]);
    settled(reported.after);
    // Without it, the groups (same titles) still move by content, and so does the child with
    // the most words of its own ("Add the archived_at column"); the other reworded children are
    // too unlike for content alone across documents: new issues, each cross-linked with the old
    // one it may be (the two "Enable the flag in …" with both).
    const unreported = push(world, { [TO]: openSpec(reworded) });
    expect([unreported.count("create"), unreported.count("close"), unreported.count("rekey"), unreported.count("cross-link")]).toEqual([8, 8, 4, 10]);
  });

  it("finds the move by content even when the old path names many issues of tasks removed long ago", () => {
    const removed = Array.from({ length: 30 }, (_, i) => `Old step ${i}`);
    const old = push(mirror({ [FROM]: openSpec([...groups, ["Earlier", removed]]) }), { [FROM]: openSpec(groups) }).after;
    expect(old.issues.filter((issue) => issue.stateReason === "not_planned")).toHaveLength(31);
    // Three children reworded as the change is archived: only the document's lineage (9 of its
    // 12 live titles found at the new path) carries them; the 31 issues of removed tasks do not count.
    const reworded = groups.map(([group, items], g): [string, string[]] => [group, items.map((item, i) => (i === 0 && g < 3 ? `${item} before the public launch on Monday morning` : item))]);
    const { count } = push(old, { [TO]: openSpec(reworded) });
    expect([count("create"), count("close"), count("rekey")]).toEqual([0, 0, 12]);
  });

  it("keeps the issues when the archived copy is ticked done, closing them as completed", () => {
    const { after, count } = push(world, { [TO]: openSpec(groups, true) });
    expect([count("create"), count("rekey")]).toEqual([0, 12]);
    expect(after.issues.filter((issue) => issue.state === "closed").map((issue) => issue.stateReason)).toEqual(Array(9).fill("completed"));
    settled(after);
  });
});

describe("identity: OpenSpec regrouping 1.x → 2.x", () => {
  const P = "openspec/changes/x/tasks.md";
  const database: [string, string[]] = ["Database", ["Add the column", "Write tests"]];
  const api: [string, string[]] = ["API", ["Expose the flag", "Write tests"]];
  const world = mirror({ [P]: openSpec([database, api]) });
  const { plan, after, count } = push(world, { [P]: openSpec([["Setup", ["Create the change branch"]], database, api]) });

  it("keeps each group and child on its issue, telling apart two same-titled children by their group", () => {
    expect(issueList(world)).toEqual(["#1 1: Database", "#2 1.1: Add the column", "#3 1.2: Write tests", "#4 2: API", "#5 2.1: Expose the flag", "#6 2.2: Write tests"]);
    expect(rekeys(plan.operations)).toEqual([
      "#1 1 → 2 renumbered",
      "#2 1.1 → 2.1 renumbered",
      "#3 1.2 → 2.2 renumbered",
      "#4 2 → 3 renumbered",
      "#5 2.1 → 3.1 renumbered",
      "#6 2.2 → 3.2 renumbered",
    ]);
    expect(issueList(after)).toEqual([
      "#1 2: Database",
      "#2 2.1: Add the column",
      "#3 2.2: Write tests",
      "#4 3: API",
      "#5 3.1: Expose the flag",
      "#6 3.2: Write tests",
      "#7 1: Setup",
      "#8 1.1: Create the change branch",
    ]);
    expect([count("create"), count("close"), count("reopen")]).toEqual([2, 0, 0]);
  });

  it("links only the new child under its new parent: the kept children's parents are the same issues", () => {
    expect(plan.operations.filter((op) => op.kind === "link-parent" || op.kind === "unlink-parent")).toEqual([
      { kind: "link-parent", key: `${P}#1.1`, parentKey: `${P}#1`, replace: false },
    ]);
    expect(after.issues.find((issue) => issue.number === 6)?.parentNumber).toBe(4);
    settled(after);
  });
});

describe("identity: an OpenSpec group renamed and split", () => {
  const P = "openspec/changes/rework-sessions/tasks.md";
  const world = mirror({ [P]: openSpec([["Backend", ["Add the sessions table", "Issue a refresh token", "Add the logout endpoint", "Expire idle sessions"]], ["Frontend", ["Keep the token in memory"]]]) });
  const { plan, after, count } = push(world, {
    [P]: openSpec([["Tokens", ["Add the sessions table", "Issue a refresh token"]], ["Session lifecycle", ["Add the logout endpoint", "Expire idle sessions"]], ["Frontend", ["Keep the token in memory"]]]),
  });

  it("keeps the renamed group on its issue (half its children stayed), and creates only the new group", () => {
    expect(rekeys(plan.operations)).toEqual(["#4 1.3 → 2.1 renumbered", "#5 1.4 → 2.2 renumbered", "#6 2 → 3 renumbered", "#7 2.1 → 3.1 renumbered"]);
    expect([count("create"), count("close"), count("cross-link")]).toEqual([1, 0, 0]);
    expect(issueList(after)).toEqual([
      "#1 1: Tokens",
      "#2 1.1: Add the sessions table",
      "#3 1.2: Issue a refresh token",
      "#4 2.1: Add the logout endpoint",
      "#5 2.2: Expire idle sessions",
      "#6 3: Frontend",
      "#7 3.1: Keep the token in memory",
      "#8 2: Session lifecycle",
    ]);
    // The moved children go under the new group; the kept ones stay under #1.
    expect(after.issues.filter((issue) => issue.number <= 5).map((issue) => issue.parentNumber)).toEqual([null, 1, 1, 8, 8]);
    settled(after);
  });
});

describe("identity: a Backlog.md id prefix migration", () => {
  const backlog = (id: string) => `---\nid: ${id}\ntitle: Retry failed webhooks\nstatus: To Do\n---\n\n## Description\n\nRetry deliveries GitHub reports as failed.\n\n- [ ] Store the delivery id\n- [ ] Back off exponentially\n`;
  const OLD = "backlog/tasks/task-200 - Retry-failed-webhooks.md";
  const NEW = "backlog/tasks/back-200 - Retry-failed-webhooks.md";
  const world = mirror({ [OLD]: backlog("task-200"), "backlog/tasks/task-201 - Other.md": backlog("task-201").replace("Retry failed webhooks", "Rotate the secret") });

  it("keeps the issue of task-200 as BACK-200 when the file and the id are renamed together", () => {
    const { plan, after, count } = push(world, { [NEW]: backlog("BACK-200"), "backlog/tasks/task-201 - Other.md": backlog("task-201").replace("Retry failed webhooks", "Rotate the secret") }, { renames: [{ from: OLD, to: NEW }] });
    expect(rekeys(plan.operations)).toEqual(["#1 task-200 → BACK-200 migrated"]);
    expect([count("create"), count("close")]).toEqual([0, 0]);
    expect(issueList(after)).toEqual(["#1 BACK-200: Retry failed webhooks", "#2 task-201: Rotate the secret"]);
    expect(renderPlan(plan, { format: "text", issues: world.issues })).toContain("  task-200 → BACK-200 (id migrated; keeps #1)");
    settled(after);
  });

  it("does not migrate an id whose number agrees but whose content does not", () => {
    const { after, count } = push(world, {
      [NEW]: backlog("BACK-200").replace("Retry failed webhooks", "Draw the architecture diagram").replace(/- \[ \].*\n/g, "").replace("Retry deliveries GitHub reports as failed.", "Boxes and arrows."),
      "backlog/tasks/task-201 - Other.md": backlog("task-201").replace("Retry failed webhooks", "Rotate the secret"),
    });
    expect([count("create"), count("close"), count("rekey")]).toEqual([1, 1, 0]);
    expect(issueList(after)).toEqual(["#1 task-200: Retry failed webhooks [closed not_planned]", "#2 task-201: Rotate the secret", "#3 BACK-200: Draw the architecture diagram"]);
  });
});

describe("identity: Kiro sub-task renumbering", () => {
  const P = ".kiro/specs/recall/tasks.md";
  const kiro = (children: string[]) =>
    `# Implementation Plan\n\n- [ ] 1. Set up the foundation\n${children.map((title, i) => `  - [ ] 1.${i + 1} ${title}\n    - _Requirements: 1.${i + 1}_`).join("\n")}\n- [ ] 2. Build the recall API\n`;
  const world = mirror({ [P]: kiro(["Initialize the project structure", "Add continuous integration"]) });
  const { plan, after, count } = push(world, { [P]: kiro(["Choose the license", "Initialize the project structure", "Add continuous integration"]) });

  it("keeps the renumbered sub-tasks' issues and their parent link, creating only the inserted one", () => {
    expect(rekeys(plan.operations)).toEqual(["#2 1.1 → 1.2 renumbered", "#3 1.2 → 1.3 renumbered"]);
    expect([count("create"), count("close"), count("reopen")]).toEqual([1, 0, 0]);
    expect(plan.operations.filter((op) => op.kind === "link-parent")).toEqual([{ kind: "link-parent", key: `${P}#1.1`, parentKey: `${P}#1`, replace: false }]);
    expect(issueList(after)).toEqual([
      "#1 1: Set up the foundation",
      "#2 1.2: Initialize the project structure",
      "#3 1.3: Add continuous integration",
      "#4 2: Build the recall API",
      "#5 1.1: Choose the license",
    ]);
    settled(after);
  });
});

describe("identity: moves, swaps, rewording, splits", () => {
  it("keeps the issue of a task moved to another document under its new id there", () => {
    const A = "specs/001-auth/tasks.md";
    const B = "specs/002-login/tasks.md";
    const world = mirror({ [A]: specKit(["Create the user table", "Add the login endpoint"]), [B]: specKit(["Draw the login form"]) });
    const { plan, after, count } = push(world, { [A]: specKit(["Create the user table"]), [B]: specKit(["Draw the login form", "Add the login endpoint"]) });
    expect(rekeys(plan.operations)).toEqual(["#2 T002 → T002 moved"]);
    expect([count("create"), count("close")]).toEqual([0, 0]);
    expect(issueTitled(after, "T002: Add the login endpoint").marker).toMatchObject({ key: `${B}#T002`, path: B });
    expect(renderPlan(plan, { format: "text", issues: world.issues })).toContain(`  T002 in ${A} → T002 in ${B} (moved; keeps #2)`);
    settled(after);
  });

  it("swaps the keys of two swapped tasks, each keeping its own issue", () => {
    const world = mirror({ [SPEC]: specKit(["Alpha work item", "Beta work item", "Gamma work item"]) });
    const { plan, after, count } = push(world, { [SPEC]: specKit(["Beta work item", "Alpha work item", "Gamma work item"]) });
    expect(rekeys(plan.operations)).toEqual(["#2 T002 → T001 renumbered", "#1 T001 → T002 renumbered"]);
    expect([count("create"), count("close")]).toEqual([0, 0]);
    expect(issueList(after)).toEqual(["#1 T002: Alpha work item", "#2 T001: Beta work item", "#3 T003: Gamma work item"]);
    settled(after);
  });

  it("retitles the issue of a task reworded under the same id, with no other change", () => {
    const world = mirror({ [SPEC]: specKit(["Implement Overview section", "Wire the router"]) });
    const { plan, after } = push(world, { [SPEC]: specKit(["Implement the overview section", "Wire the router"]) });
    expect(plan.operations).toEqual([
      { kind: "update", key: `${SPEC}#T001`, number: 1, changes: { title: "T001: Implement the overview section" }, fields: ["title"] },
    ]);
    settled(after);
  });

  it("retitles the issue of a task reworded at length in its place, where the text alone is under half alike", () => {
    const titles = ["Add the `export` menu to the report toolbar in src/report/toolbar.tsx", "Add CSV export in src/report/export.ts", "Write the export test in tests/report/export.test.ts"];
    const world = mirror({ [SPEC]: specKit(titles) });
    const { plan, after } = push(world, { [SPEC]: specKit([titles[0]!, "Add CSV and TSV export, with a header row, in src/report/export.ts", titles[2]!]) });
    expect(plan.operations).toEqual([
      { kind: "update", key: `${SPEC}#T002`, number: 2, changes: { title: "T002: Add CSV and TSV export, with a header row, in src/report/export.ts" }, fields: ["title"] },
    ]);
    expect(plan.notes).toEqual([]);
    settled(after);
  });

  it("keeps the issue of a task without id whose title (its key) was reworded", () => {
    const P = "PLAN.md";
    const plan = (title: string) => `# Plan\n\n## Phase 1: Foundation\n\n- [ ] **${title}**\n  - [ ] Pick the runner\n  - [ ] Cache dependencies\n- [ ] **Write the schema**\n`;
    const world = mirror({ [P]: plan("Set up CI") });
    const pushed = push(world, { [P]: plan("Set up the CI pipeline") });
    expect(rekeys(pushed.plan.operations)).toEqual(["#1 Set up CI → Set up the CI pipeline reworded"]);
    expect(issueList(pushed.after)).toEqual(["#1 Set up the CI pipeline", "#2 Write the schema"]);
    settled(pushed.after);
  });

  it("keeps every issue of a document split in two", () => {
    const A = "specs/005-export/tasks.md";
    const B = "specs/006-import/tasks.md";
    const titles = ["Add the export menu", "Export to CSV", "Export to JSON", "Add the import menu", "Import from CSV", "Import from JSON"];
    const world = mirror({ [A]: specKit(titles) });
    const { plan, after, count } = push(world, { [A]: specKit(titles.slice(0, 3)), [B]: specKit(titles.slice(3)) });
    expect(rekeys(plan.operations)).toEqual(["#4 T004 → T001 moved", "#5 T005 → T002 moved", "#6 T006 → T003 moved"]);
    expect([count("create"), count("close")]).toEqual([0, 0]);
    expect(issueList(after)).toEqual(["#1 T001: Add the export menu", "#2 T002: Export to CSV", "#3 T003: Export to JSON", "#4 T001: Add the import menu", "#5 T002: Import from CSV", "#6 T003: Import from JSON"]);
    settled(after);
  });
});

describe("identity: when the matching is unsure, nothing is handed over silently", () => {
  it("gives a positional id whose text was rewritten entirely a new issue, cross-linked with the old one", () => {
    const world = mirror({ [SPEC]: specKit(["Create the project skeleton", "Implement Overview section"]) });
    const { plan, after, count } = push(world, { [SPEC]: specKit(["Create the project skeleton", "Configure the payment gateway"]) });
    expect([count("create"), count("close"), count("rekey"), count("cross-link")]).toEqual([1, 1, 0, 1]);
    expect(issueList(after)).toEqual([
      "#1 T001: Create the project skeleton",
      "#2 T002: Implement Overview section [closed not_planned]",
      "#3 T002: Configure the payment gateway",
    ]);
    expect(plan.operations.find((op) => op.kind === "close")).toEqual({ kind: "close", key: `${SPEC}#T002`, number: 2, reason: "not_planned" });
    expect(after.comments?.get(3)).toEqual([
      "taskmirror could not tell whether this task is the one #2 tracked (it has the key `T002` this issue had, but its text is 0% alike), so it opened this issue rather than give #2 to other work. If they are the same task, #2 holds its history.",
    ]);
    expect(after.comments?.get(2)).toEqual([
      `taskmirror could not tell whether task \`T002\` in \`${SPEC}\` (“Configure the payment gateway”) is the task this issue tracked (it has the key \`T002\` this issue had, but its text is 0% alike), so it did not give this issue to it: #3 mirrors it now. This issue is closed as not planned.`,
    ]);
    expect(plan.notes).toEqual([
      {
        code: "unsure-match",
        severity: "notice",
        path: SPEC,
        line: 6,
        column: 1,
        message: "Task \"T002\" may be the task of #2 (it has the key `T002` this issue had, but its text is 0% alike): it gets a new issue instead, and both issues get a comment naming the other.",
      },
    ]);
    // Next sync: the new issue is the task's, the old one stays closed; no second cross-link.
    settled(after);
  });

  it.each([
    ["after the new issue was created", "create"],
    ["after the cross-link, before the old issue was closed", "cross-link"],
  ] as const)("finishes the cross-link of a sync that stopped %s, commenting each issue once", (_, last) => {
    const world = mirror({ [SPEC]: specKit(["Create the project skeleton", "Implement Overview section"]) });
    const edited = withDocuments(world, read({ [SPEC]: specKit(["Create the project skeleton", "Configure the payment gateway"]) }));
    const plan = planWorld(edited);
    const stop = plan.operations.findIndex((op) => op.kind === last);
    const half = applyInMemory({ ...plan, operations: plan.operations.slice(0, stop + 1) }, edited);
    expect(half.issues.map((issue) => [issue.number, issue.state, issue.marker.crossLinked])).toEqual([[1, "open", undefined], [2, "open", undefined], [3, "open", [2]]]);
    const again = planWorld(half);
    // #2 and #3 both carry T002 now: the rekey tells the applier the key names #3.
    expect(again.operations.filter((op) => op.kind !== "update")).toEqual([
      { kind: "rekey", key: `${SPEC}#T002`, from: `${SPEC}#T002`, number: 3, path: SPEC, fromPath: SPEC, reason: "kept" },
      expect.objectContaining({ kind: "cross-link", key: `${SPEC}#T002`, number: 2, resumed: true }),
      { kind: "close", key: `${SPEC}#T002`, number: 2, reason: "not_planned" },
    ]);
    expect(again.notes.map((n) => n.message)).toEqual([
      "Task \"T002\" may be the task of #2 (it has the key `T002` this issue had, but its text is 0% alike): a sync stopped before both issues said so; they get a comment naming the other now.",
    ]);
    expect(renderPlan(again, { format: "text", issues: half.issues })).not.toContain("new key");
    const after = applyInMemory(again, half);
    expect([after.comments?.get(2)?.length, after.comments?.get(3)?.length]).toEqual([1, 1]);
    expect(issueList(after)).toEqual([
      "#1 T001: Create the project skeleton",
      "#2 T002: Implement Overview section [closed not_planned]",
      "#3 T002: Configure the payment gateway",
    ]);
    settled(after);
  });

  it("cross-links once when removed tasks' issues are kept open, and plans nothing after", () => {
    const keep = config({ removedTasks: "keep" });
    const world = synced(read({ [SPEC]: specKit(["Create the project skeleton", "Implement Overview section"]) }), { config: keep });
    const edited = withDocuments(world, read({ [SPEC]: specKit(["Create the project skeleton", "Configure the payment gateway"]) }));
    const plan = planWorld(edited, { config: keep });
    expect(plan.operations.filter((op) => op.kind === "cross-link" || op.kind === "close").map((op) => op.kind)).toEqual(["cross-link"]);
    const after = applyInMemory(plan, edited);
    expect(after.issues.map((issue) => issue.state)).toEqual(["open", "open", "open"]);
    expect(planWorld(after, { config: keep }).operations).toEqual([]);
  });

  it("gives neither of two tasks that match one vanished issue equally well that issue", () => {
    const A = "specs/007-docs/tasks.md";
    const world = mirror({ [A]: specKit(["Write the migration guide", "Publish the docs"]) });
    const { after, count } = push(world, {
      [A]: specKit(["Publish the docs"]),
      "specs/008-guides/tasks.md": specKit(["Write the migration guide"]),
      "specs/009-more/tasks.md": specKit(["Write the migration guide"]),
    });
    expect([count("create"), count("close"), count("cross-link")]).toEqual([2, 1, 2]);
    expect(issueList(after)).toEqual([
      "#1 T001: Write the migration guide [closed not_planned]",
      "#2 T001: Publish the docs",
      "#3 T001: Write the migration guide",
      "#4 T001: Write the migration guide",
    ]);
    expect(after.comments?.get(1)?.map((text) => text.replace(/.*: (#\d) mirrors it now.*/, "$1"))).toEqual(["#3", "#4"]);
    settled(after);
  });
});

describe("identity: a half-applied plan converges", () => {
  it("finishes a swap of which only the first update was applied, with no duplicate and no repurpose", () => {
    const world = mirror({ [SPEC]: specKit(["Alpha work item", "Beta work item"]) });
    const edited = withDocuments(world, read({ [SPEC]: specKit(["Beta work item", "Alpha work item"]) }));
    const plan = planWorld(edited);
    const firstUpdate = plan.operations.findIndex((op) => op.kind === "update");
    // The sync stopped after the first update (the rekeys themselves write nothing).
    const half = applyInMemory({ ...plan, operations: plan.operations.slice(0, firstUpdate + 1) }, edited);
    expect(half.issues.map((issue) => issue.marker.key)).toEqual([`${SPEC}#T001`, `${SPEC}#T001`]);
    const again = planWorld(half);
    expect(again.operations.filter((op) => op.kind === "create" || op.kind === "close" || op.kind === "cross-link")).toEqual([]);
    const after = applyInMemory(again, half);
    expect(issueList(after)).toEqual(["#1 T002: Alpha work item", "#2 T001: Beta work item"]);
    settled(after);
  });

  it("leaves a copy of an issue's marker alone with a note, whichever is older", () => {
    const world = mirror({ [SPEC]: specKit(["Alpha work item"]) });
    const original = world.issues[0];
    if (!original) throw new Error("no issue");
    const copy = { ...original, number: 9, id: 1009 };
    const plan = planWorld({ ...world, issues: [copy, original] });
    expect(plan.operations).toEqual([]);
    expect(plan.notes.map((n) => [n.code, n.message])).toEqual([
      ["duplicate-issue", `Issues #1 and #9 both mirror task "${SPEC}#T001": #1 is synced, #9 is left alone. Close the extra issue.`],
    ]);
  });
});

describe("identity: a document that cannot be read freezes its issues", () => {
  const task = (id: string, title: string, reporter = "\"@ann\"") => `---\nid: ${id}\ntitle: ${title}\nreporter: ${reporter}\n---\n\n- [ ] Do it\n`;
  const world = mirror({ "backlog/tasks/task-1.md": task("task-1", "First"), "backlog/tasks/task-2.md": task("task-2", "Second") });

  it("closes, changes and creates nothing for a document whose front matter became invalid, and says so", () => {
    const { plan } = push(world, { "backlog/tasks/task-1.md": task("task-1", "First, renamed", "[ann"), "backlog/tasks/task-2.md": task("task-2", "Second, renamed") });
    expect(plan.operations).toEqual([
      { kind: "update", key: "task-2", number: 2, changes: { title: "task-2: Second, renamed" }, fields: ["title"] },
    ]);
    expect(plan.notes).toEqual([
      {
        code: "frozen-document",
        severity: "notice",
        path: "backlog/tasks/task-1.md",
        // An unclosed bracket is found where the front matter ends.
        line: 5,
        column: 1,
        message: "backlog/tasks/task-1.md cannot be read (front matter is not valid YAML: unexpected end of the stream within a flow collection; task task-1 is not read until this is fixed): its 1 issue is left as it is until it can be read again.",
      },
    ]);
  });

  it("does not give a frozen issue's key to a task elsewhere, nor close it when the task moved out", () => {
    const { plan } = push(world, {
      "backlog/tasks/task-1.md": task("task-1", "First", "[ann"),
      "backlog/tasks/moved.md": task("task-2", "Second"),
      "backlog/tasks/task-2.md": task("task-9", "Ninth", "[bob"),
    });
    expect(plan.operations).toEqual([]);
    expect(plan.notes.map((n) => [n.code, n.path])).toEqual([
      ["frozen-document", "backlog/tasks/task-1.md"],
      ["frozen-document", "backlog/tasks/task-2.md"],
      ["skipped-task", "backlog/tasks/moved.md"],
    ]);
  });
});

describe("identity: links follow the matching", () => {
  const key = (id: string) => `${SPEC}#${id}`;
  const task = (id: string, title: string, spec: Parameters<typeof buildTask>[1] = {}) => buildTask(key(id), { id, title, ...spec });

  it("keeps blocked-by links and the marker's record of them when the blocker is renumbered", () => {
    const world = synced([doc(SPEC, [task("T001", "Create the schema"), task("T002", "Load the fixtures", { dependsOn: [key("T001")] })])]);
    expect(world.blockedBy).toEqual(new Map([[key("T002"), new Set([key("T001")])]]));
    const inserted = withDocuments(world, [doc(SPEC, [
      task("T001", "Choose the database"),
      task("T002", "Create the schema"),
      task("T003", "Load the fixtures", { dependsOn: [key("T002")] }),
    ])]);
    const plan = planWorld(inserted);
    // The blocker is the same issue under its new key: no link removed or added.
    expect(plan.operations.filter((op) => op.kind === "add-blocked-by" || op.kind === "remove-blocked-by")).toEqual([]);
    const after = applyInMemory(plan, inserted);
    expect(after.issues.find((issue) => issue.number === 2)?.marker.blockedBy).toEqual([key("T002")]);
    expect(after.issues.find((issue) => issue.number === 2)?.body).toContain("**Depends on:** #1");
    settled(after);
  });

  // A task still depending on T001 after T001's key went to another issue: unlinked from the
  // old issue, linked to the key's.
  it.each([
    // T001 rewritten in place: unsure, a new issue (#3) takes the key.
    ["rewritten in place", ["Create the schema"], ["Configure the payment gateway"], [[2, [1]]], [[2, [3]]]],
    // T001 removed and T002 renumbered onto its key.
    ["removed, the next task renumbered onto its key", ["Create the schema", "Seed the admin user"], ["Seed the admin user"], [[3, [1]]], [[3, [2]]]],
  ] as const)("unlinks a blocker %s, and links the issue its key names now", (_, before, after, linked, relinked) => {
    const tasks = (titles: readonly string[]) => [
      ...titles.map((title, i) => task(`T00${i + 1}`, title)),
      task(`T00${titles.length + 1}`, "Load the fixtures", { dependsOn: [key("T001")] }),
    ];
    const links = (list: readonly (readonly [number, readonly number[]])[]) => new Map(list.map(([n, set]) => [n, new Set(set)]));
    const world = synced([doc(SPEC, tasks(before))]);
    expect(world.links).toEqual(links(linked));
    const edited = withDocuments(world, [doc(SPEC, tasks(after))]);
    const plan = planWorld(edited);
    const blocked = key(`T00${after.length + 1}`);
    expect(plan.operations.filter((op) => op.kind === "add-blocked-by" || op.kind === "remove-blocked-by")).toEqual([
      { kind: "remove-blocked-by", key: blocked, blockerKey: key("T001"), blockerNumber: 1 },
      { kind: "add-blocked-by", key: blocked, blockerKey: key("T001") },
    ]);
    const applied = applyInMemory(plan, edited);
    expect(applied.links).toEqual(links(relinked));
    settled(applied);
  });

  it("unlinks a sub-issue from a rekeyed parent it linked itself, and leaves a parent a person chose", () => {
    const world = synced([doc(SPEC, [task("T001", "Build the API"), task("T002", "Add the route", { parentKey: key("T001") })])]);
    expect(world.issues.find((issue) => issue.number === 2)?.parentNumber).toBe(1);
    const orphaned = withDocuments(world, [doc(SPEC, [task("T001", "Write the changelog"), task("T002", "Build the API"), task("T003", "Add the route")])]);
    const plan = planWorld(orphaned);
    expect(rekeys(plan.operations)).toEqual(["#1 T001 → T002 renumbered", "#2 T002 → T003 renumbered"]);
    expect(plan.operations.filter((op) => op.kind === "unlink-parent" || op.kind === "link-parent")).toEqual([
      { kind: "unlink-parent", key: key("T003"), parentKey: key("T002"), parentNumber: 1 },
    ]);
    settled(applyInMemory(plan, orphaned));
    const chosen = { ...orphaned, issues: orphaned.issues.map((issue) => (issue.number === 2 ? { ...issue, parentNumber: 7 } : issue)) };
    expect(planWorld(chosen).operations.filter((op) => op.kind === "unlink-parent" || op.kind === "link-parent")).toEqual([]);
  });
});


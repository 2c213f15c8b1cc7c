import { describe, expect, it } from "vitest";
import type { Plan } from "../../../src/core/plan/types.js";
import { renderPlan } from "../../../src/core/render/render-plan.js";
import { mirrored } from "../support/build.js";

const issues = [
  mirrored(3, "TASK-003: Metrics", { key: "TASK-003", path: "docs/TASKS.md" }),
  mirrored(4, "TASK-004: Parent | work", { key: "TASK-004", path: "docs/TASKS.md" }),
  mirrored(5, "TASK-005: Old", { key: "TASK-005", path: "docs/TASKS.md" }),
  mirrored(6, "TASK-006: Back", { key: "TASK-006", path: "docs/TASKS.md" }),
];
const content = (title: string) => ({ title, body: "b", labels: [], assignees: [], milestone: null });

const plan: Plan = {
  operations: [
    { kind: "ensure-label", name: "priority: P0", color: "b60205", description: "d" },
    { kind: "ensure-milestone", title: "Sprint 1" },
    { kind: "create", key: "TASK-001", content: content("TASK-001: Edge <layer>") },
    { kind: "create", key: "TASK-002", content: content("TASK-002: Done already"), close: "completed" },
    { kind: "update", key: "TASK-003", number: 3, changes: { body: "x", labels: [] }, fields: ["body", "labels"] },
    { kind: "update", key: "TASK-004", number: 4, changes: { title: "TASK-004: Renamed" }, fields: ["title"] },
    { kind: "close", key: "TASK-005", number: 5, reason: "not_planned", comment: "gone" },
    { kind: "close", key: "TASK-003", number: 3, reason: "completed" },
    { kind: "reopen", key: "TASK-006", number: 6 },
    { kind: "link-parent", key: "TASK-001", parentKey: "TASK-004", replace: false },
    { kind: "add-blocked-by", key: "TASK-001", blockerKey: "TASK-003" },
    { kind: "remove-blocked-by", key: "TASK-003", blockerKey: "TASK-006" },
    { kind: "toggle-file", key: "TASK-003", path: "docs/TASKS.md", itemKey: "write tests", checked: true },
    { kind: "toggle-file", key: "TASK-006", path: "docs/TASKS.md", itemKey: "", checked: false },
  ],
  notes: [{ code: "too-deep", severity: "notice", path: "docs/TASKS.md", line: 9, column: 1, message: "Too deep." }],
};

describe("renderPlan", () => {
  it("renders counts, then one row per issue and action, as text", () => {
    expect(renderPlan(plan, { format: "text", issues })).toMatchInlineSnapshot(`
      "Plan: 2 to create, 2 to update, 2 to close, 1 to reopen, 2 to relink, 2 ticks to write back to files, 1 label to create, 1 milestone to create. 1 note.

      create                                            TASK-001  new  TASK-001: Edge <layer>
      create (closed: completed)                        TASK-002  new  TASK-002: Done already
      update (body, labels)                             TASK-003  #3   TASK-003: Metrics
      update (title)                                    TASK-004  #4   TASK-004: Renamed
      close (not planned)                               TASK-005  #5   TASK-005: Old
      close (completed)                                 TASK-003  #3   TASK-003: Metrics
      reopen                                            TASK-006  #6   TASK-006: Back
      relink (parent, blocked-by)                       TASK-001  new  TASK-001: Edge <layer>
      relink (blocked-by)                               TASK-003  #3   TASK-003: Metrics
      write back (tick “write tests” in docs/TASKS.md)  TASK-003  #3   TASK-003: Metrics
      write back (untick task in docs/TASKS.md)         TASK-006  #6   TASK-006: Back

      Labels to create: priority: P0
      Milestones to create: Sprint 1
      Notes:
        docs/TASKS.md:9 Too deep."
    `);
  });

  it("renders the same rows as a markdown table for the check run, escaping cells", () => {
    expect(renderPlan(plan, { format: "markdown", issues })).toMatchInlineSnapshot(`
      "**Plan:** 2 to create, 2 to update, 2 to close, 1 to reopen, 2 to relink, 2 ticks to write back to files, 1 label to create, 1 milestone to create. 1 note.

      | Action | Task | Issue | Title |
      | --- | --- | --- | --- |
      | create | \`TASK-001\` | new | TASK-001: Edge &lt;layer> |
      | create (closed: completed) | \`TASK-002\` | new | TASK-002: Done already |
      | update (body, labels) | \`TASK-003\` | #3 | TASK-003: Metrics |
      | update (title) | \`TASK-004\` | #4 | TASK-004: Renamed |
      | close (not planned) | \`TASK-005\` | #5 | TASK-005: Old |
      | close (completed) | \`TASK-003\` | #3 | TASK-003: Metrics |
      | reopen | \`TASK-006\` | #6 | TASK-006: Back |
      | relink (parent, blocked-by) | \`TASK-001\` | new | TASK-001: Edge &lt;layer> |
      | relink (blocked-by) | \`TASK-003\` | #3 | TASK-003: Metrics |
      | write back (tick “write tests” in docs/TASKS.md) | \`TASK-003\` | #3 | TASK-003: Metrics |
      | write back (untick task in docs/TASKS.md) | \`TASK-006\` | #6 | TASK-006: Back |

      Labels to create: \`priority: P0\`
      Milestones to create: \`Sprint 1\`
      Notes:
      - docs/TASKS.md:9 Too deep."
    `);
  });

  it("says so when there is nothing to do", () => {
    expect(renderPlan({ operations: [], notes: [] }, { format: "markdown" })).toBe(
      "**Plan:** no changes: the issues are in step with the documents.",
    );
  });

  it("escapes pipes in keys and titles so the table keeps its columns", () => {
    const piped: Plan = { operations: [{ kind: "create", key: "a|b.md#X", content: content("X | Y") }], notes: [] };
    expect(renderPlan(piped, { format: "markdown" }).split("\n").at(-1)).toBe("| create | `a\\|b.md#X` | new | X \\| Y |");
  });

  it("stays within maxChars, cutting at a row and saying how many rows were left out", () => {
    const big: Plan = {
      operations: Array.from({ length: 5000 }, (_, i) => ({
        kind: "create" as const,
        key: `TASK-${i}`,
        content: content(`TASK-${i}: A title that takes some room in the table`),
      })),
      notes: [],
    };
    const text = renderPlan(big, { format: "markdown", maxChars: 2000 });
    expect(text.length).toBeLessThanOrEqual(2000);
    const lines = text.split("\n");
    expect(lines.at(-1)).toMatch(/^… 49\d\d more rows not shown \(the plan has 5000 operations\)\.$/);
    const shown = lines.filter((line) => line.startsWith("| create"));
    expect(shown.length + Number(/… (\d+) more/.exec(lines.at(-1) ?? "")?.[1])).toBe(5000);
    expect(renderPlan(big, { format: "text" }).length).toBeLessThanOrEqual(65_535);
  });

  it("lists the tasks kept under new keys as people name the edit, a moved document as one line", () => {
    const A = "specs/004/tasks.md";
    const moved = { kind: "rekey" as const, reason: "document-moved" as const, fromPath: "changes/x/tasks.md", path: "changes/archive/x/tasks.md" };
    const rekeyed: Plan = {
      operations: [
        { kind: "rekey", key: `${A}#T031`, from: `${A}#T026`, number: 26, path: A, fromPath: A, reason: "renumbered" },
        { ...moved, key: "changes/archive/x/tasks.md#1.1", from: "changes/x/tasks.md#1.1", number: 7 },
        { kind: "rekey", key: "BACK-200", from: "task-200", number: 5, path: "b/back-200.md", fromPath: "b/task-200.md", reason: "migrated" },
        { ...moved, key: "changes/archive/x/tasks.md#1.2", from: "changes/x/tasks.md#1.2", number: 8 },
        { kind: "rekey", key: "specs/002/tasks.md#T001", from: `${A}#T005`, number: 9, path: "specs/002/tasks.md", fromPath: A, reason: "moved" },
        { kind: "rekey", key: "PLAN.md#Set up the CI pipeline", from: "PLAN.md#Set up CI", number: 3, path: "PLAN.md", fromPath: "PLAN.md", reason: "reworded" },
        { kind: "create", key: `${A}#T026`, content: content("T026: Write RED test") },
        { kind: "cross-link", key: `${A}#T026`, number: 31, comment: "c", oldComment: "o" },
        { kind: "close", key: `${A}#T026`, number: 26, reason: "not_planned" },
      ],
      notes: [],
    };
    const issues = [mirrored(26, "T026: Implement Overview", { key: `${A}#T026`, path: A })];
    expect(renderPlan(rekeyed, { format: "markdown", issues })).toMatchInlineSnapshot(`
      "**Plan:** 1 to create, 6 to keep under new keys, 1 to close, 1 pair of issues to cross-link.

      | Action | Task | Issue | Title |
      | --- | --- | --- | --- |
      | create | \`specs/004/tasks.md#T026\` | new | T026: Write RED test |
      | cross-link (with #31) | \`specs/004/tasks.md#T026\` | new | T026: Write RED test |
      | close (not planned) | \`specs/004/tasks.md#T026\` | #26 | T026: Implement Overview |

      Tasks kept under new keys:
      - \`T026\` → \`T031\` (renumbered; keeps #26)
      - \`changes/x/tasks.md\` → \`changes/archive/x/tasks.md\` (moved; 2 tasks keep their issues)
      - \`task-200\` → \`BACK-200\` (id migrated; keeps #5)
      - \`T005\` in \`specs/004/tasks.md\` → \`T001\` in \`specs/002/tasks.md\` (moved; keeps #9)
      - \`Set up CI\` → \`Set up the CI pipeline\` (reworded; keeps #3)"
    `);
    expect(renderPlan({ ...rekeyed, operations: rekeyed.operations.slice(1, 2) }, { format: "text" })).toContain(
      "Tasks kept under new keys:\n  changes/x/tasks.md → changes/archive/x/tasks.md (moved; 1 task keeps its issue, #7)",
    );
  });
});

import { fixturePath } from "../../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import type { Document } from "../../../src/core/model/types.js";
import { expectEveryBoxOnce } from "./accounted.js";

const read = (name: string): { text: string; parsed: Document } => {
  const text = readFileSync(fixturePath("real", name), "utf8");
  return { text, parsed: parseDocument(`real/${name}`, text) };
};

describe("real task documents", () => {
  it("spec-kit: 31 tasks T001…T031 with phases, [P] and user stories", () => {
    const { text, parsed } = read("speckit-database-setup.tasks.md");
    expect(parsed.format).toBe("spec-kit");
    expect(parsed.tasks.map((task) => task.id)).toEqual(Array.from({ length: 31 }, (_, i) => `T${String(i + 1).padStart(3, "0")}`));
    expect(parsed.tasks.every((task) => task.checkbox?.checked === true)).toBe(true);
    expect(parsed.tasks.filter((task) => task.fields.parallel).map((task) => task.id)).toEqual(["T004", "T005", "T015", "T016", "T022"]);
    expect(parsed.tasks.find((task) => task.id === "T026")?.fields).toEqual({ phase: "6", story: "US3" });
    expect(parsed.tasks.find((task) => task.id === "T031")?.fields).toEqual({ phase: "7" });
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("Kiro: 55 numbered tasks (15 top-level), `[x]*` optional items are no boxes on GitHub and get a warning", () => {
    const { text, parsed } = read("kiro-weirdo-editor.tasks.md");
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks).toHaveLength(55);
    expect(parsed.tasks.filter((task) => task.parentKey === undefined).map((task) => task.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15", "14"]);
    expect(parsed.tasks.find((task) => task.id === "15.2")?.parentKey).toBe("real/kiro-weirdo-editor.tasks.md#15");
    expect(parsed.tasks.find((task) => task.id === "8.4")).toMatchObject({ checkbox: { checked: false }, rawFields: { requirements: { value: "4.9" } } });
    expect(parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["malformed-checkbox", 92],
      ["malformed-checkbox", 182],
      ["malformed-checkbox", 205],
      ["malformed-checkbox", 329],
    ]);
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec: 7 groups with 25 numbered items", () => {
    const { text, parsed } = read("openspec-board-ui-polish.tasks.md");
    expect(parsed.format).toBe("openspec");
    expect(parsed.tasks.filter((task) => task.checkbox === undefined).map((task) => [task.id, task.title])).toEqual([
      ["1", "Tailwind CSS Setup"],
      ["2", "Dark Mode Fix"],
      ["3", "Board Layout"],
      ["4", "Task Card Styles"],
      ["5", "Metadata Badges"],
      ["6", "Card Detail Modal Styles"],
      ["7", "Verification"],
    ]);
    expect(parsed.tasks.filter((task) => task.checkbox !== undefined)).toHaveLength(25);
    expect(parsed.tasks.find((task) => task.id === "5.5")?.parentKey).toBe("real/openspec-board-ui-polish.tasks.md#5");
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec change written as a phase plan: 9 bold tasks with their detail bullets", () => {
    const { text, parsed } = read("openspec-card-advanced-metadata.tasks.md");
    expect(parsed.format).toBe("phase-plan");
    expect(parsed.tasks.map((task) => task.title)).toEqual([
      "Update Task Interface",
      "Create Card Detail Modal",
      "Update Card Component",
      "Update Store Actions",
      "Verify Description",
      "Verify Labels",
      "Verify Due Date",
      "Verify Priority",
      "Verify Persistence",
    ]);
    expect(parsed.tasks[2]?.description).toBe(
      [
        "- Add visual indicators for metadata:",
        "    - `LabelBadges`: Row of small colored dots/pills.",
        "    - `DueDateBadge`: Calendar icon + date text.",
        "    - `PriorityIcon`: Up/down arrow or colored border.",
        "    - `DescriptionIcon`: Lines icon if description exists.",
        "- Update click handler to open the modal instead of just selecting (or double click? Single click is standard for Kanban).",
      ].join("\n"),
    );
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec change with `Task N - …` items: 8 numbered tasks", () => {
    const { text, parsed } = read("openspec-dashboard-tabs.tasks.md");
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks.map((task) => task.key)).toEqual(Array.from({ length: 8 }, (_, i) => `real/openspec-dashboard-tabs.tasks.md#${i + 1}`));
    expect(parsed.tasks[0]?.description).toBe(
      "- Checkpoint: contract tests assert required tab headers exist.\n- Verification: `DashboardViewContractTests` contains tab header assertions.",
    );
    expectEveryBoxOnce(parsed, text);
  });

  it("Backlog.md front matter: BACK-367.03 under BACK-367, with its acceptance criteria as checklist", () => {
    const { text, parsed } = read("backlog-back-367.03.md");
    expect(parsed.format).toBe("front-matter");
    expect(parsed.tasks.map((task) => [task.key, task.parentKey, task.fields, task.dependsOn, task.labels, task.checklist.length])).toEqual([
      ["BACK-367.03", "BACK-367", { status: "done", priority: "P2", assignees: ["codex"] }, ["BACK-367"], ["web", "enhancement"], 6],
    ]);
    expect(parsed.tasks[0]?.checklist[0]).toMatchObject({ key: "taskdetailsmodal displays final summary section after implementation notes", text: "TaskDetailsModal displays Final Summary section after Implementation Notes", section: "Acceptance Criteria", checked: true });
    expect(parsed.tasks[0]?.description.startsWith("## Description\n\n### Scope\n\nIntegrate the `finalSummary` field")).toBe(true);
    expect(parsed.tasks[0]?.description).not.toContain("<!--");
    expectEveryBoxOnce(parsed, text);
  });

  it("Backlog.md in backlog/completed/: done, acceptance criteria and definition of done without their `#1` numbers", () => {
    const text = readFileSync(fixturePath("real", "backlog-back-458.md"), "utf8");
    const parsed = parseDocument("backlog/completed/back-458 - Add-priority-sorting-to-Kanban-columns.md", text);
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields])).toEqual([["BACK-458", "Add priority sorting to Kanban columns", { status: "done", priority: "P1" }]]);
    expect(parsed.tasks[0]?.checklist.map((item) => [item.text, item.section])).toEqual([
      ["Column header should have a menu button", "Acceptance Criteria"],
      ["Dropdown menu should have 'Sort by Priority' option", "Acceptance Criteria"],
      ["Tasks in column should be reordered by High > Medium > Low > None", "Acceptance Criteria"],
      ["New order should be persisted to Markdown files via ordinals", "Acceptance Criteria"],
      ["bunx tsc --noEmit passes when TypeScript touched", "Definition of Done"],
      ["bun run check . passes when formatting/linting touched", "Definition of Done"],
      ["bun test (or scoped test) passes", "Definition of Done"],
    ]);
    expect(parsed.tasks[0]?.description).toBe(
      "## Final Summary\n\nImplemented a new 'Sort by Priority' action in the Kanban column header menu. This feature allows users to vertically reorder tasks within a stack by priority (High > Medium > Low > None), with the new order being persisted to the Markdown files using the existing reorder/ordinal system. Updated TaskColumn.tsx to include the UI for the column actions menu and the associated sorting logic.",
    );
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("Backlog.md's own `.backlog/tasks/` file with `reporter: @MrLesk` (read as Backlog.md reads it, with a warning)", () => {
    const text = readFileSync(fixturePath("real", "backlog-task-7.1.md"), "utf8");
    const parsed = parseDocument(".backlog/tasks/task-7.1 - cli-kanban-board-detect-remote-task-status.md", text);
    expect(parsed.tasks.map((task) => [task.key, task.title, task.parentKey, task.fields, task.rawFields.reporter?.value, task.checklist.length])).toEqual([
      ["task-7.1", "CLI: Kanban board detect remote task status", "task-7", { status: "done" }, "@MrLesk", 3],
    ]);
    expect(parsed.tasks[0]?.checklist[0]?.text).toBe("`backlog board view` fetches and scans every branch under `origin` for task files.");
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([["unquoted-at-sign", "warning", 6, 11]]);
    expectEveryBoxOnce(parsed, text);
  });

  it("`### [T-001] Title [STATE]` headings: 20 tasks with their states, dependencies and descriptions", () => {
    const { text, parsed } = read("bracket-ai-plays-pico8-TASKS.md");
    expect(parsed.format).toBe("task-headings");
    expect(parsed.tasks.map((task) => `${task.key} ${task.fields.status}`)).toEqual([
      "T-001 todo", "T-002 todo", "T-003 todo", "T-004 todo", "T-005 todo", "T-006 todo", "T-007 todo", "T-008 todo", "T-009 todo",
      "T-101 done", "T-110 done", "T-102 done", "T-111 todo", "T-103 todo", "T-104 todo", "T-105 done", "T-106 cancelled",
      "T-107 todo", "T-108 cancelled", "T-109 done",
    ]);
    expect(parsed.tasks.find((task) => task.key === "T-004")?.dependsOn).toEqual(["T-002", "T-003"]);
    expect(parsed.tasks[0]?.description).toBe(
      "**Description**: Set up the basic project structure with all necessary configs.\n**Acceptance Criteria**:\n\n- Directory structure defined\n- All necessary configs in place\n- Build pipeline working\n- README updated with setup instructions",
    );
    // The template inside the code block is text, not a task.
    expect(parsed.tasks.some((task) => task.key === "T-XXX")).toBe(false);
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("Kiro with `[-]` tasks: 73 tasks, the four in progress read as such, every GitHub box once", () => {
    const { text, parsed } = read("kiro-autism-center.tasks.md");
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks).toHaveLength(73);
    expect(parsed.tasks.filter((task) => task.stateBox).map((task) => [task.id, task.fields.status, task.parentKey])).toEqual([
      ["2.1", "in progress", "real/kiro-autism-center.tasks.md#2"],
      ["16", "in progress", undefined],
      ["16.2", "in progress", "real/kiro-autism-center.tasks.md#16"],
      ["16.3", "in progress", "real/kiro-autism-center.tasks.md#16"],
    ]);
    expect(parsed.tasks.find((task) => task.id === "16")?.description).toBe("");
    expect(parsed.tasks.find((task) => task.id === "16.2")?.rawFields.requirements?.value).toBe("3.2, 3.7");
    expect(parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["state-box", 16],
      ["malformed-checkbox", 110],
      ["state-box", 397],
      ["state-box", 414],
      ["state-box", 424],
    ]);
    expectEveryBoxOnce(parsed, text);
  });

  it("TaskForge: a front-matter task titled by its `# TASK-001: …` heading", () => {
    const { text, parsed } = read("taskforge-TASK-001.md");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields, task.checklist.map((item) => item.section)])).toEqual([
      ["TASK-001", "Initialize TaskForge workflow", { priority: "P1", type: "task" }, Array(7).fill("Acceptance Criteria")],
    ]);
    expect(parsed.tasks[0]?.rawFields.status?.value).toBe("Ready");
    expectEveryBoxOnce(parsed, text);
  });
});

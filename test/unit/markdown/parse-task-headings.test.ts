import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { expectEveryBoxOnce } from "./accounted.js";

const doc = [
  "# Plan",
  "",
  "## Phase 1: Edge Layer (NGINX) - Sprint 1",
  "",
  "### TASK-001: Create the image",
  "**Priority**: P0  ",
  "**Effort**: 8 hours  ",
  "**Assignee**: DevOps Engineer  ",
  "**Dependencies**: None",
  "",
  "**Subtasks**:",
  "- [ ] Write the Dockerfile",
  "- [x] Build it",
  "",
  "**Acceptance Criteria**:",
  "- Builds in <5 minutes",
  "",
  "---",
  "",
  "### TASK-002: Configure it",
  "**Priority**: P1-High  ",
  "**Dependencies**: TASK-001, All component tasks",
  "",
  "- [ ] Configure the exporter",
  "",
  "#### TASK-002.1: Nested child",
  "- [ ] Child item",
  "",
  "## Definition of Done",
  "",
  "- [ ] Code reviewed",
  "",
].join("\n");

describe("parseDocument: task headings", () => {
  const parsed = parseDocument("docs/TASKS.md", doc);

  it("reads each task heading as a task with fields, items, description and lines", () => {
    expect(parsed.format).toBe("task-headings");
    expect(parsed.tasks[0]).toEqual({
      key: "TASK-001",
      id: "TASK-001",
      title: "Create the image",
      line: 5,
      endLine: 16,
      fields: { priority: "P0", effort: "8 hours", roles: ["DevOps Engineer"], phase: "1", sprint: "Sprint 1" },
      rawFields: {
        phase: { name: "Phase", value: "Phase 1: Edge Layer (NGINX) - Sprint 1", line: 3, column: 1 },
        sprint: { name: "Sprint", value: "Sprint 1", line: 3, column: 1 },
        priority: { name: "Priority", value: "P0", line: 6, column: 15 },
        effort: { name: "Effort", value: "8 hours", line: 7, column: 13 },
        assignee: { name: "Assignee", value: "DevOps Engineer", line: 8, column: 15 },
        dependencies: { name: "Dependencies", value: "None", line: 9, column: 19 },
      },
      dependsOn: [],
      labels: [],
      description: "**Acceptance Criteria**:\n\n- Builds in <5 minutes",
      checklist: [
        { key: "write the dockerfile", text: "Write the Dockerfile", checked: false, line: 12, column: 3, offset: doc.indexOf("[ ] Write") + 1, section: "Subtasks" },
        { key: "build it", text: "Build it", checked: true, line: 13, column: 3, offset: doc.indexOf("[x] Build") + 1, section: "Subtasks" },
      ],
    });
  });

  it("resolves id dependencies and keeps prose as text with a warning on its line", () => {
    const second = parsed.tasks[1];
    expect(second?.dependsOn).toEqual(["TASK-001"]);
    expect(second?.fields.priority).toBe("P1");
    expect(second?.rawFields.dependencies?.value).toBe("TASK-001, All component tasks");
    expect(parsed.diagnostics).toEqual([
      {
        code: "prose-dependency",
        severity: "warning",
        path: "docs/TASKS.md",
        line: 22,
        column: 19,
        message: '"All component tasks" is not a task id; it stays text and no dependency is linked',
      },
    ]);
  });

  it("makes a nested task heading a child task, and its boxes the child's", () => {
    expect(parsed.tasks.map((task) => [task.key, task.parentKey, task.line, task.endLine, task.checklist.map((item) => item.text)])).toEqual([
      ["TASK-001", undefined, 5, 16, ["Write the Dockerfile", "Build it"]],
      ["TASK-002", undefined, 20, 27, ["Configure the exporter"]],
      ["TASK-002.1", "TASK-002", 26, 27, ["Child item"]],
    ]);
  });

  it("gives boxes after the last task, under a higher heading, to the document", () => {
    expect(parsed.checklist).toEqual([
      { key: "code reviewed", text: "Code reviewed", checked: false, line: 31, column: 3, offset: doc.indexOf("[ ] Code") + 1, section: "Definition of Done" },
    ]);
    expectEveryBoxOnce(parsed, doc);
  });

  it("accepts ` - ` and ` — ` separators, lowercase and dotted ids, and bold ids", () => {
    const text = ["## task-7 - Lower", "## BACK-367.03 — Dotted", "## **TASK-9**: Bold", "## Follow-up: not a task", "## TASK-XXX: Placeholder"].join("\n\n");
    const tasks = parseDocument("plan/TASKS.md", text).tasks;
    expect(tasks.map((task) => [task.key, task.id, task.title])).toEqual([
      ["task-7", "task-7", "Lower"],
      ["BACK-367.03", "BACK-367.03", "Dotted"],
      ["TASK-9", "TASK-9", "Bold"],
      ["plan/TASKS.md#TASK-XXX", "TASK-XXX", "Placeholder"],
    ]);
  });
});

describe("parseDocument: single task", () => {
  const text = [
    "# TASK-XXX: [Technical Task Title]",
    "",
    "**Type**: Technical Task",
    "**Sprint**: [Sprint X - Name]",
    "**Status**: [To Do | In Progress | In Review | Done]",
    "**Parent Story**: [STORY-XXX]",
    "",
    "## Technical Requirements",
    "",
    "### Must Have",
    "- [ ] Requirement 1",
    "",
    "**Infrastructure Dependencies**:",
    "- [ ] GCP project provisioned",
    "",
    "## Notes",
    "",
    "Some context.",
    "",
    "```python",
    "- [ ] not an item",
    "```",
    "",
    "## Document Control",
    "",
    "| Item | Details |",
    "|------|---------|",
    "| **Status** | Draft/Planned/In Progress |",
    "| **Assigned To** | @hubot |",
    "| **Due Date** | 2025-02-30 |",
    "| **Dependencies** | TASK-001 |",
    "",
  ].join("\n");
  const parsed = parseDocument("tasks/TASK-XXX.md", text);

  it("gives every box of the document to the one task, section = nearest heading or label", () => {
    expect(parsed.format).toBe("single-task");
    expect(parsed.tasks).toHaveLength(1);
    const task = parsed.tasks[0];
    expect(task?.key).toBe("tasks/TASK-XXX.md#TASK-XXX");
    expect(task?.title).toBe("[Technical Task Title]");
    expect(task?.checklist.map((item) => [item.text, item.section])).toEqual([
      ["Requirement 1", "Must Have"],
      ["GCP project provisioned", "Infrastructure Dependencies"],
    ]);
    expect(parsed.checklist).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reads bold lines and a Document Control table (the first occurrence of a field wins), leaving option lists and placeholders unset", () => {
    const task = parsed.tasks[0];
    expect(task?.fields).toEqual({ type: "technical task", assignees: ["hubot"] });
    expect(task?.dependsOn).toEqual(["TASK-001"]);
    expect(task?.rawFields.status).toEqual({ name: "Status", value: "[To Do | In Progress | In Review | Done]", line: 5, column: 13 });
    expect(task?.rawFields.due).toEqual({ name: "Due Date", value: "2025-02-30", line: 30, column: 18 });
    expect(task?.rawFields.assignee).toEqual({ name: "Assigned To", value: "@hubot", line: 29, column: 21 });
    expect(task?.rawFields["parent story"]).toEqual({ name: "Parent Story", value: "[STORY-XXX]", line: 6, column: 19 });
    expect(task?.line).toBe(1);
    expect(task?.endLine).toBe(31);
  });

  it("keeps the non-checklist text as description (with the bold fields the model has no place for), dropping sections that only held boxes", () => {
    expect(parsed.tasks[0]?.description).toBe("**Parent Story**: [STORY-XXX]\n\n## Notes\n\nSome context.\n\n```python\n- [ ] not an item\n```");
  });
});

describe("parseDocument: metadata written as a list", () => {
  it("reads `- **Name**: value` bullets under a task heading as fields, not description", () => {
    const text = ["## TASK-7: Listed", "- **Priority**: High", "- **Assignee**: @bob", "- **Notes**: keep it short", "", "* A plain bullet", "+ [ ] Do it", ""].join("\n");
    const [task] = parseDocument("plan.md", text).tasks;
    expect(task?.fields).toEqual({ priority: "P1", assignees: ["bob"] });
    expect(task?.rawFields.notes).toEqual({ name: "Notes", value: "keep it short", line: 4, column: 14 });
    expect(task?.description).toBe("* A plain bullet");
  });
});

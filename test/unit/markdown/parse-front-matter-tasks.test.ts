import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { expectEveryBoxOnce } from "./accounted.js";

describe("parseDocument: front matter", () => {
  it("reads a task from front matter: id, status, priority, assignees, dependencies, labels, due, points, parent", () => {
    const text = [
      "---",
      "id: BACK-367.03",
      "title: Web UI integration",
      "status: Done",
      "assignee:",
      "  - '@codex'",
      "labels: [web, enhancement]",
      "dependencies: [BACK-367, T004]",
      "parent_task_id: BACK-367",
      "priority: medium",
      "due: 2026-01-19",
      "points: 5",
      "---",
      "",
      "# Web UI integration",
      "",
      "Integrate the field.",
      "",
      "## Acceptance Criteria",
      "<!-- AC:BEGIN -->",
      "- [x] #1 Modal shows the section",
      "- [ ] #2 Tests cover it",
      "<!-- AC:END -->",
      "",
    ].join("\n");
    const parsed = parseDocument("backlog/tasks/back-367.03.md", text);
    expect(parsed.format).toBe("front-matter");
    expect(parsed.frontMatter).toEqual({
      id: "BACK-367.03",
      title: "Web UI integration",
      status: "Done",
      assignee: ["@codex"],
      labels: ["web", "enhancement"],
      dependencies: ["BACK-367", "T004"],
      parent_task_id: "BACK-367",
      priority: "medium",
      due: "2026-01-19",
      points: 5,
    });
    const [task] = parsed.tasks;
    expect(task).toMatchObject({
      key: "BACK-367.03",
      id: "BACK-367.03",
      title: "Web UI integration",
      parentKey: "BACK-367",
      line: 1,
      endLine: 23,
      fields: { status: "done", priority: "P2", assignees: ["codex"], due: "2026-01-19", points: 5 },
      dependsOn: ["BACK-367", "backlog/tasks/back-367.03.md#T004"],
      labels: ["web", "enhancement"],
      description: "Integrate the field.",
    });
    expect(task?.rawFields.status).toEqual({ name: "status", value: "Done", line: 4, column: 9 });
    expect(task?.rawFields.dependencies).toEqual({ name: "dependencies", value: "BACK-367, T004", line: 8, column: 16 });
    expect(task?.checklist.map((item) => [item.key, item.section, item.checked])).toEqual([
      ["modal shows the section", "Acceptance Criteria", true],
      ["tests cover it", "Acceptance Criteria", false],
    ]);
    expectEveryBoxOnce(parsed, text);
  });

  it("takes the title from a first heading `ID: Title` and keeps that heading out of the description", () => {
    const text = ["---", "id: TASK-001", "status: Ready", "priority: P1", "---", "", "# TASK-001: Initialize the workflow", "", "## Goal", "", "Set it up.", ""].join("\n");
    const [task] = parseDocument("tasks/TASK-001.md", text).tasks;
    expect(task?.title).toBe("Initialize the workflow");
    expect(task?.fields).toEqual({ priority: "P1" });
    expect(task?.description).toBe("## Goal\n\nSet it up.");
  });

  it("reads several tasks from one file, each `---` block with an id starting a new one", () => {
    const text = [
      "---",
      "id: TASK-200",
      "name: Pipeline",
      "status: in-progress",
      "---",
      "- [ ] Add workflow",
      "",
      "---",
      "id: TASK-201",
      "name: Deploy",
      "status: todo",
      "depends_on:",
      "  - TASK-200",
      "---",
      "",
      "- [x] Deploy to staging",
      "",
      "---",
      "",
      "A thematic break above, not a task.",
      "",
    ].join("\n");
    const parsed = parseDocument("ops/deploy.tasks.md", text);
    expect(parsed.tasks.map((task) => [task.key, task.title, task.line, task.endLine, task.fields.status, task.dependsOn, task.checklist.map((item) => item.text)])).toEqual([
      ["TASK-200", "Pipeline", 1, 6, "in progress", [], ["Add workflow"]],
      ["TASK-201", "Deploy", 8, 20, "todo", ["TASK-200"], ["Deploy to staging"]],
    ]);
    expect(parsed.tasks[1]?.description).toBe("A thematic break above, not a task.");
    expect(parsed.tasks[1]?.rawFields.status).toEqual({ name: "status", value: "todo", line: 11, column: 9 });
    expectEveryBoxOnce(parsed, text);
  });

  it("takes a name with a status for a task, and a key from the path when there is no id", () => {
    const text = ["---", "name: Write the docs", "status: wip", "---", "- [ ] Intro", ""].join("\n");
    const parsed = parseDocument("docs/tasks/write-docs.md", text);
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields.status])).toEqual([["docs/tasks/write-docs.md#Write the docs", "Write the docs", "in progress"]]);
  });

  it("does not make a task of front matter without an id (seed 000 has a title only)", () => {
    const text = ["---", 'title: "TASKS-TEMPLATE: breakdown"', "tags: [a]", "---", "", "# TASKS-NNN: Name", "", "- [ ] One", ""].join("\n");
    const parsed = parseDocument("TASKS-NNN.md", text);
    expect(parsed.format).toBe("single-task");
    expect(parsed.frontMatter).toEqual({ title: "TASKS-TEMPLATE: breakdown", tags: ["a"] });
    expect(parsed.tasks.map((task) => task.key)).toEqual(["TASKS-NNN.md#TASKS-NNN"]);
  });

  it("blanks the front matter (even invalid YAML) so that `---` is no thematic break or setext underline, keeping lines exact", () => {
    const text = ["---", "list:", "- [ ] not a box", "---", "- [ ] a box", ""].join("\n");
    const parsed = parseDocument("x.md", text);
    expect(parsed.checklist.map((item) => [item.line, item.column, item.offset])).toEqual([[5, 3, text.lastIndexOf("[ ]") + 1]]);
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["invalid-front-matter", "error", 3]]);
  });
});

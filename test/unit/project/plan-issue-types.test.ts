import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { planIssueTypes } from "../../../src/core/issue-type/plan-issue-types.js";
import { renderLabels } from "../../../src/core/render/render-labels.js";
import { task } from "../support/build.js";

const at = (number: number, type?: string) => ({ key: `TASK-${number}`, number, path: "docs/tasks.md", task: task(`TASK-${number}`, { line: number, fields: type === undefined ? {} : { type } }) });

describe("planIssueTypes", () => {
  it("sets the organization's spelling of a known type only where the issue's differs, and clears one the task no longer names", () => {
    const plan = planIssueTypes({ tasks: [at(1, "bug"), at(2, "Bug"), at(3)], types: ["Task", "Bug"], current: new Map([[2, "Bug"], [3, "Task"]]), fallback: null });
    expect(plan.changes).toEqual([
      { key: "TASK-1", number: 1, type: "Bug" },
      { key: "TASK-3", number: 3, type: null },
    ]);
    expect(plan.notes).toEqual([]);
  });

  it("gives a task without type the fallback, and notes an unknown type once", () => {
    const plan = planIssueTypes({ tasks: [at(1), at(2, "Chore"), at(3, "chore")], types: ["Task"], current: new Map(), fallback: "task" });
    expect(plan.changes).toEqual([{ key: "TASK-1", number: 1, type: "Task" }]);
    expect(plan.notes.map((note) => [note.code, note.severity, note.line])).toEqual([["unknown-issue-type", "notice", 2]]);
  });
});

describe("renderLabels with native types", () => {
  it("leaves out the type label of a native type only", () => {
    expect(renderLabels(task("A", { fields: { type: "bug", priority: "P1" } }), DEFAULT_CONFIG, ["Bug"])).toEqual(["priority: P1", "taskmirror"]);
    expect(renderLabels(task("A", { fields: { type: "chore" } }), DEFAULT_CONFIG, ["Bug"])).toEqual(["type: chore", "taskmirror"]);
  });
});

import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/core/config/schema.js";
import { findBoardDoneMoves } from "../../../src/core/project/find-board-done-moves.js";
import type { ProjectTask } from "../../../src/core/project/plan-project-fields.js";
import type { ProjectBoard, ProjectItem } from "../../../src/core/project/types.js";
import type { TaskFields } from "../../../src/core/model/types.js";
import { task } from "../support/build.js";

const project = configSchema.parse({ project: { url: "https://github.com/users/jo/projects/1" } }).project!;
const status = { id: "status", name: "Status", dataType: "SINGLE_SELECT", options: ["Todo", "In Progress", "Done"].map((name) => ({ id: `s:${name}`, name, color: "GRAY", description: "" })), iterations: [] };
const item = (number: number, option: string, by: { login: string; id: number | null } | null): ProjectItem => ({
  id: `PVTI_${number}`,
  number,
  values: { status: { singleSelectOptionId: `s:${option}` } },
  setBy: { status: by },
});
const board = (items: ProjectItem[]): ProjectBoard => ({ id: "PVT_1", title: "Jo's board", fields: [status], items });
const at = (number: number, fields: TaskFields = {}): ProjectTask => ({ key: `TASK-${number}`, number, path: "docs/tasks.md", task: task(`TASK-${number}`, { fields, line: number }) });
const alice = { login: "alice", id: 7 };

describe("findBoardDoneMoves", () => {
  it("finds an item a person put in Done while its task and issue are open, and names who", () => {
    const moves = findBoardDoneMoves({ tasks: [at(1, { status: "in progress" }), at(2)], board: board([item(1, "Done", alice), item(2, "Todo", alice)]), project, openIssues: new Set([1, 2]), botLogin: "taskmirror[bot]" });
    expect(moves.map((move) => [move.at.key, move.by])).toEqual([["TASK-1", alice]]);
  });

  it("leaves the app's own Done, a done task, a closed issue and a board without a done option to the document", () => {
    const tasks = [at(1), at(2, { status: "done" }), at(3)];
    const items = [item(1, "Done", { login: "taskmirror", id: null }), item(2, "Done", alice), item(3, "Done", alice)];
    expect(findBoardDoneMoves({ tasks, board: board(items), project, openIssues: new Set([1, 2]), botLogin: "taskmirror[bot]" })).toEqual([]);
    expect(findBoardDoneMoves({ tasks: [at(1)], board: { ...board([item(1, "Done", alice)]), fields: [{ ...status, options: status.options.slice(0, 2) }] }, project, openIssues: new Set([1]), botLogin: "taskmirror[bot]" })).toEqual([]);
  });

  it("reports a Done whose setter GitHub does not name, for the caller to refuse", () => {
    expect(findBoardDoneMoves({ tasks: [at(1)], board: board([item(1, "Done", null)]), project, openIssues: new Set([1]), botLogin: "taskmirror[bot]" }).map((move) => move.by)).toEqual([null]);
  });
});

import { describe, expect, it } from "vitest";
import { detectRenumbered } from "../../../src/core/check/detect-renumbered.js";
import type { Operation, Plan } from "../../../src/core/plan/types.js";
import { doc, mirrored, task } from "../support/build.js";

const content = { title: "", body: "", labels: [], assignees: [], milestone: null };
const create = (key: string): Operation => ({ kind: "create", key, content });
const closeNotPlanned = (key: string, number: number): Operation => ({ kind: "close", key, number, reason: "not_planned" });
const plan = (...operations: Operation[]): Plan => ({ operations, notes: [] });

describe("detectRenumbered", () => {
  it("flags a created task with the title of an issue closed as not planned, on the new task's line", () => {
    const documents = [doc("docs/tasks.md", [task("TASK-001", { title: "Set up CI", line: 3 }), task("TASK-102", { title: "Write docs", line: 9 })])];
    const issues = [mirrored(7, "TASK-002: Write docs", { key: "TASK-002", path: "docs/tasks.md" })];
    const found = detectRenumbered({ plan: plan(create("TASK-102"), closeNotPlanned("TASK-002", 7)), documents, issues });
    expect(found).toEqual([
      {
        key: "TASK-102",
        path: "docs/tasks.md",
        line: 9,
        oldKey: "TASK-002",
        number: 7,
        match: "title",
        diagnostic: {
          code: "renumbered-task",
          severity: "warning",
          path: "docs/tasks.md",
          line: 9,
          column: 1,
          message:
            'Renumbered task: "TASK-102" was "TASK-002" (same title). Merging closes #7 as not planned and opens a new issue, ' +
            "losing #7's history. If this is the same task, keep the id \"TASK-002\".",
        },
      },
    ]);
  });

  it("reads the old title from an issue title in another template, and shows path-scoped keys by their id", () => {
    const documents = [doc("specs/a/tasks.md", [task("specs/a/tasks.md#T010", { title: "Add the parser", line: 5, id: "T010" })])];
    const issues = [mirrored(4, "[T001] Add  the Parser", { key: "specs/a/tasks.md#T001", path: "specs/a/tasks.md" })];
    const found = detectRenumbered({
      plan: plan(create("specs/a/tasks.md#T010"), closeNotPlanned("specs/a/tasks.md#T001", 4)),
      documents,
      issues,
    });
    expect(found.map((r) => [r.key, r.number, r.match])).toEqual([["specs/a/tasks.md#T010", 4, "title"]]);
    expect(found[0]?.diagnostic.message.startsWith('Renumbered task: "T010" was "T001" (same title).')).toBe(true);
  });

  it("flags a task at the same position of the same document when the base documents are given", () => {
    const documents = [doc("docs/tasks.md", [task("TASK-001", { title: "One", line: 1 }), task("TASK-020", { title: "Two, renamed", line: 5 })])];
    const baseDocuments = [doc("docs/tasks.md", [task("TASK-001", { title: "One", line: 1 }), task("TASK-002", { title: "Two", line: 5 })])];
    const issues = [mirrored(2, "TASK-002: Two", { key: "TASK-002", path: "docs/tasks.md" })];
    const input = { plan: plan(create("TASK-020"), closeNotPlanned("TASK-002", 2)), documents, issues };
    expect(detectRenumbered(input)).toEqual([]);
    const found = detectRenumbered({ ...input, baseDocuments });
    expect(found.map((r) => [r.key, r.oldKey, r.match])).toEqual([["TASK-020", "TASK-002", "position"]]);
    expect(found[0]?.diagnostic.message).toContain("(same position in this document)");
  });

  it("prefers title matches over position matches and claims each new task once", () => {
    const documents = [doc("docs/tasks.md", [task("TASK-011", { title: "Alpha", line: 1 }), task("TASK-012", { title: "Beta", line: 4 })])];
    const baseDocuments = [doc("docs/tasks.md", [task("TASK-001", { title: "Beta", line: 1 }), task("TASK-002", { title: "Alpha", line: 4 })])];
    const issues = [
      mirrored(1, "TASK-001: Beta", { key: "TASK-001", path: "docs/tasks.md" }),
      mirrored(2, "TASK-002: Alpha", { key: "TASK-002", path: "docs/tasks.md" }),
    ];
    const found = detectRenumbered({
      plan: plan(create("TASK-011"), create("TASK-012"), closeNotPlanned("TASK-001", 1), closeNotPlanned("TASK-002", 2)),
      documents,
      issues,
      baseDocuments,
    });
    expect(found.map((r) => [r.oldKey, r.key, r.match])).toEqual([
      ["TASK-001", "TASK-012", "title"],
      ["TASK-002", "TASK-011", "title"],
    ]);
  });

  it("ignores closes as completed, creates with a different title elsewhere, and plans without a close", () => {
    const documents = [doc("docs/tasks.md", [task("TASK-003", { title: "Gamma", line: 1 })])];
    const issues = [mirrored(1, "TASK-001: Alpha", { key: "TASK-001", path: "docs/tasks.md" })];
    expect(detectRenumbered({ plan: plan(create("TASK-003"), closeNotPlanned("TASK-001", 1)), documents, issues })).toEqual([]);
    expect(
      detectRenumbered({
        plan: plan(create("TASK-003"), { kind: "close", key: "TASK-001", number: 1, reason: "completed" }),
        documents: [doc("docs/tasks.md", [task("TASK-003", { title: "Alpha", line: 1 })])],
        issues,
      }),
    ).toEqual([]);
    expect(detectRenumbered({ plan: plan(create("TASK-003")), documents, issues })).toEqual([]);
  });
});

/**
 * Task documents for the pull-request check-run tests (integration and e2e): a clean plan, a
 * document with exactly four problems on known lines, its fixed version, and one with as many
 * problems as a test needs.
 */

export const PLAN = "docs/tasks/TASKS-plan.md";
export const NEW_DOC = "docs/tasks/TASKS-docs.md";
export const CONFIG = ".github/taskmirror.yml";

export const PLAN_TEXT = [
  "# Plan",
  "",
  "### TASK-001: Set up the repository",
  "**Priority**: P1  ",
  "**Dependencies**: None",
  "",
  "**Subtasks**:",
  "- [ ] Create the repository",
  "- [ ] Add CI",
  "",
  "---",
  "",
  "### TASK-002: Write the parser",
  "**Priority**: P2  ",
  "**Dependencies**: TASK-001",
  "",
].join("\n");

/** A document with exactly four problems: one per line 5, 7, 12 and 18. */
export const BROKEN_TEXT = [
  "# Documentation", // 1
  "", // 2
  "### TASK-020: Write the guide", // 3
  "**Priority**: P2  ", // 4
  "**Dependencies**: TASK-099", // 5 unknown dependency
  "", // 6
  "- [ x] Outline the guide", // 7 malformed checkbox
  "- [ ] Write the guide", // 8
  "", // 9
  "---", // 10
  "", // 11
  "### TASK-020: Review the guide", // 12 duplicate id
  "**Priority**: P3  ", // 13
  "**Dependencies**: None", // 14
  "", // 15
  "---", // 16
  "", // 17
  "### TASK-021: [Technical Task Title]", // 18 placeholder
  "**Priority**: P2", // 19
  "",
].join("\n");

export const FIXED_TEXT = [
  "# Documentation",
  "",
  "### TASK-020: Write the guide",
  "**Priority**: P2  ",
  "**Dependencies**: TASK-002",
  "",
  "- [x] Outline the guide",
  "- [ ] Write the guide",
  "",
  "---",
  "",
  "### TASK-022: Review the guide",
  "**Priority**: P3  ",
  "**Dependencies**: None",
  "",
  "---",
  "",
  "### TASK-021: Publish the guide",
  "**Priority**: P2",
  "",
].join("\n");

/** One task whose checklist holds `n` malformed boxes: n warnings, all on the changed document. */
export function manyProblems(n: number): string {
  return ["# Many", "", "### TASK-050: Many boxes", "**Priority**: P2", "", ...Array.from({ length: n }, (_, i) => `- [ x] Item ${i + 1}`), ""].join("\n");
}

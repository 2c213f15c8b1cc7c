import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { expectEveryBoxOnce } from "./accounted.js";

describe("parseDocument: spec-kit", () => {
  const text = [
    "# Tasks: Recall",
    "",
    "## Phase 1: Setup",
    "",
    "- [ ] T001 Create project structure",
    "- [x] T002 [P] Configure linting in .eslintrc",
    "",
    "## Phase 3: User Story 1 - Search (Priority: P1)",
    "",
    "- [ ] T006a [P] [US1] Create the model in src/models/recall.ts",
    "  - note: keep it small",
    "  - [ ] Add an index",
    "- [ ] Review the phase",
    "",
  ].join("\n");
  const parsed = parseDocument("specs/004-recall/tasks.md", text);

  it("makes each T-id box a task keyed by the path, with [P], [US1] and the phase", () => {
    expect(parsed.format).toBe("spec-kit");
    expect(parsed.tasks.map((task) => ({ key: task.key, id: task.id, title: task.title, fields: task.fields, box: task.checkbox, line: task.line, endLine: task.endLine }))).toEqual([
      { key: "specs/004-recall/tasks.md#T001", id: "T001", title: "Create project structure", fields: { phase: "1" }, box: { line: 5, column: 3, checked: false, offset: text.indexOf("[ ] T001") + 1 }, line: 5, endLine: 5 },
      { key: "specs/004-recall/tasks.md#T002", id: "T002", title: "Configure linting in .eslintrc", fields: { phase: "1", parallel: true }, box: { line: 6, column: 3, checked: true, offset: text.indexOf("[x] T002") + 1 }, line: 6, endLine: 6 },
      { key: "specs/004-recall/tasks.md#T006a", id: "T006a", title: "Create the model in src/models/recall.ts", fields: { phase: "3", parallel: true, story: "US1" }, box: { line: 10, column: 3, checked: false, offset: text.indexOf("[ ] T006a") + 1 }, line: 10, endLine: 12 },
    ]);
  });

  it("puts nested bullets in the description, nested boxes in the checklist, other boxes in the document", () => {
    const task = parsed.tasks[2];
    expect(task?.description).toBe("- note: keep it small");
    expect(task?.checklist.map((item) => [item.key, item.line, item.section])).toEqual([["add an index", 12, undefined]]);
    expect(parsed.checklist.map((item) => [item.key, item.section])).toEqual([["review the phase", "Phase 3: User Story 1 - Search (Priority: P1)"]]);
    expectEveryBoxOnce(parsed, text);
  });

  it("keys the same T001 of two features as two tasks", () => {
    const a = parseDocument("specs/001-a/tasks.md", "- [ ] T001 One\n").tasks[0]?.key;
    const b = parseDocument("specs/002-b/tasks.md", "- [ ] T001 One\n").tasks[0]?.key;
    expect([a, b]).toEqual(["specs/001-a/tasks.md#T001", "specs/002-b/tasks.md#T001"]);
  });
});

describe("parseDocument: numbered checklist (Kiro)", () => {
  const text = [
    "# Implementation Plan",
    "",
    "- [ ] 1. Set up the project",
    "  - [x] 1.1 Create folders",
    "    - Use the standard layout",
    "    - _Requirements: 1.1, 2.3_",
    "  - [ ] 1.2. Add CI",
    "    - [ ] Lint job",
    "",
    "- [x] 2. Build the parser",
    "  - **Estimated Time**: 4 hours",
    "  - **Dependencies**: 1.2",
    "- [ ] 2.1 Tokenizer",
    "- [ ] Release notes",
    "",
  ].join("\n");
  const parsed = parseDocument(".kiro/specs/parser/tasks.md", text);
  const path = ".kiro/specs/parser/tasks.md";

  it("makes numbered boxes tasks with their own box, nested numbers children, and reads detail bullets", () => {
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.parentKey, task.checkbox?.checked, task.line, task.endLine])).toEqual([
      [`${path}#1`, "Set up the project", undefined, false, 3, 8],
      [`${path}#1.1`, "Create folders", `${path}#1`, true, 4, 6],
      [`${path}#1.2`, "Add CI", `${path}#1`, false, 7, 8],
      [`${path}#2`, "Build the parser", undefined, true, 10, 12],
      [`${path}#2.1`, "Tokenizer", `${path}#2`, false, 13, 13],
    ]);
    const [, folders, ci, parser] = parsed.tasks;
    expect(folders?.description).toBe("- Use the standard layout");
    expect(folders?.rawFields).toEqual({ requirements: { name: "Requirements", value: "1.1, 2.3", line: 6, column: 22 } });
    expect(ci?.checklist.map((item) => item.key)).toEqual(["lint job"]);
    expect(parser?.fields).toEqual({ effort: "4 hours" });
    expect(parser?.dependsOn).toEqual([`${path}#1.2`]);
    expect(parser?.description).toBe("");
    expect(parsed.checklist.map((item) => item.key)).toEqual(["release notes"]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reads `Task 3 - Title` items as numbered tasks too", () => {
    const tasks = parseDocument("openspec/changes/x/tasks.md", "- [x] Task 1 - Add tests.\n- [ ] Task 2 - Ship.\n").tasks;
    expect(tasks.map((task) => [task.key, task.title])).toEqual([
      ["openspec/changes/x/tasks.md#1", "Add tests."],
      ["openspec/changes/x/tasks.md#2", "Ship."],
    ]);
  });
});

describe("parseDocument: phase plan", () => {
  const text = [
    "# Implementation Tasks: Feature",
    "",
    "### Definition of Done",
    "- [ ] All tests pass",
    "",
    "## Phase 1: Foundation & Database Layer",
    "**Estimated Duration**: [X days]",
    "",
    "### Database Schema & Models",
    "- [ ] **Design [Model1] schema** with fields: [specific fields]",
    "  - Add indexes for performance",
    "  - **Estimated Time**: [X hours]",
    "  - [ ] Review with DBA",
    "",
    "- [x] **Create migration scripts**",
    "  - **Estimated Time**: 2 hours",
    "",
  ].join("\n");
  const parsed = parseDocument("docs/feature.tasks.md", text);

  it("makes top-level bold boxes tasks: title = the bold text, phase and group from headings, effort from a bullet", () => {
    expect(parsed.format).toBe("phase-plan");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields, task.rawFields.group?.value, task.checkbox?.checked])).toEqual([
      ["docs/feature.tasks.md#Design [Model1] schema", "Design [Model1] schema", { phase: "1" }, "Database Schema & Models", false],
      ["docs/feature.tasks.md#Create migration scripts", "Create migration scripts", { phase: "1", effort: "2 hours" }, "Database Schema & Models", true],
    ]);
    expect(parsed.tasks[0]?.rawFields.effort).toEqual({ name: "Estimated Time", value: "[X hours]", line: 12, column: 25 });
    expect(parsed.tasks[0]?.description).toBe("with fields: [specific fields]\n\n- Add indexes for performance");
    expect(parsed.tasks[0]?.checklist.map((item) => item.key)).toEqual(["review with dba"]);
  });

  it("gives non-bold boxes (a Definition of Done) to the document", () => {
    expect(parsed.checklist.map((item) => [item.key, item.section])).toEqual([["all tests pass", "Definition of Done"]]);
    expectEveryBoxOnce(parsed, text);
  });
});

describe("parseDocument: OpenSpec", () => {
  const text = ["## 1. Implementation", "- [x] 1.1 Add the script", "- [ ] 1.2. Add types", "  - [ ] Export them", "- [ ] Tidy up", "", "## 2. Testing", "- [ ] 2.1 Smoke test", ""].join("\n");
  const parsed = parseDocument("openspec/changes/etf/tasks.md", text);
  const path = "openspec/changes/etf/tasks.md";

  it("makes `## 1. Group` a parent task without a box and `1.1` items its children, in document order", () => {
    expect(parsed.format).toBe("openspec");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.parentKey, task.checkbox?.checked, task.line, task.endLine, task.checklist.map((item) => item.key)])).toEqual([
      [`${path}#1`, "Implementation", undefined, undefined, 1, 5, ["tidy up"]],
      [`${path}#1.1`, "Add the script", `${path}#1`, true, 2, 2, []],
      [`${path}#1.2`, "Add types", `${path}#1`, false, 3, 4, ["export them"]],
      [`${path}#2`, "Testing", undefined, undefined, 7, 8, []],
      [`${path}#2.1`, "Smoke test", `${path}#2`, false, 8, 8, []],
    ]);
    expectEveryBoxOnce(parsed, text);
  });
});

describe("parseDocument: checklist", () => {
  it("keeps a document without task structure as its checklist, keys repeats with #2, sections from headings", () => {
    const text = ["# Release", "", "## Before", "- [ ] Bump version", "- [x] Update **changelog**", "", "## After", "> quoted", "", "- [ ] Bump version", ""].join("\n");
    const parsed = parseDocument("RELEASE-tasks.md", text);
    expect(parsed.format).toBe("checklist");
    expect(parsed.tasks).toEqual([]);
    expect(parsed.checklist).toEqual([
      { key: "bump version", text: "Bump version", checked: false, line: 4, column: 3, offset: text.indexOf("[ ] Bump") + 1, section: "Before" },
      { key: "update changelog", text: "Update **changelog**", checked: true, line: 5, column: 3, offset: text.indexOf("[x]") + 1, section: "Before" },
      { key: "bump version#2", text: "Bump version", checked: false, line: 10, column: 3, offset: text.lastIndexOf("[ ] Bump") + 1, section: "After" },
    ]);
  });

  it("reads an empty document as an empty checklist", () => {
    expect(parseDocument("tasks.md", "")).toEqual({ path: "tasks.md", format: "checklist", frontMatter: {}, tasks: [], checklist: [], diagnostics: [], bom: false, eol: "\n" });
  });
});

describe("detecting list formats", () => {
  it("keeps a checklist with a stray numbered or bold item a checklist", () => {
    const text = ["- [ ] Review the PR", "- [ ] 2.5 hours of pairing", "- [ ] **Note**: ask the team", "- [ ] Merge", "- [x] Deploy", ""].join("\n");
    const parsed = parseDocument("release.md", text);
    expect(parsed.format).toBe("checklist");
    expect(parsed.checklist).toHaveLength(5);
  });

  it("takes bold items under a phase heading as a phase plan even when plain items outnumber them", () => {
    const text = ["## Phase 1: Build", "- [ ] **Write the parser**", "- [ ] review", "- [ ] merge", "- [ ] deploy", ""].join("\n");
    const parsed = parseDocument("plan.md", text);
    expect(parsed.format).toBe("phase-plan");
    expect(parsed.tasks.map((task) => [task.title, task.fields.phase])).toEqual([["Write the parser", "1"]]);
    expect(parsed.checklist).toHaveLength(3);
  });
});

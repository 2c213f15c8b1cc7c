import { describe, expect, it } from "vitest";
import { findCheckboxes } from "../../../src/core/markdown/find-checkboxes.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { spliceCheckboxes } from "../../../src/core/markdown/splice-checkboxes.js";
import { applyTogglesToText } from "../../../src/core/sync/apply-toggles-to-text.js";
import { DONE_ITEM_KEY } from "../../../src/core/sync/types.js";
import { expectEveryBoxOnce } from "./accounted.js";

// Kiro writes `[-]` on the task it is running and `[~]` on tasks queued to run; neither is a
// GitHub checkbox, so before they were read the task vanished and its issue was closed.
describe("parseDocument: Kiro's `[-]` and `[~]` task boxes", () => {
  const text = [
    "# Implementation Plan",
    "",
    "- [-] 1. Set up the project",
    "  - [x] 1.1 Create folders",
    "  - [~] 1.2 Add CI",
    "    - Lint and test jobs",
    "    - [ ] Cache node_modules",
    "    - _Requirements: 2.1_",
    "  - [-] not a numbered line, so text",
    "- [ ] 2. Build the parser",
    "",
  ].join("\n");
  const path = ".kiro/specs/x/tasks.md";
  const parsed = parseDocument(path, text);

  it("reads a numbered task behind `[-]` as in progress and behind `[~]` as queued (to do), with its children", () => {
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks.map((task) => ({ id: task.id, parent: task.parentKey, fields: task.fields, box: task.checkbox, state: task.stateBox }))).toEqual([
      { id: "1", parent: undefined, fields: { status: "in progress" }, box: undefined, state: { line: 3, column: 3, offset: text.indexOf("[-] 1.") + 1, mark: "-" } },
      { id: "1.1", parent: `${path}#1`, fields: {}, box: { line: 4, column: 5, checked: true, offset: text.indexOf("[x] 1.1") + 1 }, state: undefined },
      { id: "1.2", parent: `${path}#1`, fields: { status: "todo" }, box: undefined, state: { line: 5, column: 5, offset: text.indexOf("[~] 1.2") + 1, mark: "~" } },
      { id: "2", parent: undefined, fields: {}, box: { line: 10, column: 3, checked: false, offset: text.indexOf("[ ] 2.") + 1 }, state: undefined },
    ]);
  });

  it("keeps child tasks out of a parent's description, a `[-]` line that is no task in it, and nested boxes in the checklist", () => {
    const [one, , two] = parsed.tasks;
    expect(one?.description).toBe("- [-] not a numbered line, so text");
    expect(two?.description).toBe("- Lint and test jobs");
    expect(two?.rawFields.requirements?.value).toBe("2.1");
    expect(two?.checklist.map((item) => [item.key, item.line])).toEqual([["cache node_modules", 7]]);
    expect(parsed.checklist).toEqual([]);
  });

  it("says once per task that the box is no checkbox on GitHub (a notice), and counts no GitHub checkbox twice", () => {
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ["state-box", "notice", 3, 3, "`[-]` is not a checkbox on GitHub (the line shows as text): the task is read as in progress, and closing its issue writes `[x]` here"],
      ["state-box", "notice", 5, 5, "`[~]` is not a checkbox on GitHub (the line shows as text): the task is read as queued (to do), and closing its issue writes `[x]` here"],
    ]);
    expect(findCheckboxes(text).map((box) => box.line)).toEqual([4, 7, 10]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reads a spec-kit line and a phase plan's bold line behind `[-]` too, and a document of only `[-]` tasks as a numbered plan", () => {
    const specKit = parseDocument("specs/1/tasks.md", "## Phase 1: Setup\n\n- [-] T001 [P] Create the project\n- [ ] T002 Lint\n");
    expect(specKit.format).toBe("spec-kit");
    expect(specKit.tasks.map((task) => [task.id, task.fields, task.stateBox?.mark ?? null])).toEqual([
      ["T001", { phase: "1", parallel: true, status: "in progress" }, "-"],
      ["T002", { phase: "1" }, null],
    ]);
    const phasePlan = parseDocument("PLAN.md", "## Phase 1: Setup\n\n- [ ] **Design the schema**\n- [-] **Write the API**\n");
    expect(phasePlan.tasks.map((task) => [task.title, task.fields.status ?? null])).toEqual([
      ["Design the schema", null],
      ["Write the API", "in progress"],
    ]);
    const onlyStates = parseDocument("tasks.md", "- [-] 1. One\n- [~] 2. Two\n");
    expect(onlyStates.format).toBe("numbered-checklist");
    expect(onlyStates.tasks.map((task) => task.key)).toEqual(["tasks.md#1", "tasks.md#2"]);
  });

  it("leaves `[-]` and `[~]` lines alone in formats that have no such tasks (text, as on GitHub)", () => {
    const headings = parseDocument("TASKS.md", "### TASK-1: One\n- [-] 1. a dash box\n- [ ] item\n\n### TASK-2: Two\n");
    expect(headings.tasks.map((task) => [task.key, task.description, task.checklist.map((item) => item.key)])).toEqual([
      ["TASK-1", "- [-] 1. a dash box", ["item"]],
      ["TASK-2", "", []],
    ]);
    expect(headings.diagnostics).toEqual([]);
  });
});

describe("writing back a Kiro `[-]`/`[~]` task's done state", () => {
  const text = "# Plan\r\n\r\n- [-] 1. Set up\r\n  - [~] 1.1 Folders\r\n- [ ] 2. Parser\r\n";
  const document = parseDocument("tasks.md", text);
  const toggle = (taskKey: string, checked: boolean) => ({ taskKey, itemKey: DONE_ITEM_KEY, checked, issue: 7 });

  it("closing the issue writes `x` over the mark — that one byte, nothing else", () => {
    const edit = applyTogglesToText(text, document, [toggle("tasks.md#1", true), toggle("tasks.md#1.1", true)]);
    expect(edit.text).toBe("# Plan\r\n\r\n- [x] 1. Set up\r\n  - [x] 1.1 Folders\r\n- [ ] 2. Parser\r\n");
    expect([...edit.text].filter((char, index) => char !== text[index])).toEqual(["x", "x"]);
    expect(edit.applied).toHaveLength(2);
  });

  it("reopening writes nothing: the mark already says the task is not done", () => {
    const edit = applyTogglesToText(text, document, [toggle("tasks.md#1", false)]);
    expect(edit.text).toBe(text);
    expect(edit.unchanged).toEqual([toggle("tasks.md#1", false)]);
  });

  it("the splicer flips a mark like a box (tick: `x`, untick: ` `) and refuses other bytes", () => {
    const offset = text.indexOf("[-]") + 1;
    expect(spliceCheckboxes(text, [{ offset, checked: true }])).toBe(text.replace("[-]", "[x]"));
    expect(spliceCheckboxes(text, [{ offset, checked: false }])).toBe(text.replace("[-]", "[ ]"));
    expect(() => spliceCheckboxes("- [?] 1. x", [{ offset: 3, checked: true }])).toThrow(/no checkbox at offset 3/);
  });

  it("after the close the task is the same task, now with a GitHub checkbox", () => {
    const closed = parseDocument("tasks.md", applyTogglesToText(text, document, [toggle("tasks.md#1", true)]).text);
    expect(closed.tasks[0]).toMatchObject({ key: "tasks.md#1", checkbox: { checked: true }, fields: {} });
    expect(closed.tasks[0]?.stateBox).toBeUndefined();
  });
});

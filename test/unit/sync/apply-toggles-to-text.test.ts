import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { applyTogglesToText } from "../../../src/core/sync/apply-toggles-to-text.js";
import type { FileToggle } from "../../../src/core/sync/types.js";

function apply(path: string, text: string, toggles: Omit<FileToggle, "issue">[]) {
  const document = parseDocument(path, text);
  return applyTogglesToText(text, document, toggles.map((toggle) => ({ ...toggle, issue: 1 })));
}

const headings = [
  "# Plan",
  "",
  "### TASK-001: Set up",
  "**Status**: In Progress  ",
  "",
  "**Subtasks**:",
  "- [ ] Create the repository",
  "  - [X] Add CI   ",
  "- [x] Write *docs*",
  "",
  "### TASK-002: Parser",
  "",
  "| Field | Value |",
  "| --- | --- |",
  "| **Status** | Todo |",
  "",
  "- [ ] Parse headings",
  "",
].join("\n");

describe("applyTogglesToText", () => {
  it("flips only the box bytes, by key", () => {
    const edit = apply("docs/TASKS.md", headings, [
      { taskKey: "TASK-001", itemKey: "create the repository", checked: true },
      { taskKey: "TASK-001", itemKey: "add ci", checked: false },
      { taskKey: "TASK-002", itemKey: "parse headings", checked: true },
    ]);
    expect(edit.text).toBe(
      headings.replace("- [ ] Create", "- [x] Create").replace("- [X] Add CI", "- [ ] Add CI").replace("- [ ] Parse", "- [x] Parse"),
    );
    expect(edit.applied.map((t) => t.itemKey)).toEqual(["create the repository", "add ci", "parse headings"]);
    expect(edit.unchanged).toEqual([]);
    expect(edit.missing).toEqual([]);
  });

  it("keeps `[X]` when the box already says so, and reports toggles the file agrees with", () => {
    const edit = apply("docs/TASKS.md", headings, [
      { taskKey: "TASK-001", itemKey: "add ci", checked: true },
      { taskKey: "TASK-001", itemKey: "write docs", checked: true },
    ]);
    expect(edit.text).toBe(headings);
    expect(edit.applied).toEqual([]);
    expect(edit.unchanged.map((t) => t.itemKey)).toEqual(["add ci", "write docs"]);
  });

  it("lets the last toggle of a box win", () => {
    const edit = apply("docs/TASKS.md", headings, [
      { taskKey: "TASK-001", itemKey: "create the repository", checked: true },
      { taskKey: "TASK-001", itemKey: "create the repository", checked: false },
    ]);
    expect(edit.text).toBe(headings);
    expect(edit.unchanged).toHaveLength(1);
  });

  it("reports items and tasks the document no longer has, and writes the rest", () => {
    const edit = apply("docs/TASKS.md", headings, [
      { taskKey: "TASK-001", itemKey: "gone", checked: true },
      { taskKey: "TASK-009", itemKey: "parse headings", checked: true },
      { taskKey: "TASK-002", itemKey: "parse headings", checked: true },
    ]);
    expect(edit.missing.map((t) => `${t.taskKey}/${t.itemKey}`)).toEqual(["TASK-001/gone", "TASK-009/parse headings"]);
    expect(edit.text).toBe(headings.replace("- [ ] Parse", "- [x] Parse"));
  });

  it("keeps CRLF line endings, a BOM and trailing spaces byte for byte", () => {
    const text = `\uFEFF${headings.replace(/\n/g, "\r\n")}`;
    const edit = apply("docs/TASKS.md", text, [{ taskKey: "TASK-001", itemKey: "add ci", checked: false }]);
    expect(edit.text).toBe(text.replace("- [X] Add CI   \r\n", "- [ ] Add CI   \r\n"));
  });

  it("rewrites only the status value of a task without an own box: bold line and table cell", () => {
    const done = apply("docs/TASKS.md", headings, [
      { taskKey: "TASK-001", itemKey: "", checked: true },
      { taskKey: "TASK-002", itemKey: "", checked: true },
    ]);
    expect(done.text).toBe(headings.replace("**Status**: In Progress  ", "**Status**: Done  ").replace("| **Status** | Todo |", "| **Status** | Done |"));
    expect(done.applied).toHaveLength(2);

    const reopened = apply("docs/TASKS.md", done.text, [{ taskKey: "TASK-001", itemKey: "", checked: false }]);
    expect(reopened.text).toBe(done.text.replace("**Status**: Done  ", "**Status**: To Do  "));

    const same = apply("docs/TASKS.md", headings, [{ taskKey: "TASK-002", itemKey: "", checked: false }]);
    expect(same.unchanged).toHaveLength(1);
    expect(same.text).toBe(headings);
  });

  it("rewrites a front-matter status in place, in the document's own case", () => {
    const text = ["---", "id: TASK-100", "name: Front matter task", "status: in-progress", "---", "", "- [ ] One", ""].join("\n");
    const edit = apply("tasks/TASK-100.md", text, [{ taskKey: "TASK-100", itemKey: "", checked: true }]);
    expect(edit.text).toBe(text.replace("status: in-progress", "status: done"));
  });

  it("ticks a task's own box for its done state (numbered plan, CRLF)", () => {
    const text = ["# Tasks", "", "- [ ] 1. Setup", "  - [ ] 1.1 Create folders", ""].join("\r\n");
    const document = parseDocument(".kiro/specs/a/tasks.md", text);
    const setup = document.tasks.find((task) => task.title.includes("Setup"));
    expect(setup?.checkbox).toBeDefined();
    const edit = applyTogglesToText(text, document, [{ taskKey: setup!.key, itemKey: "", checked: true, issue: 3 }]);
    expect(edit.text).toBe(text.replace("- [ ] 1. Setup", "- [x] 1. Setup"));
  });

  it("has no done state to write for a task with neither own box nor status", () => {
    const text = "### TASK-005: Plain\n\n- [ ] One\n";
    const edit = apply("docs/TASKS.md", text, [{ taskKey: "TASK-005", itemKey: "", checked: true }]);
    expect(edit.noDoneState).toHaveLength(1);
    expect(edit.text).toBe(text);
  });
});

describe("applyTogglesToText with a key written twice", () => {
  it("writes nothing for a task whose key the document has twice", () => {
    const text = "### TASK-001: One\n\n- [ ] Step\n\n### TASK-001: Again\n\n- [ ] Step\n";
    const edit = apply("docs/TASKS.md", text, [{ taskKey: "TASK-001", itemKey: "step", checked: true }]);
    expect(edit.text).toBe(text);
    expect(edit.missing).toHaveLength(1);
  });
});

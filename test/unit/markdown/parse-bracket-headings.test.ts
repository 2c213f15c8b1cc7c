import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { taskHeadingOf } from "../../../src/core/markdown/task-id.js";
import { applyTogglesToText } from "../../../src/core/sync/apply-toggles-to-text.js";
import { DONE_ITEM_KEY } from "../../../src/core/sync/types.js";
import { validate } from "../../../src/core/validate/validate.js";
import { expectEveryBoxOnce } from "./accounted.js";

// The format of task lists kept for AI agents (golergka/ai-plays-pico8 and the template it came
// from): `### [T-XXX] Short descriptive title [STATE]`, bold metadata lines below.
describe("parseDocument: `### [T-001] Title [STATE]` headings", () => {
  const text = [
    "# Tasks",
    "",
    "## High-level tasks (epics)",
    "",
    "### [T-001] Setup Project Structure [IN PROGRESS]",
    "**Dependencies**: None",
    "**Description**: Set up the basic project structure.",
    "**Acceptance Criteria**:",
    "- Directory structure defined",
    "- [x] Build pipeline working",
    "",
    "### [T-002] Implement Core Schema System [todo]",
    "**Dependencies**: T-001",
    "",
    "### [T-003] [URGENT] Fix Action Schema System [TESTING]",
    "",
    "### [T-004] Support [link] syntax",
    "",
    "### [T-005] Ship it [✅ Done]",
    "",
    "### [T-010] Implement Human Player Interface [MOVED]",
    "**Description**: This task has been moved to the Play package as [PLAY-002].",
    "",
  ].join("\n");
  const parsed = parseDocument("docs/TASKS.md", text);

  it("reads the id in brackets as a repository-wide key and the closing bracket as the state", () => {
    expect(parsed.format).toBe("task-headings");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields.status ?? null, task.rawFields.status?.value ?? null])).toEqual([
      ["T-001", "Setup Project Structure", "in progress", "IN PROGRESS"],
      ["T-002", "Implement Core Schema System", "todo", "todo"],
      ["T-003", "[URGENT] Fix Action Schema System", "in review", "TESTING"],
      ["T-004", "Support [link] syntax", null, null],
      ["T-005", "Ship it", "done", "✅ Done"],
      ["T-010", "Implement Human Player Interface", null, "MOVED"],
    ]);
  });

  it("points the state field at the word inside the brackets", () => {
    expect(parsed.tasks[0]?.rawFields.status).toEqual({ name: "State", value: "IN PROGRESS", line: 5, column: 38 });
    expect(text.split("\n")[4]?.slice(37, 48)).toBe("IN PROGRESS");
  });

  it("keeps the description lines the model has no field for, reads the known ones, and the task's boxes", () => {
    const [one, two] = parsed.tasks;
    expect(one?.description).toBe(
      "**Description**: Set up the basic project structure.\n**Acceptance Criteria**:\n\n- Directory structure defined",
    );
    expect(one?.checklist.map((item) => item.key)).toEqual(["build pipeline working"]);
    expect(two?.dependsOn).toEqual(["T-001"]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reports a state word it does not know like any unknown status, on the word", () => {
    expect(parsed.diagnostics).toEqual([]);
    const found = validate([parsed], DEFAULT_CONFIG, { sourceText: () => text }).map((d) => [d.code, d.line, d.column, d.message]);
    expect(found).toEqual([
      ["status-mismatch", 5, 38, 'Every checklist item is ticked but the status is "IN PROGRESS": set the status to Done, or untick what is not finished.'],
      ["placeholder", 17, 21, 'Unfilled template placeholder "[link]" in the title: replace it with the real value.'],
      ["invalid-field", 21, 47, 'Unknown status "MOVED": use To Do, In Progress, In Review, Blocked, On Hold, Done or Cancelled.'],
    ]);
  });

  it("is no task heading without a dash-and-digit id in the brackets", () => {
    expect(taskHeadingOf("[Unreleased]")).toBeUndefined();
    expect(taskHeadingOf("[1.0.0] - 2024-01-01")).toBeUndefined();
    expect(taskHeadingOf("[T-XXX] Short descriptive title [STATE]")).toEqual({ id: "T-XXX", title: "Short descriptive title [STATE]", bracketed: true });
    expect(taskHeadingOf("[PLAY-002]: Implement Human Player Interface")).toEqual({ id: "PLAY-002", title: "Implement Human Player Interface", bracketed: true });
    expect(taskHeadingOf("TASK-004: Add [P] marker")).toEqual({ id: "TASK-004", title: "Add [P] marker" });
  });

  it("closing an issue rewrites only the state word, in the document's own vocabulary", () => {
    const doc = ["### [T-005] Fix TODO parsing [TODO]", "", "### [T-006] Other [DONE]", ""].join("\n");
    const edit = applyTogglesToText(doc, parseDocument("TASKS.md", doc), [{ taskKey: "T-005", itemKey: DONE_ITEM_KEY, checked: true, issue: 5 }]);
    expect(edit.text).toBe(doc.replace("[TODO]", "[DONE]"));
    const reopened = applyTogglesToText(edit.text, parseDocument("TASKS.md", edit.text), [{ taskKey: "T-006", itemKey: DONE_ITEM_KEY, checked: false, issue: 6 }]);
    expect(reopened.text).toBe("### [T-005] Fix TODO parsing [DONE]\n\n### [T-006] Other [TODO]\n");
  });
});

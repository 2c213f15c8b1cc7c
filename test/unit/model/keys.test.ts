import { describe, expect, it } from "vitest";
import { assignItemKeys, isPlaceholderId, isRepositoryWideId, itemKey, normalizeItemText, taskKey } from "../../../src/core/model/keys.js";

describe("normalizeItemText", () => {
  it.each([
    ["  Write   the **docs**  ", "write the docs"],
    ["Update `README.md` with _setup_ steps", "update readme.md with setup steps"],
    ["Edit path/to/new_file.py", "edit path/to/new_file.py"],
    ["See [the guide](https://example.com/a_(b)) and ![logo](x.png)", "see the guide and logo"],
    ["Read [the spec][spec] now", "read the spec now"],
    ["Visit <https://example.com/x>", "visit https://example.com/x"],
    ["~~Old~~ new", "old new"],
    ["Escaped \\*stars\\* and \\[brackets\\]", "escaped stars and [brackets]"],
    ["ＦＵＬＬ width ①", "full width 1"],
    ["Ünïcödé ÀÉ", "ünïcödé àé"],
    ["*Requirements: 1.1*", "requirements: 1.1"],
  ])("%s → %s", (text, key) => {
    expect(normalizeItemText(text)).toBe(key);
  });
});

describe("item keys", () => {
  it("numbers repeats within one owner: text, text#2, text#3", () => {
    expect(assignItemKeys(["Test", "Deploy", "**Test**", "test", "Deploy"])).toEqual(["test", "deploy", "test#2", "test#3", "deploy#2"]);
    expect(itemKey("Test")).toBe("test");
    expect(itemKey("Test", 2)).toBe("test#2");
  });

  it("depends only on the text, so an issue-body line keys like the file's", () => {
    expect(assignItemKeys(["Add `x`"])).toEqual(assignItemKeys(["Add x"]));
  });
});

describe("task keys", () => {
  it("keeps repository-wide ids as written", () => {
    expect(["TASK-001", "TASKS-007", "BACK-367.03", "task-001"].map((id) => taskKey("docs/a.md", id, "Title"))).toEqual(["TASK-001", "TASKS-007", "BACK-367.03", "task-001"]);
  });

  it("scopes ids that restart per document, and placeholders, by the path", () => {
    expect(["T001", "T006a", "1", "1.2", "TASK-XXX", "TASKS-NNN"].map((id) => taskKey("specs/004/tasks.md", id, "Title"))).toEqual([
      "specs/004/tasks.md#T001",
      "specs/004/tasks.md#T006a",
      "specs/004/tasks.md#1",
      "specs/004/tasks.md#1.2",
      "specs/004/tasks.md#TASK-XXX",
      "specs/004/tasks.md#TASKS-NNN",
    ]);
  });

  it("uses the path and the title when there is no id, and keeps a front-matter id as written", () => {
    expect(taskKey("docs/plan.md", undefined, "  Design  the schema ")).toBe("docs/plan.md#Design the schema");
    expect(taskKey("tasks/a.md", "my-task", "x", { idIsGlobal: true })).toBe("my-task");
    expect(taskKey("tasks/a.md", "42", "x", { idIsGlobal: true })).toBe("42");
    expect(taskKey("tasks/a.md", "TASK-XXX", "x", { idIsGlobal: true })).toBe("tasks/a.md#TASK-XXX");
  });

  it("tells placeholders from real ids", () => {
    expect(["TASK-XXX", "TASKS-NNN", "STORY-YYY", "TASK-###"].map(isPlaceholderId)).toEqual([true, true, true, true]);
    expect(["TASK-001", "TASK-ABC", "T001"].map(isPlaceholderId)).toEqual([false, false, false]);
    expect(["TASK-001", "BACK-3.1", "TASK-XXX", "T001", "1.2"].map(isRepositoryWideId)).toEqual([true, true, false, false, false]);
  });
});

import { describe, expect, it } from "vitest";
import type { Document, Status, Task } from "../../../src/core/model/types.js";
import { chooseStatusWord } from "../../../src/core/sync/choose-status-word.js";

function task(key: string, status: Status | undefined, raw: string): Task {
  return {
    key,
    title: key,
    line: 1,
    endLine: 1,
    fields: status ? { status } : {},
    rawFields: { status: { name: "Status", value: raw, line: 1, column: 1 } },
    dependsOn: [],
    labels: [],
    description: "",
    checklist: [],
  };
}

function doc(tasks: Task[]): Document {
  return { path: "a.md", format: "task-headings", frontMatter: {}, tasks, checklist: [], diagnostics: [], bom: false, eol: "\n" };
}

describe("chooseStatusWord", () => {
  it("uses the word another task of the document uses for that state", () => {
    const target = task("A", "in progress", "🟡 In Progress");
    const d = doc([target, task("B", "done", "✅ Complete"), task("C", "todo", "⏳ Not Started")]);
    expect(chooseStatusWord(d, target, true)).toBe("✅ Complete");
    expect(chooseStatusWord(d, target, false)).toBe("⏳ Not Started");
  });

  it("does not borrow a word that could break the markup around it", () => {
    const target = task("A", "in progress", "In Progress");
    expect(chooseStatusWord(doc([target, task("B", "done", "Done | x")]), target, true)).toBe("Done");
  });

  it("falls back to a word cased like the value it replaces", () => {
    expect(chooseStatusWord(doc([]), task("A", "in progress", "in-progress"), true)).toBe("done");
    expect(chooseStatusWord(doc([]), task("A", "done", "done"), false)).toBe("todo");
    expect(chooseStatusWord(doc([]), task("A", "in progress", "IN PROGRESS"), true)).toBe("DONE");
    expect(chooseStatusWord(doc([]), task("A", "in progress", "In Progress"), true)).toBe("Done");
    expect(chooseStatusWord(doc([]), task("A", "done", "Complete"), false)).toBe("To Do");
  });
});

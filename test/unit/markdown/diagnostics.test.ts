import { describe, expect, it } from "vitest";
import { findEncodingDamage } from "../../../src/core/markdown/find-encoding-damage.js";
import { createLineIndex } from "../../../src/core/markdown/line-index.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";

const damage = (text: string): [number, number, string][] => findEncodingDamage(text, createLineIndex(text), "x.md").map((d) => [d.line, d.column, d.message]);

describe("malformed-checkbox", () => {
  it("reports each look-alike GitHub renders as text, at the column of its bracket or marker", () => {
    const text = [
      "- [ x] inside",
      "- [x ] inside",
      "- []  empty",
      "-[ ] glued",
      "1.[x] glued",
      "- [x]no space",
      "- [ ]",
      "- [ ]* Kiro optional",
      "> - [ ] quoted",
      "- - [ ] second marker",
      "- [ ] fine",
      "* [X] fine",
      "[ ] not a list item",
      "```",
      "- [ x] in code",
      "```",
      "",
    ].join("\n");
    expect(parseDocument("x.md", text).diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ["malformed-checkbox", "warning", 1, 3, "`[ x]` is not a checkbox on GitHub: write `[ ]` or `[x]`"],
      ["malformed-checkbox", "warning", 2, 3, "`[x ]` is not a checkbox on GitHub: write `[ ]` or `[x]`"],
      ["malformed-checkbox", "warning", 3, 3, "`[]` is not a checkbox on GitHub: write `[ ]` or `[x]`"],
      ["malformed-checkbox", "warning", 4, 1, "`-[ ]` is not a checkbox on GitHub: put a space between `-` and the box"],
      ["malformed-checkbox", "warning", 5, 1, "`1.[ ]` is not a checkbox on GitHub: put a space between `1.` and the box"],
      ["malformed-checkbox", "warning", 6, 3, "`[x]n` is not a checkbox on GitHub: `[x]` needs a space after it"],
      ["malformed-checkbox", "warning", 7, 3, "`[ ]` needs text after it to be a checkbox on GitHub"],
      ["malformed-checkbox", "warning", 8, 3, "`[ ]*` is not a checkbox on GitHub: `[ ]` needs a space after it"],
      ["malformed-checkbox", "warning", 9, 5, "GitHub renders no checkbox in a list inside a blockquote: this box stays text"],
      ["malformed-checkbox", "warning", 10, 5, "GitHub renders no checkbox after a second list marker on the same line: this box stays text"],
    ]);
  });
});

describe("encoding-damage", () => {
  it("recognises UTF-8 read as Windows-1252 and as Mac Roman, and names the character it was", () => {
    expect(damage("It\u00e2\u20ac\u2122s here\nCaf\u00c3\u00a9 ok\n")).toEqual([
      [1, 3, '"\u00e2\u20ac\u2122" looks like "\u2019" saved as UTF-8 and read back as Windows-1252'],
      [2, 4, '"\u00c3\u00a9" looks like "\u00e9" saved as UTF-8 and read back as Windows-1252'],
    ]);
    expect(damage("- \u201a\u00e2\u2022 80%\n\ud83d\ude00 fine \u00f0\u0178\u0178\u00a1\n")).toEqual([
      [1, 3, '"\u201a\u00e2\u2022" looks like "\u2265" saved as UTF-8 and read back as Mac Roman'],
      [2, 9, '"\u00f0\u0178\u0178\u00a1" looks like "\ud83d\udfe1" saved as UTF-8 and read back as Windows-1252'],
    ]);
  });

  it("reports one warning per line, at the first damage", () => {
    expect(damage("\u00c3\u00a9 and \u00c3\u00a8\n")).toEqual([[1, 1, '"\u00c3\u00a9" looks like "\u00e9" saved as UTF-8 and read back as Windows-1252']]);
  });

  it("leaves ordinary accented, typographic, CJK and emoji text alone", () => {
    const text = [
      "na\u00efve caf\u00e9, \u00abÉcole\u00bb, \u201c\u00c4rger\u201d, Stra\u00dfe\u201c, \u2014\u00c9t\u00e9",
      "\u2265 80%, \u2192 next, \u2026 and \u2018quotes\u2019, 10\u00b0C, \u00a9 2025",
      "\u9636\u6bb5 1: \u51c6\u5907 \u2705 \ud83d\ude80 \u0424\u0430\u0437\u0430",
    ].join("\n");
    expect(damage(text)).toEqual([]);
  });
});

describe("prose-dependency", () => {
  it("warns for each dependency field written as prose, and keeps the ids of a mixed list", () => {
    const text = [
      "### TASK-001: A",
      "**Dependencies**: None",
      "### TASK-002: B",
      "**Dependencies**: TASK-001 (API ready), Phase 1 complete",
      "### TASK-003: C",
      "**Dependencies**: [TASK-001](#task-001); TASK-002",
      "### TASK-004: D",
      "**Dependencies**: N/A",
      "### TASK-005: E",
      "**Dependencies**: [List of TASKS-IDs that must be completed first]",
      "",
    ].join("\n");
    const parsed = parseDocument("p.md", text);
    expect(parsed.tasks.map((task) => task.dependsOn)).toEqual([[], ["TASK-001"], ["TASK-001", "TASK-002"], [], []]);
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ["prose-dependency", "warning", 4, 19, '"Phase 1 complete" is not a task id; it stays text and no dependency is linked'],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { findCheckboxes } from "../../../src/core/markdown/find-checkboxes.js";

const lines = (...all: string[]): string => all.join("\n");

describe("findCheckboxes", () => {
  it("finds `-`, `*`, `+` and ordered items, `[x]` and `[X]`, with the offset of the character between the brackets", () => {
    const text = lines("- [ ] a", "* [x] b", "+ [X] c", "1. [ ] d", "2) [x] e", "");
    expect(findCheckboxes(text)).toEqual([
      { line: 1, column: 3, checked: false, offset: 3 },
      { line: 2, column: 3, checked: true, offset: 11 },
      { line: 3, column: 3, checked: true, offset: 19 },
      { line: 4, column: 4, checked: false, offset: 28 },
      { line: 5, column: 4, checked: true, offset: 37 },
    ]);
  });

  it("finds nested boxes at their own columns, with tabs and extra spaces after the marker", () => {
    const text = lines("- [ ] parent", "  - [x] child", "    - [ ] grandchild", "-\t[ ] tab", "-   [ ] spaces", "");
    expect(findCheckboxes(text).map(({ line, column }) => [line, column])).toEqual([
      [1, 3],
      [2, 5],
      [3, 7],
      [4, 3],
      [5, 5],
    ]);
  });

  it("keeps offsets exact with CRLF line endings and a BOM", () => {
    const text = "\uFEFF# Plan\r\n\r\n- [ ] one\r\n- [x] two\r\n";
    const boxes = findCheckboxes(text);
    expect(boxes).toEqual([
      { line: 3, column: 3, checked: false, offset: 14 },
      { line: 4, column: 3, checked: true, offset: 25 },
    ]);
    for (const box of boxes) expect(text.slice(box.offset - 1, box.offset + 2)).toMatch(/^\[[ x]\]$/);
  });

  it("reads a box on a first line that starts with a BOM", () => {
    expect(findCheckboxes("\uFEFF- [x] first")).toEqual([{ line: 1, column: 4, checked: true, offset: 4 }]);
  });

  it("sees no box in fenced or indented code, inline code, HTML blocks, table cells or front matter", () => {
    const text = lines(
      "---",
      "todo: '- [ ] in front matter'",
      "---",
      "```",
      "- [ ] fenced",
      "```",
      "",
      "    - [ ] indented",
      "",
      "`- [ ] inline`",
      "",
      "<details>",
      "- [ ] html",
      "</details>",
      "",
      "| - [ ] cell | [x] |",
      "| --- | --- |",
      "| [ ] | - [x] |",
      "",
    );
    expect(findCheckboxes(text)).toEqual([]);
  });

  it("follows GitHub (cmark-gfm) where micromark alone would see a box", () => {
    // In a blockquote, after a second marker, with nothing after the box, or `\r` right after it.
    const text = lines("> - [ ] quoted", "", "- - [ ] second marker", "", "- [x]", "  text", "", "-     [ ] indented code", "");
    expect(findCheckboxes(text)).toEqual([]);
    expect(findCheckboxes("- [x]\r\n")).toEqual([]);
  });

  it("counts a box that ends its line when a space follows it", () => {
    expect(findCheckboxes("- [ ] \n- [x]\tnext\n")).toEqual([
      { line: 1, column: 3, checked: false, offset: 3 },
      { line: 2, column: 3, checked: true, offset: 10 },
    ]);
  });

  it("reads the state from the box itself, not from a later `[x]` on the line", () => {
    expect(findCheckboxes("- [ ] use [x] to tick\n")).toEqual([{ line: 1, column: 3, checked: false, offset: 3 }]);
  });

  it("finds boxes of a text without a trailing newline and of an empty text", () => {
    expect(findCheckboxes("- [ ] last")).toEqual([{ line: 1, column: 3, checked: false, offset: 3 }]);
    expect(findCheckboxes("")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createLineIndex } from "../../../src/core/markdown/line-index.js";

describe("createLineIndex", () => {
  it("maps offsets to 1-based lines and columns across LF, CRLF and lone CR", () => {
    const text = "ab\ncd\r\nef\rg";
    const index = createLineIndex(text);
    expect(index.starts).toEqual([0, 3, 7, 10]);
    expect(index.lineCount).toBe(4);
    expect([0, 2, 3, 5, 6, 7, 9, 10, 11].map((offset) => [index.lineOf(offset), index.columnOf(offset)])).toEqual([
      [1, 1],
      [1, 3],
      [2, 1],
      [2, 3],
      [2, 4],
      [3, 1],
      [3, 3],
      [4, 1],
      [4, 2],
    ]);
    expect([1, 2, 3, 4].map((line) => index.lineText(line))).toEqual(["ab", "cd", "ef", "g"]);
    expect([1, 2, 3, 4].map((line) => [index.lineStart(line), index.lineEnd(line)])).toEqual([
      [0, 2],
      [3, 5],
      [7, 9],
      [10, 11],
    ]);
  });

  it("counts a BOM as column 1 of line 1, and a trailing newline as an empty last line", () => {
    const index = createLineIndex("\uFEFF# a\n");
    expect(index.columnOf(1)).toBe(2);
    expect(index.lineCount).toBe(2);
    expect(index.lineText(2)).toBe("");
    expect(createLineIndex("").lineCount).toBe(1);
  });
});

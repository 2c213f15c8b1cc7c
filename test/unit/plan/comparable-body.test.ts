import { describe, expect, it } from "vitest";
import { comparableBody } from "../../../src/core/plan/comparable-body.js";

const block = (sha: string, lines: string, path = "docs/TASKS.md") =>
  `<!-- taskmirror:begin -->\nx\n<sub>Source: [${path}](https://github.com/o/r/blob/${sha}/${path}#${lines})</sub>\n<!-- taskmirror:end -->\n<!-- taskmirror:state {} -->`;

describe("comparableBody", () => {
  it("ignores the commit and line range of permalinks in the block", () => {
    expect(comparableBody(block("a".repeat(40), "L1-L9"))).toBe(comparableBody(block("b".repeat(40), "L30-L52")));
    expect(comparableBody(block("abc", "L1-L9"))).toBe(
      "<!-- taskmirror:begin -->\nx\n<sub>Source: [docs/TASKS.md](https://github.com/o/r/blob/-/docs/TASKS.md)</sub>\n<!-- taskmirror:end -->\n<!-- taskmirror:state {} -->",
    );
  });

  it("still sees a change of path, and of anything else", () => {
    expect(comparableBody(block("a", "L1-L2", "a.md"))).not.toBe(comparableBody(block("a", "L1-L2", "b.md")));
    expect(comparableBody(`${block("a", "L1-L2")}!`)).not.toBe(comparableBody(block("a", "L1-L2")));
  });

  it("leaves links outside the block alone, and compares line endings as LF", () => {
    const human = "see https://github.com/o/r/blob/abc/x.md#L1-L2";
    expect(comparableBody(`${human}\r\n${block("a", "L1-L2")}`)).toBe(`${human}\n${comparableBody(block("z", "L5-L6"))}`);
  });
});

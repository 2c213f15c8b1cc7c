import { describe, expect, it } from "vitest";
import { closeOpenFences } from "../../../src/core/render/close-open-fences.js";
import { codeSpan } from "../../../src/core/render/code-span.js";
import { cutText } from "../../../src/core/render/cut-text.js";
import { findBlock } from "../../../src/core/render/find-block.js";
import { neutralizeMarkers, restoreMarkers } from "../../../src/core/render/neutralize-markers.js";

describe("cutText", () => {
  it("keeps short text and cuts long text to the limit with an ellipsis", () => {
    expect(cutText("abc", 3)).toBe("abc");
    expect(cutText("abcd", 3)).toBe("ab…");
    expect(cutText("abcd", 0)).toBe("");
    expect(cutText("a😀b", 3)).toBe("a…");
  });
});

describe("closeOpenFences", () => {
  it.each([
    ["no fence", "text", "text"],
    ["closed", "```\ncode\n```", "```\ncode\n```"],
    ["open backticks", "```js\ncode", "```js\ncode\n```"],
    ["open tildes, longer", "~~~~~\ncode\n~~~", "~~~~~\ncode\n~~~\n~~~~~"],
    ["closed by a longer fence", "```\ncode\n`````", "```\ncode\n`````"],
    ["indented by four is code, not a fence", "    ```\ncode", "    ```\ncode"],
    ["backtick info with a backtick is no fence", "``` a`b\ncode", "``` a`b\ncode"],
    ["a closing fence must not have an info string", "```\ncode\n``` js", "```\ncode\n``` js\n```"],
  ])("%s", (_, input, expected) => {
    expect(closeOpenFences(input)).toBe(expected);
  });
});

describe("codeSpan", () => {
  it("picks a fence longer than the backticks inside", () => {
    expect(codeSpan("TASK-1")).toBe("`TASK-1`");
    expect(codeSpan("a``b")).toBe("```a``b```");
    expect(codeSpan("`x")).toBe("`` `x ``");
    expect(codeSpan("a\nb")).toBe("`a b`");
  });
});

describe("neutralizeMarkers / restoreMarkers", () => {
  it("breaks every taskmirror comment and restores it exactly", () => {
    const text = "a <!-- taskmirror:end --> b <!--TASKMIRROR :state {}--> c <!-- other --> <!-- taskmirror";
    const neutral = neutralizeMarkers(text);
    expect(neutral).toBe("a <!-- taskmirror\u200b:end --> b <!--TASKMIRROR\u200b :state {}--> c <!-- other --> <!-- taskmirror");
    expect(restoreMarkers(neutral)).toBe(text);
  });
});

describe("findBlock", () => {
  it("locates the block and the marker right after it", () => {
    const body = 'x<!-- taskmirror:begin -->y<!-- taskmirror:end -->\r\n<!-- taskmirror:state {"v":1} -->z';
    expect(findBlock(body)).toEqual({ start: 1, blockEnd: 50, end: body.length - 1, markerJson: '{"v":1}' });
    expect(findBlock("<!-- taskmirror:begin -->y<!-- taskmirror:end -->\n\nz")).toEqual({ start: 0, blockEnd: 49, end: 49 });
    expect(findBlock("<!-- taskmirror:end --><!-- taskmirror:begin -->")).toBeNull();
  });
});

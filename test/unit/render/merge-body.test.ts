import { describe, expect, it } from "vitest";
import { ISSUE_BODY_MAX } from "../../../src/core/limits.js";
import { generatedBudget, mergeBody } from "../../../src/core/render/merge-body.js";

const block = (n: number) => `<!-- taskmirror:begin -->\nversion ${n}\n<!-- taskmirror:end -->\n<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":[]} -->`;

describe("mergeBody", () => {
  it("replaces the block and its marker in place, keeping a person's text byte-identical", () => {
    const before = "Notes by Ann\r\n\r\n  - keep *this*  \r\n";
    const after = "\r\n\r\n> and this\r\n<!-- a comment -->";
    expect(mergeBody(`${before}${block(1)}${after}`, block(2))).toBe(`${before}${block(2)}${after}`);
  });

  it("replaces a block whose marker a person moved away, leaving that marker in their text", () => {
    const existing = "<!-- taskmirror:begin -->\nold\n<!-- taskmirror:end -->\n\nhuman\n<!-- taskmirror:state {} -->";
    expect(mergeBody(existing, block(2))).toBe(`${block(2)}\n\nhuman\n<!-- taskmirror:state {} -->`);
  });

  it("prepends the block to a body that has none", () => {
    expect(mergeBody("Written by hand.", block(1))).toBe(`${block(1)}\n\nWritten by hand.`);
    expect(mergeBody("", block(1))).toBe(block(1));
  });

  it("treats a begin without an end as a person's text", () => {
    expect(mergeBody("<!-- taskmirror:begin -->\nbroken", block(1))).toBe(`${block(1)}\n\n<!-- taskmirror:begin -->\nbroken`);
  });

  it("cuts a person's text from its end only when the body would exceed the limit", () => {
    const huge = "h".repeat(ISSUE_BODY_MAX);
    const merged = mergeBody(`${block(1)}${huge}`, block(2));
    expect(merged).toHaveLength(ISSUE_BODY_MAX);
    expect(merged.startsWith(block(2))).toBe(true);
  });
});

describe("generatedBudget", () => {
  it("leaves the limit minus the text a person wrote", () => {
    expect(generatedBudget("")).toBe(ISSUE_BODY_MAX);
    expect(generatedBudget(`abc${block(1)}de`)).toBe(ISSUE_BODY_MAX - 5);
    expect(generatedBudget("abc")).toBe(ISSUE_BODY_MAX - 5);
    expect(generatedBudget("x".repeat(ISSUE_BODY_MAX + 10))).toBe(0);
  });
});

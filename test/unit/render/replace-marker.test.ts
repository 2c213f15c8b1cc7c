import { describe, expect, it } from "vitest";
import { parseMarker, renderMarker } from "../../../src/core/render/marker.js";
import { replaceMarker } from "../../../src/core/render/replace-marker.js";

const state = { v: 1 as const, key: "TASK-1", path: "TASKS.md", done: false, items: { a: true }, blockedBy: ["TASK-0"] };

describe("replaceMarker", () => {
  it("replaces only the marker after the generated block, keeping CRLF and the text around it", () => {
    const body = `Note\r\n<!-- taskmirror:begin -->\r\nx\r\n<!-- taskmirror:end -->\r\n${renderMarker(state)}\r\n\r\nafter  `;
    const next = replaceMarker(body, { ...state, blockedBy: [] });
    expect(next).toBe(body.replace(renderMarker(state), renderMarker({ ...state, blockedBy: [] })));
    expect(parseMarker(next)?.blockedBy).toBeUndefined();
  });

  it("replaces a lone marker a person kept after deleting the block", () => {
    const body = `mine\n${renderMarker(state)}\nmore`;
    expect(replaceMarker(body, { ...state, done: true })).toBe(`mine\n${renderMarker({ ...state, done: true })}\nmore`);
  });

  it("returns the same body when the marker already says so, or when there is none", () => {
    const body = `<!-- taskmirror:begin -->\nx\n<!-- taskmirror:end -->\n${renderMarker(state)}`;
    expect(replaceMarker(body, { ...state, items: { a: true, b: false } })).toBe(body);
    expect(replaceMarker("no marker here", state)).toBe("no marker here");
  });
});

import { describe, expect, it } from "vitest";
import { parseMarker } from "../../../src/core/render/marker.js";
import { rebaseMarker } from "../../../src/core/sync/rebase-marker.js";

const marker = '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"a.md","done":false,"items":["one"]} -->';
const body = ["Intro by a person", "<!-- taskmirror:begin -->", "<!-- taskmirror:checklist -->", "- [x] One", "- [x] Two", "<!-- taskmirror:end -->", marker, "Trailer"].join("\r\n");

describe("rebaseMarker", () => {
  it("records the committed states in the marker and keeps every other byte", () => {
    const next = rebaseMarker(body, [{ itemKey: "two", checked: true }]);
    expect(next).toBe(
      body.replace(marker, '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"a.md","done":false,"items":["one","two"]} -->'),
    );
  });

  it("records the done state", () => {
    const next = rebaseMarker(body, [
      { itemKey: "", checked: true },
      { itemKey: "one", checked: false },
    ]);
    expect(parseMarker(next)).toEqual({ v: 1, key: "TASK-001", path: "a.md", done: true, items: {} });
  });

  it("returns the same string when the base already agrees", () => {
    expect(rebaseMarker(body, [{ itemKey: "one", checked: true }, { itemKey: "three", checked: false }])).toBe(body);
  });

  it("leaves a body without marker alone", () => {
    expect(rebaseMarker("just text", [{ itemKey: "one", checked: true }])).toBe("just text");
  });
});

describe("rebaseMarker order", () => {
  it("lists the ticked items in the order the body shows them, as planSync renders the marker", () => {
    const next = rebaseMarker(body.replace('"items":["one"]', '"items":["two"]'), [{ itemKey: "one", checked: true }]);
    expect(next).toContain('"items":["one","two"]');
  });
});

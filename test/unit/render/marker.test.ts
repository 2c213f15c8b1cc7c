import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MarkerState } from "../../../src/core/plan/types.js";
import { parseMarker, renderMarker } from "../../../src/core/render/marker.js";

const state: MarkerState = {
  v: 1,
  key: "specs/004-recall/tasks.md#T001",
  path: "specs/004-recall/tasks.md",
  done: false,
  items: { "write tests": true, deploy: false, "review#2": true },
  parent: "TASK-010",
  blockedBy: ["TASK-001", "TASK-002"],
};

describe("renderMarker", () => {
  it("writes compact JSON in a hidden comment, storing only ticked items", () => {
    expect(renderMarker(state)).toBe(
      '<!-- taskmirror:state {"v":1,"key":"specs/004-recall/tasks.md#T001","path":"specs/004-recall/tasks.md","done":false,"items":["write tests","review#2"],"parent":"TASK-010","blockedBy":["TASK-001","TASK-002"]} -->',
    );
  });

  it("escapes < and > so that no text can end the comment", () => {
    const marker = renderMarker({ ...state, key: "a --> b <!-- c", items: { "x --> y": true }, parent: undefined, blockedBy: [] });
    expect(marker).toBe(
      '<!-- taskmirror:state {"v":1,"key":"a --\\u003e b \\u003c!-- c","path":"specs/004-recall/tasks.md","done":false,"items":["x --\\u003e y"]} -->',
    );
    expect(marker.indexOf("-->")).toBe(marker.length - 3);
  });
});

describe("parseMarker", () => {
  it("reads the issues an issue is cross-linked with, and drops a malformed list rather than the marker", () => {
    expect(parseMarker(renderMarker({ ...state, crossLinked: [26, 31] }))?.crossLinked).toEqual([26, 31]);
    const written = (crossLinked: unknown) => `<!-- taskmirror:state ${JSON.stringify({ v: 1, key: "K", path: "p", done: false, items: [], crossLinked })} -->`;
    for (const bad of [["26"], [0], [1.5], "26", []]) expect(parseMarker(written(bad))).toEqual({ v: 1, key: "K", path: "p", done: false, items: {} });
  });

  it("reads back what renderMarker wrote (unticked items read as absent: the same merge base)", () => {
    expect(parseMarker(`text\n\n${renderMarker(state)}\n`)).toEqual({
      ...state,
      items: { "write tests": true, "review#2": true },
    });
  });

  it("remembers the assignees GitHub refused, with the list they were refused from; a malformed memory is dropped, not the marker", () => {
    const refused: MarkerState = { ...state, unassignable: { logins: ["ghost"], of: ["ann", "ghost"] } };
    const marker = renderMarker(refused);
    expect(marker).toContain(',"unassignable":{"logins":["ghost"],"of":["ann","ghost"]}} -->');
    expect(parseMarker(marker)).toEqual({ ...refused, items: { "write tests": true, "review#2": true } });
    expect(renderMarker({ ...state, unassignable: { logins: [], of: ["ann"] } })).toBe(renderMarker(state));
    const broken = marker.replace('"logins":["ghost"]', '"logins":"ghost"');
    expect(parseMarker(broken)).toEqual({ ...state, items: { "write tests": true, "review#2": true } });
  });

  it("round-trips any state", () => {
    const text = fc.string({ unit: "binary" });
    fc.assert(
      fc.property(
        text.filter((s) => s !== ""),
        text,
        fc.boolean(),
        fc.uniqueArray(text),
        fc.option(text, { nil: undefined }),
        fc.array(text, { minLength: 1 }),
        (key, path, done, ticked, parent, blockedBy) => {
          const items = Object.fromEntries(ticked.map((k) => [k, true]));
          const written: MarkerState = { v: 1, key, path, done, items, blockedBy, ...(parent !== undefined ? { parent } : {}) };
          const marker = renderMarker(written);
          expect(marker.indexOf("-->")).toBe(marker.length - 3);
          expect(marker.includes("\n")).toBe(false);
          expect(parseMarker(`before\r\n${marker}\r\nafter`)).toEqual(written);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("prefers the marker that follows the generated block over one a person pasted above it", () => {
    const other = renderMarker({ ...state, key: "TASK-999" });
    const body = `${other}\n<!-- taskmirror:begin -->\nx\n<!-- taskmirror:end -->\n${renderMarker(state)}`;
    expect(parseMarker(body)?.key).toBe(state.key);
  });

  it("accepts an object of booleans for items", () => {
    const body = '<!-- taskmirror:state {"v":1,"key":"K","path":"p.md","done":true,"items":{"a":true,"b":false}} -->';
    expect(parseMarker(body)).toEqual({ v: 1, key: "K", path: "p.md", done: true, items: { a: true, b: false } });
  });

  it.each([
    ["no marker", "just a body"],
    ["empty", ""],
    ["broken JSON", "<!-- taskmirror:state {not json} -->"],
    ["unterminated", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":[]}'],
    ["wrong version", '<!-- taskmirror:state {"v":2,"key":"K","path":"p","done":false,"items":[]} -->'],
    ["empty key", '<!-- taskmirror:state {"v":1,"key":"","path":"p","done":false,"items":[]} -->'],
    ["done not boolean", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":"yes","items":[]} -->'],
    ["items of numbers", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":[1]} -->'],
    ["items a string", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":"a"} -->'],
    ["parent a number", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":[],"parent":3} -->'],
    ["blockedBy not strings", '<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":[],"blockedBy":[null]} -->'],
    ["an array", "<!-- taskmirror:state [1,2] -->"],
    ["null", "<!-- taskmirror:state null -->"],
    ["split over lines", '<!-- taskmirror:state {"v":1,"key":"K",\n"path":"p","done":false,"items":[]} -->'],
  ])("returns null for %s", (_, body) => {
    expect(parseMarker(body)).toBeNull();
  });

  it("never throws on random input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (garbage) => {
        expect(() => parseMarker(`<!-- taskmirror:state ${garbage} -->`)).not.toThrow();
        expect(() => parseMarker(garbage)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(parseMarker(undefined as unknown as string)).toBeNull();
  });

  it("does not let an item key named __proto__ change the object", () => {
    const parsed = parseMarker('<!-- taskmirror:state {"v":1,"key":"K","path":"p","done":false,"items":["__proto__"]} -->');
    expect(parsed && Object.keys(parsed.items)).toEqual(["__proto__"]);
    expect(parsed?.items.__proto__).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { FRONT_MATTER_NODE_LIMIT, parseFrontMatter } from "../../../src/core/markdown/parse-front-matter.js";

describe("parseFrontMatter", () => {
  it("reads YAML with dates as ISO strings, and JSON", () => {
    expect(parseFrontMatter("", "id: TASK-1\ndue: 2025-03-01\nat: 2025-03-01T10:30:00Z\ntags: [a, b]\n")).toEqual({
      ok: true,
      data: { id: "TASK-1", due: "2025-03-01", at: "2025-03-01T10:30:00.000Z", tags: ["a", "b"] },
    });
    expect(parseFrontMatter("json", '{ "id": 7 }')).toEqual({ ok: true, data: { id: 7 } });
    expect(parseFrontMatter("yml", "")).toEqual({ ok: true, data: {} });
  });

  it("refuses programming languages before any engine sees them", () => {
    const marker = "__taskmirror_parse_front_matter";
    for (const language of ["js", "javascript", "coffee", "cson", "toml", "JavaScript"]) {
      const result = parseFrontMatter(language, `(globalThis.${marker} = 1)`);
      expect(result.ok).toBe(false);
    }
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it("refuses YAML's code tags and prototype keys", () => {
    const tagged = parseFrontMatter("", 'run: !!js/function "function () { return 1 }"');
    expect(tagged).toMatchObject({ ok: false, bodyLine: 0 });
    const proto = parseFrontMatter("", "__proto__:\n  polluted: true\nid: x\n");
    expect(proto).toEqual({ ok: true, data: { id: "x" } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a mapping that expands beyond the node limit, and a cyclic one", () => {
    const wide = `list: &l [${Array(200).fill("x").join(",")}]\nmore: [${Array(60).fill("*l").join(",")}]\n`;
    expect(parseFrontMatter("", wide)).toEqual({ ok: false, message: `front matter expands to more than ${FRONT_MATTER_NODE_LIMIT} values (YAML aliases?) and was not read` });
    expect(parseFrontMatter("", "a: &a\n  b: *a\n").ok).toBe(false);
  });

  it("says where YAML is broken, and that a list or a scalar is not a mapping", () => {
    expect(parseFrontMatter("", "id: 1\ntitle: [x\nstatus: todo")).toMatchObject({ ok: false, bodyLine: 2 });
    expect(parseFrontMatter("", "- a\n- b")).toEqual({ ok: false, message: "front matter is not a mapping of keys to values" });
  });
});

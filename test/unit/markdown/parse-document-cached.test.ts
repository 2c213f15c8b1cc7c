import { describe, expect, it } from "vitest";
import { clearDocumentCache, parseDocument, parseDocumentCached } from "../../../src/core/markdown/parse-document.js";

describe("parseDocumentCached", () => {
  const text = "### TASK-001: One\n- [ ] a\n";

  it("returns what parseDocument returns, as a fresh copy each time", () => {
    clearDocumentCache();
    const first = parseDocumentCached("docs/a.md", text);
    expect(first).toEqual(parseDocument("docs/a.md", text));
    first.tasks[0]!.title = "changed";
    first.checklist.push({ key: "x", text: "x", checked: false, line: 1, column: 1, offset: 1 });
    const second = parseDocumentCached("docs/a.md", text);
    expect(second).toEqual(parseDocument("docs/a.md", text));
    expect(second).not.toBe(first);
  });

  it("parses a text it has seen only once: a second call is much faster than a parse", () => {
    clearDocumentCache();
    const big = Array.from({ length: 800 }, (_, i) => `### TASK-${i + 1}: Task ${i}\n**Priority**: P1\n\n- [ ] step ${i}\n`).join("\n");
    const started = performance.now();
    parseDocumentCached("docs/big.md", big);
    const parse = performance.now() - started;
    const again = performance.now();
    const cached = parseDocumentCached("docs/big.md", big);
    const hit = performance.now() - again;
    expect(cached.tasks).toHaveLength(800);
    expect(hit).toBeLessThan(parse / 3);
  });

  it("keys by path and content: another path or another text is another entry", () => {
    clearDocumentCache();
    expect(parseDocumentCached("docs/a.md", text).path).toBe("docs/a.md");
    expect(parseDocumentCached("docs/b.md", text).path).toBe("docs/b.md");
    expect(parseDocumentCached("docs/a.md", text.replace("[ ]", "[x]")).tasks[0]?.checklist[0]?.checked).toBe(true);
    expect(parseDocumentCached("docs/a.md", text).tasks[0]?.checklist[0]?.checked).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { MAX_NESTING } from "../../../src/core/markdown/read-markdown.js";
import { expectEveryBoxOnce } from "./accounted.js";

const codes = (text: string): [string, string, number][] => parseDocument("x.md", text).diagnostics.map((d) => [d.code, d.severity, d.line]);

describe("parseDocument never throws, and says what it could not read", () => {
  it("reads an empty text and a text that is only a BOM", () => {
    expect(parseDocument("a.md", "")).toMatchObject({ format: "checklist", tasks: [], checklist: [], diagnostics: [], bom: false });
    expect(parseDocument("a.md", "\uFEFF")).toMatchObject({ format: "checklist", tasks: [], checklist: [], diagnostics: [], bom: true });
  });

  it("flags a binary file (NUL bytes) as unreadable and reads no mojibake out of it", () => {
    const text = `PNG\u0000\u0000\u0001\u0002\u00ff\u00fe\n- [ ] still a box\n`;
    const parsed = parseDocument("image.md", text);
    expect(parsed.diagnostics).toEqual([
      { code: "unreadable-document", severity: "error", path: "image.md", line: 1, column: 4, message: "the file holds NUL bytes: it is binary, not a markdown document" },
    ]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reports U+FFFD (invalid UTF-8 replaced on decoding) once per line, and still reads the boxes", () => {
    const text = "# Caf\uFFFD \uFFFD\n\n- [ ] T\uFFFDsk\n";
    const parsed = parseDocument("x.md", text);
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["encoding-damage", 1, 6],
      ["encoding-damage", 3, 8],
    ]);
    expect(parsed.checklist.map((item) => item.text)).toEqual(["T\uFFFDsk"]);
  });

  it("reads a 5 MB document", { timeout: 120_000 }, () => {
    const block = (i: number): string =>
      `## Section ${i}\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n- [ ] item ${i}\n- plain ${i}\n\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 5_000_000; i++) {
      const part = block(i);
      parts.push(part);
      size += part.length;
    }
    const text = parts.join("");
    const parsed = parseDocument("big.md", text);
    expect(parsed.checklist).toHaveLength(parts.length);
    expect(parsed.checklist[parts.length - 1]).toMatchObject({ text: `item ${parts.length - 1}`, section: `Section ${parts.length - 1}` });
    expect(parsed.diagnostics).toEqual([]);
  });

  it("skips lines nested 10,000 levels deep (blockquotes, lists) with an unreadable-document error, and reads the rest", () => {
    for (const deep of [">".repeat(10_000), "- ".repeat(10_000), "> - ".repeat(5_000)]) {
      const text = `# Plan\n${deep}[ ] x\n\n- [ ] ok\n`;
      const parsed = parseDocument("deep.md", text);
      expect(parsed.diagnostics).toEqual([
        {
          code: "unreadable-document",
          severity: "error",
          path: "deep.md",
          line: 2,
          column: 1,
          message: `This line nests more than ${MAX_NESTING} levels deep; the reader skipped it`,
        },
      ]);
      expect(parsed.checklist.map((item) => [item.text, item.line])).toEqual([["ok", 4]]);
    }
  });

  it("skips lines of a list nested by indentation beyond the limit, keeping the shallower ones", () => {
    const text = Array.from({ length: 400 }, (_, i) => `${" ".repeat(i * 2)}- [ ] level ${i}`).join("\n");
    const parsed = parseDocument("deep.md", text);
    expect(codes(text)).toEqual([["unreadable-document", "error", MAX_NESTING + 1]]);
    expect(parsed.diagnostics[0]?.message).toBe(`${400 - MAX_NESTING} lines (from this one) nest more than ${MAX_NESTING} levels deep; the reader skipped them`);
    expect(parsed.checklist).toHaveLength(MAX_NESTING);
    expectEveryBoxOnce(parsed, text);
  });

  it("survives delimiter runs that make micromark quadratic or overflow its stack", () => {
    expect(parseDocument("x.md", `${"*".repeat(50_000)}a${"*".repeat(50_000)}`).diagnostics).toEqual([]);
    expect(parseDocument("x.md", `${"[".repeat(50_000)}a${"]".repeat(50_000)}\n- [ ] after`).checklist.map((item) => item.text)).toEqual(["after"]);
  });

  it("sees no task or box in code, inline code, HTML blocks or table cells", () => {
    const text = [
      "### TASK-001: Real",
      "",
      "```",
      "### TASK-002: In a fence",
      "- [ ] fenced",
      "```",
      "",
      "    - [ ] indented",
      "",
      "`- [ ] inline`",
      "",
      "<details>",
      "",
      "- [ ] in a details block",
      "",
      "</details>",
      "",
      "<table><tr><td>",
      "- [ ] html cell",
      "</td></tr></table>",
      "",
      "| - [ ] cell | x |",
      "| --- | --- |",
      "",
    ].join("\n");
    const parsed = parseDocument("x.md", text);
    expect(parsed.tasks.map((task) => task.key)).toEqual(["TASK-001"]);
    // `<details>` followed by a blank line ends the HTML block: that box is real, on GitHub too.
    expect(parsed.tasks[0]?.checklist.map((item) => item.text)).toEqual(["in a details block"]);
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });
});

describe("front matter is data, never code", () => {
  const marker = "__taskmirror_front_matter_evaluated";

  it.each(["js", "javascript", "coffee", "toml", "JS"])("refuses `---%s` front matter without evaluating it", (language) => {
    const text = `---${language}\n{ id: (globalThis.${marker} = "TASK-1"), title: (() => { throw new Error("evaluated") })() }\n---\n\n- [ ] item\n`;
    const parsed = parseDocument("x.md", text);
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.tasks).toEqual([]);
    expect(parsed.diagnostics).toEqual([
      {
        code: "invalid-front-matter",
        severity: "error",
        path: "x.md",
        line: 1,
        column: 1,
        message: `front matter in \`${language}\` is not read (only YAML and JSON are data); it was not evaluated`,
      },
    ]);
    expect(parsed.checklist.map((item) => item.line)).toEqual([5]);
  });

  it("refuses a YAML alias bomb without expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    const text = `---\nid: TASK-1\n${levels.join("\n")}\n---\n- [ ] item\n`;
    const started = performance.now();
    const parsed = parseDocument("bomb.md", text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(parsed.frontMatter).toEqual({});
    expect(parsed.format).toBe("checklist");
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["invalid-front-matter", 1, "front matter expands to more than 10000 values (YAML aliases?) and was not read; task TASK-1 is not read until this is fixed"],
    ]);
  });

  it("reports unparseable YAML on its line, and a front matter that is never closed", () => {
    expect(codes("---\nid: TASK-1\ntitle: [unclosed\nstatus: todo\n---\n")).toEqual([["invalid-front-matter", "error", 4]]);
    expect(codes("---\nid: TASK-1\n\n- [ ] item\n")).toEqual([["invalid-front-matter", "error", 1]]);
  });

  it("reads JSON front matter", () => {
    const parsed = parseDocument("x.md", '---json\n{ "id": "TASK-9", "status": "done" }\n---\n');
    expect(parsed.tasks.map((task) => [task.key, task.fields.status])).toEqual([["TASK-9", "done"]]);
  });
});

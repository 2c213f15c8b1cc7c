import type { Nodes, Root } from "mdast";
import fc from "fast-check";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { createLineIndex } from "../../../src/core/markdown/line-index.js";
import { parseChunks } from "../../../src/core/markdown/parse-chunks.js";

const processor = unified().use(remarkParse).use(remarkGfm);
const parse = (text: string): Root => processor.parse(text);

/** Block structure of a tree: type, offsets and task state of every block node. */
function blocks(root: Root): string[] {
  const out: string[] = [];
  const stack: Nodes[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (["paragraph", "heading", "tableCell", "text", "inlineCode", "emphasis", "strong", "link", "linkReference", "delete", "break", "image", "footnoteReference"].includes(node.type)) {
      if (node.type === "paragraph" || node.type === "heading") out.push(`${node.type}@${node.position?.start.offset}-${node.position?.end.offset}:${node.position?.start.line}`);
      continue;
    }
    out.push(`${node.type}@${node.position?.start.offset}-${node.position?.end.offset}:${node.position?.start.line}${"checked" in node ? `[${String(node.checked)}]` : ""}`);
    if ("children" in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  return out;
}

const chunked = (text: string, size: number): Root => parseChunks(text, createLineIndex(text), 0, parse, size).root;

describe("parseChunks", () => {
  it("joins chunk trees with absolute offsets and lines, identical to one parse", () => {
    const text = ["# A", "", "- [ ] one", "- [x] two", "", "## B", "", "para", "", "text after a blank", "- [ ] three", ""].join("\n");
    expect(blocks(chunked(text, 1))).toEqual(blocks(parse(text)));
    expect(blocks(chunked(text, 1))).toContain("listItem@5-14:3[false]");
  });

  it("never cuts inside a fenced code block or an HTML comment, even when one holds headings", () => {
    const text = ["# A", "", "```", "# not a heading", "", "- [ ] not a box", "```", "", "<!--", "", "# hidden", "", "-->", "", "# B", "- [ ] box", ""].join("\n");
    const tree = chunked(text, 1);
    expect(blocks(tree)).toEqual(blocks(parse(text)));
    expect(tree.children.map((node) => node.type)).toEqual(["heading", "code", "html", "heading", "list"]);
  });

  it("re-parses past the real end of a fence that a list item's indentation hid from the cut finder", () => {
    const text = ["- item", "  ```", "  code", "```", "", "# inside the top-level fence", "", "- [ ] not a box", "", "```", "", "# after", "- [ ] box", ""].join("\n");
    expect(blocks(chunked(text, 1))).toEqual(blocks(parse(text)));
  });

  it("does not cut an HTML block that runs to the next blank line, headings included", () => {
    for (const text of ["</div>\n# Heading\n- [ ] box\n", "- [ ] a\n  ```\n</pre>\n```\n# Heading\n", "- plain\n  ```\n- [ ] a\n  ```\n# Heading\n"]) {
      expect(blocks(chunked(text, 1))).toEqual(blocks(parse(text)));
    }
  });

  it("joins a list cut between its items back into one list, but not lists of different markers", () => {
    const text = ["- [ ] 1. one", "  - [ ] 1.1 sub", "", "- [ ] 2. two", "", "* [ ] other list", "", "1. [ ] ordered", "", "2. [ ] same", "", "3) [ ] new delimiter", ""].join("\n");
    const tree = chunked(text, 1);
    expect(blocks(tree)).toEqual(blocks(parse(text)));
    expect(tree.children.map((node) => (node.type === "list" ? node.children.length : node.type))).toEqual([2, 1, 2, 1]);
  });

  it("keeps an unclosed fence open to the end", () => {
    const text = ["# A", "", "```", "", "# B", "", "- [ ] code", ""].join("\n");
    const tree = chunked(text, 1);
    expect(tree.children.map((node) => node.type)).toEqual(["heading", "code"]);
  });

  it("gives the same block structure as one parse for generated documents, with cuts wherever allowed", () => {
    const pool = [
      "# Heading", "## Sub", "", "", "", "- [ ] a", "- [x] b", "  - [ ] nested", "1. [ ] one", "text", "more text", "> quote", "```", "~~~",
      "    indented", "<!-- comment", "-->", "<div>", "</div>", "<pre>", "</pre>", "| a | b |", "|---|---|", "---", "===", "[^1]: note",
      "  continuation", "- plain", "* * *", "  ```", "- item", "<?php", "?>", "<span>x</span>", "<div>inline", "> - [ ] q", "    - [ ] deep",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 30 }), (chosen) => {
        const text = `${chosen.join("\n")}\n`;
        expect(blocks(chunked(text, 1))).toEqual(blocks(parse(text)));
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});

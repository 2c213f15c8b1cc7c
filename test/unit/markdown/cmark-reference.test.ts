import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cmarkAvailable, fixtureDocuments, REFERENCE_DIR, type ReferenceBox, referencePath, runCmark } from "../../support/cmark-reference.js";
import { findCheckboxes } from "../../../src/core/markdown/find-checkboxes.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { expectEveryBoxOnce, modelBoxes } from "./accounted.js";

const root = join(import.meta.dirname, "../../..");
const live = cmarkAvailable();
const documents = fixtureDocuments();

describe("checkboxes against GitHub's cmark-gfm", () => {
  it("has a committed reference for every fixture document and none for a removed one", () => {
    expect(documents.length).toBeGreaterThanOrEqual(19);
    const expected = documents.map((document) => basename(referencePath(document))).sort();
    expect(readdirSync(REFERENCE_DIR).sort()).toEqual(expected);
  });

  it.each(documents)("%s: find-checkboxes and the model agree with cmark-gfm", (document) => {
    const text = readFileSync(join(root, document), "utf8");
    const reference = JSON.parse(readFileSync(referencePath(document), "utf8")) as ReferenceBox[];
    const found = findCheckboxes(text).map(({ line, checked }) => ({ line, checked }));
    expect(found).toEqual(reference);
    const parsed = parseDocument(document, text);
    expect(modelBoxes(parsed).map(({ line, checked }) => ({ line, checked }))).toEqual(reference);
    expectEveryBoxOnce(parsed, text);
    // A live run, when the binary is installed (CI installs it): the committed file is not stale.
    if (live) expect(runCmark(text)).toEqual(reference);
  });

  it("agrees with a live cmark-gfm on generated documents (when installed; the committed references otherwise)", () => {
    if (!live) {
      expect(existsSync(REFERENCE_DIR)).toBe(true);
      return;
    }
    // Constructs where micromark itself parses differently from cmark-gfm are left out (footnote
    // definitions interrupting a paragraph, an ordered list starting at 2 right after indented
    // code, an empty task item followed by a blank line): see checkbox-of-list-item.ts.
    const pool = [
      "- [ ] a", "- [x] b", "* [X] c", "+ [ ] d", "1. [ ] e", "  - [ ] nested", "    - [ ] deep", "\t- [ ] tab",
      "> - [ ] quoted", "- - [ ] double", "-\t[ ] t", "- [ ]", "- [x]", "```", "~~~", "    code", "<!-- c -->", "<!--", "-->",
      "<div>", "</div>", "", "", "text", "# Heading", "---", "===", "| a | b |", "|---|---|", "* * *", "1. one", "- plain",
      "  - plain nested", "> text", "- [ ] **bold** text", "  [ ] lazy", "-  [ ] two spaces", "-     [ ] five", "- [ ]\tx",
      "  * [ ] two", "   - [x] three", "1.  [ ] padded", "- [ ] <span>", "<details>", "</details>", "  ```", "- ```", "[ ] bare",
      "- [ x] malformed", "-[ ] glued", "- [x]no space",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 14 }), fc.constantFrom("\n", "\r\n"), (chosen, eol) => {
        const text = `${chosen.join(eol)}${eol}`;
        expect(findCheckboxes(text).map(({ line, checked }) => ({ line, checked }))).toEqual(runCmark(text));
      }),
      { numRuns: 150, seed: 20_260_101 },
    );
  });
});

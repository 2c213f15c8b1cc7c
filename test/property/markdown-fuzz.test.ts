import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDocument, fuzzCase } from "./fuzz-documents.js";
import { parseProblems, spliceChoices, spliceProblems, strayOffsets, writeBackProblems } from "./fuzz-properties.js";

/**
 * A short, fixed fuzzing run of the reader and the checkbox write-back on mutated real documents
 * and generated ones (fuzz-documents.ts). The long campaign, with fresh seeds, is
 * `npm run bench -- fuzz`; what it finds is kept here as regression cases (its first campaigns,
 * 8,750 cases on whole and windowed documents, found nothing to keep).
 */

const SHORT = { maxWindow: 80, maxMutations: 8 };

describe("fuzzing the reader and the checkbox write-back (fixed seeds)", () => {
  it("parseDocument never throws and accounts for every box once", () => {
    fc.assert(
      fc.property(fuzzCase(SHORT), (fuzz) => {
        expect(parseProblems(buildDocument(fuzz))).toEqual([]);
      }),
      { seed: 1101, numRuns: 60 },
    );
  });

  it("a splice changes only the bytes of the boxes asked, and the boxes read again are those asked", () => {
    fc.assert(
      fc.property(fuzzCase(SHORT), spliceChoices, strayOffsets, (fuzz, choices, stray) => {
        expect(spliceProblems(buildDocument(fuzz), choices, stray)).toEqual([]);
      }),
      { seed: 1102, numRuns: 60 },
    );
  });

  it("a write-back by task and item key changes only box bytes and keeps every task and item", () => {
    fc.assert(
      fc.property(fuzzCase(SHORT), spliceChoices, (fuzz, choices) => {
        expect(writeBackProblems(buildDocument(fuzz), choices)).toEqual([]);
      }),
      { seed: 1103, numRuns: 60 },
    );
  });
});

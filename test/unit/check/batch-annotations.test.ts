import { describe, expect, it } from "vitest";
import { batchAnnotations } from "../../../src/core/check/batch-annotations.js";
import { toAnnotation } from "../../../src/core/check/to-annotations.js";
import { diagnostic } from "../support/build.js";

const annotations = (n: number) => Array.from({ length: n }, (_, i) => toAnnotation(diagnostic({ line: i + 1 })));
const sizes = (n: number) => batchAnnotations(annotations(n)).map((batch) => batch.length);

describe("batchAnnotations", () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])("splits %i annotations into batches of %j", (n, expected) => {
    expect(sizes(n)).toEqual(expected);
  });

  it("keeps the order of the annotations across batches", () => {
    const lines = batchAnnotations(annotations(120)).flat().map((a) => a.start_line);
    expect(lines).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  });

  it("takes a smaller size and refuses a size that is not a positive integer", () => {
    expect(batchAnnotations(annotations(5), 2).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(() => batchAnnotations(annotations(5), 0)).toThrow(RangeError);
    expect(() => batchAnnotations(annotations(5), 1.5)).toThrow(RangeError);
  });
});

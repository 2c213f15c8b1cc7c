import { describe, expect, it } from "vitest";
import { findCycles } from "../../../src/core/validate/find-cycles.js";

describe("findCycles", () => {
  it("finds nothing in a graph without loops", () => {
    expect(findCycles([[1, 2], [3], [3], []])).toEqual([]);
  });

  it("finds a self-loop and a loop, each from its lowest node, as a shortest way back", () => {
    expect(findCycles([[1], [2, 0], [0], [3]])).toEqual([
      { cycle: [0, 1], component: [0, 1, 2] },
      { cycle: [3], component: [3] },
    ]);
  });

  it("walks a 100,000-node ring without recursion", () => {
    const n = 100_000;
    const ring = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const [only, ...rest] = findCycles(ring);
    expect(rest).toEqual([]);
    expect(only!.cycle).toHaveLength(n);
    expect(only!.cycle.slice(0, 3)).toEqual([0, 1, 2]);
    expect(only!.cycle.at(-1)).toBe(n - 1);
  });
});

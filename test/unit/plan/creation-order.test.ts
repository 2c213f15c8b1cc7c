import { describe, expect, it } from "vitest";
import { creationOrder } from "../../../src/core/plan/creation-order.js";

const graph = (edges: Record<string, string[]>) => (key: string) => edges[key] ?? [];

describe("creationOrder", () => {
  it("keeps document order when nothing depends on anything", () => {
    expect(creationOrder(["c", "a", "b"], graph({}))).toEqual(["c", "a", "b"]);
  });

  it("puts prerequisites first, and otherwise the earliest ready key", () => {
    expect(creationOrder(["a", "b", "c", "d"], graph({ a: ["c"], b: ["d", "c"] }))).toEqual(["c", "a", "d", "b"]);
  });

  it("ignores prerequisites outside the list and self-references", () => {
    expect(creationOrder(["a", "b"], graph({ a: ["zzz", "a"], b: ["a", "a"] }))).toEqual(["a", "b"]);
  });

  it("falls back to document order inside a cycle, after what is ready", () => {
    expect(creationOrder(["a", "b", "c", "d"], graph({ a: ["b"], b: ["a"], d: ["a"] }))).toEqual(["c", "a", "b", "d"]);
  });

  it("orders a 10,000-long chain written backwards", () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    const order = creationOrder(keys, (key) => {
      const i = Number(key.slice(1));
      return i < keys.length - 1 ? [`k${i + 1}`] : [];
    });
    expect(order[0]).toBe("k9999");
    expect(order.at(-1)).toBe("k0");
    expect(new Set(order).size).toBe(10_000);
  });
});

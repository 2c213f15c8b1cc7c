import { describe, expect, it } from "vitest";
import { DEFAULT_RESYNC_INTERVAL_MS, parseResyncInterval } from "../../../src/ops/parse-resync-interval.js";
import { planReconcileRound } from "../../../src/ops/plan-reconcile-round.js";

describe("parseResyncInterval (TASKMIRROR_RESYNC_INTERVAL)", () => {
  it("reads seconds, units and combined durations, and defaults to 6 hours", () => {
    expect(parseResyncInterval(undefined)).toBe(DEFAULT_RESYNC_INTERVAL_MS);
    expect(parseResyncInterval("")).toBe(6 * 3600_000);
    expect(parseResyncInterval("3600")).toBe(3600_000);
    expect(parseResyncInterval("6h")).toBe(6 * 3600_000);
    expect(parseResyncInterval("30m")).toBe(1800_000);
    expect(parseResyncInterval("90s")).toBe(90_000);
    expect(parseResyncInterval("1h30m")).toBe(5400_000);
    expect(parseResyncInterval(" 1D ")).toBe(86_400_000);
    expect(parseResyncInterval("1500ms")).toBe(1500);
  });

  it("refuses what it cannot read, and periods under a second", () => {
    for (const value of ["6 hours", "-1h", "h", "0", "0s", "500ms", "1w", "1h 30m"]) {
      expect(() => parseResyncInterval(value), value).toThrow(`TASKMIRROR_RESYNC_INTERVAL=${JSON.stringify(value)}`);
    }
  });
});

const repos = (owner: string, n: number) => Array.from({ length: n }, (_, i) => ({ owner, repo: `r${i + 1}` }));

describe("planReconcileRound", () => {
  it("interleaves installations of equal size one by one", () => {
    const slots = planReconcileRound(
      [
        { installationId: 1, repositories: repos("a", 3) },
        { installationId: 2, repositories: repos("b", 3) },
      ],
      6000,
      () => 0,
    );
    expect(slots.map((slot) => `${slot.owner}/${slot.repo}`)).toEqual(["a/r1", "b/r1", "a/r2", "b/r2", "a/r3", "b/r3"]);
    expect(slots.map((slot) => slot.at)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it("spreads a small installation through a large one's round instead of after it", () => {
    const slots = planReconcileRound(
      [
        { installationId: 1, repositories: repos("big", 8) },
        { installationId: 2, repositories: repos("small", 2) },
      ],
      10_000,
      () => 0.5,
    );
    const positions = slots.flatMap((slot, position) => (slot.owner === "small" ? [position] : []));
    expect(positions).toEqual([2, 7]);
  });

  it("puts every start at a random point of its own slot, inside the interval", () => {
    const draws = [0, 0.999_999, 0.25, 1];
    const slots = planReconcileRound([{ installationId: 1, repositories: repos("a", 4) }], 4000, () => draws.shift()!);
    expect(slots.map((slot) => slot.at)).toEqual([0, 1999, 2250, 3999]);
    expect(planReconcileRound([], 4000)).toEqual([]);
  });
});

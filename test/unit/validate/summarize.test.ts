import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../src/core/model/types.js";
import { formatCounts, summarize } from "../../../src/core/validate/summarize.js";

const d = (code: string, severity: Diagnostic["severity"], path = "a.md"): Diagnostic => ({
  code,
  severity,
  path,
  line: 1,
  column: 1,
  message: "m",
});

describe("summarize", () => {
  it("counts by severity and by rule, most frequent rule first", () => {
    const summary = summarize([
      d("placeholder", "warning"),
      d("duplicate-key", "error", "b.md"),
      d("placeholder", "warning", "c.md"),
      d("placeholder", "notice"),
      d("x-custom", "error"),
    ]);
    expect(summary).toEqual({
      total: 5,
      bySeverity: { error: 2, warning: 2, notice: 1 },
      byRule: [
        { code: "placeholder", title: "Unfilled template placeholder", count: 3, bySeverity: { error: 0, warning: 2, notice: 1 } },
        { code: "duplicate-key", title: "Duplicate task key", count: 1, bySeverity: { error: 1, warning: 0, notice: 0 } },
        { code: "x-custom", title: "x-custom", count: 1, bySeverity: { error: 1, warning: 0, notice: 0 } },
      ],
      worst: "error",
      documents: 3,
    });
    expect(formatCounts(summary)).toBe("2 errors, 2 warnings, 1 notice");
  });

  it("says there is nothing when there is nothing", () => {
    const summary = summarize([]);
    expect(summary).toEqual({ total: 0, bySeverity: { error: 0, warning: 0, notice: 0 }, byRule: [], worst: null, documents: 0 });
    expect(formatCounts(summary)).toBe("0 errors, 0 warnings, 0 notices");
  });

  it("names the worst severity present", () => {
    expect(summarize([d("a", "notice"), d("b", "warning")]).worst).toBe("warning");
    expect(summarize([d("a", "notice")]).worst).toBe("notice");
  });
});

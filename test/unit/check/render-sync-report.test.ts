import { describe, expect, it } from "vitest";
import { renderSyncReport } from "../../../src/core/check/render-sync-report.js";
import { addTotals, emptyTotals } from "../../../src/core/check/sync-totals.js";
import { readTotalsMarker } from "../../../src/core/check/totals-marker.js";

const AT = Date.UTC(2026, 0, 5, 14, 5, 0);
const base = { tasks: 1000, documents: 3, diagnostics: [], annotated: 0, issuesUrl: "https://github.com/acme/widgets/issues" };

describe("renderSyncReport", () => {
  it("says how far a budgeted sync is and when it goes on, and carries its totals for the next slice", () => {
    const totals = { ...emptyTotals(), created: 412, issues: { ...emptyTotals().issues, created: [1, 2] }, budgetWaits: 3, budgetWaitedMs: 95_000, slices: 1 };
    const output = renderSyncReport({ ...base, totals, progress: { mirrored: 412, of: 1000, operationsLeft: 1630, resumeAt: AT, perHour: 500 } });
    expect(output.title).toBe("412 of 1,000 tasks mirrored; continuing at 14:05 UTC");
    expect(output.summary).toContain("1,630 changes left; the next slice starts at 14:05 UTC on 2026-01-05.");
    expect(output.summary).toContain("| Created | 412 | [#1](https://github.com/acme/widgets/issues/1), [#2](https://github.com/acme/widgets/issues/2) and 410 more |");
    expect(output.summary).toContain("Paced within GitHub's write budget: 3 writes waited, 1 min 35 s in all.");
    expect(readTotalsMarker(output.summary)).toEqual(totals);
  });

  it("ends with the totals of every slice and no marker", () => {
    const slice = { ...emptyTotals(), created: 500, linked: 10, slices: 1 };
    const totals = addTotals(addTotals(slice, slice), { ...emptyTotals(), closed: 1, slices: 1 });
    const output = renderSyncReport({ ...base, totals, progress: null });
    expect(output.title).toBe("Issues: 1,000 created, 1 closed, 20 linked");
    expect(output.summary).toContain("Done in 3 slices.");
    expect(output.summary).not.toContain("taskmirror:sync-totals");
  });

  it("reads no totals from a summary without a marker, or with a forged one", () => {
    expect(readTotalsMarker("nothing here")).toEqual(emptyTotals());
    expect(readTotalsMarker('<!-- taskmirror:sync-totals {"created":"many"} -->')).toEqual(emptyTotals());
  });
});

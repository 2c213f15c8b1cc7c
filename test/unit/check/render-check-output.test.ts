import { describe, expect, it } from "vitest";
import { detectRenumbered } from "../../../src/core/check/detect-renumbered.js";
import { renderCheckOutput, type CheckOutputInput } from "../../../src/core/check/render-check-output.js";
import { CHECK_RUN_TEXT_MAX } from "../../../src/core/limits.js";
import type { Operation, Plan } from "../../../src/core/plan/types.js";
import { diagnostic, doc, mirrored, task } from "../support/build.js";

const content = (title: string) => ({ title, body: "", labels: [], assignees: [], milestone: null });
const plan = (...operations: Operation[]): Plan => ({ operations, notes: [] });

const issues = [
  mirrored(3, "TASK-003: Old task", { key: "TASK-003", path: "docs/tasks.md" }),
  mirrored(5, "TASK-005: Write docs", { key: "TASK-005", path: "docs/tasks.md" }),
  mirrored(8, "TASK-008: Done already", { key: "TASK-008", path: "docs/tasks.md" }),
];

const fullPlan = plan(
  { kind: "ensure-label", name: "priority: P1", color: "d93f0b", description: "Priority P1" },
  { kind: "create", key: "TASK-105", content: content("TASK-105: Write docs") },
  { kind: "create", key: "TASK-106", content: content("TASK-106: Ship it") },
  { kind: "update", key: "TASK-008", number: 8, changes: { title: "TASK-008: Done already!" }, fields: ["title", "labels"] },
  { kind: "close", key: "TASK-008", number: 8, reason: "completed" },
  { kind: "close", key: "TASK-005", number: 5, reason: "not_planned" },
  { kind: "reopen", key: "TASK-003", number: 3 },
  { kind: "link-parent", key: "TASK-106", parentKey: "TASK-105", replace: false },
  { kind: "add-blocked-by", key: "TASK-106", blockerKey: "TASK-003" },
);

const documents = [doc("docs/tasks.md", [task("TASK-003", { title: "Old task", line: 1 }), task("TASK-105", { title: "Write docs", line: 4 }), task("TASK-106", { title: "Ship it", line: 9 })])];
const renumbered = detectRenumbered({ plan: fullPlan, documents, issues });

const diagnostics = [
  diagnostic({ path: "docs/other.md", code: "placeholder", severity: "warning", line: 2, column: 5, message: "Placeholder \"TASK-XXX\": fill it in." }),
  diagnostic({ path: "docs/tasks.md", code: "duplicate-key", severity: "error", line: 4, message: "Duplicate key." }),
  diagnostic({ path: "docs/tasks.md", code: "unknown-dependency", severity: "error", line: 6, message: "Unknown dependency." }),
  ...renumbered.map((r) => r.diagnostic),
];

const input: CheckOutputInput = {
  diagnostics,
  unannotated: [diagnostics[0]!],
  plan: fullPlan,
  issues,
  renumbered,
  documents: { checked: 2, changed: 1 },
};

describe("renderCheckOutput", () => {
  it("titles the run with the counts and what merging does", () => {
    expect(renderCheckOutput(input).title).toBe(
      "2 errors, 1 warning in changed files, 1 warning elsewhere — merging creates 2 issues, updates 1, closes 2, reopens 1, relinks 1",
    );
    expect(renderCheckOutput({ ...input, diagnostics: [diagnostics[0]!] }).title).toBe(
      "No problems in changed files, 1 warning elsewhere — merging creates 2 issues, updates 1, closes 2, reopens 1, relinks 1",
    );
    expect(renderCheckOutput({ ...input, diagnostics: [], unannotated: [], plan: plan() }).title).toBe("No problems — merging changes no issues");
    expect(
      renderCheckOutput({ ...input, diagnostics: [diagnostic({ severity: "notice", line: 1 })], unannotated: [], plan: plan({ kind: "create", key: "A", content: content("A") }) })
        .title,
    ).toBe("1 notice — merging creates 1 issue");
  });

  it("summarises counts by rule, calls out renumbering, then previews the plan as a table", () => {
    expect(renderCheckOutput(input).summary).toBe(
      [
        "**2 errors, 2 warnings** (2 task documents checked, 1 changed by this pull request).",
        "",
        "| Rule | Severity | Count |",
        "| --- | --- | --- |",
        "| Duplicate task key (`duplicate-key`) | error | 1 |",
        "| Unfilled template placeholder (`placeholder`) | warning | 1 |",
        "| Renumbered task (`renumbered-task`) | warning | 1 |",
        "| Unknown dependency (`unknown-dependency`) | error | 1 |",
        "",
        "1 of them is in files this pull request does not change: listed below, not annotated.",
        "",
        "> [!WARNING]",
        "> **1 renumbered task**: merging closes its issue as not planned and opens a new one, losing the old issue's history.",
        "> - `TASK-105` (docs/tasks.md:4) was `TASK-005`: closes #5",
        "",
        "### What merging does to the issues",
        "",
        "**Plan:** 2 to create, 1 to update, 2 to close, 1 to reopen, 1 to relink.",
        "",
        "| Action | Task | Issue | Title |",
        "| --- | --- | --- | --- |",
        "| create | `TASK-105` | new | TASK-105: Write docs |",
        "| create | `TASK-106` | new | TASK-106: Ship it |",
        "| update (title, labels) | `TASK-008` | #8 | TASK-008: Done already! |",
        "| close (completed) | `TASK-008` | #8 | TASK-008: Done already |",
        "| close (not planned) | `TASK-005` | #5 | TASK-005: Write docs |",
        "| reopen | `TASK-003` | #3 | TASK-003: Old task |",
        "| relink (parent, blocked-by) | `TASK-106` | new | TASK-106: Ship it |",
      ].join("\n"),
    );
  });

  it("lists the problems of unchanged files in the text, and has no text when there are none", () => {
    expect(renderCheckOutput(input).text).toBe(
      [
        "### Problems in files this pull request does not change",
        "",
        '- `docs/other.md:2:5` warning `placeholder`: Placeholder "TASK-XXX": fill it in.',
      ].join("\n"),
    );
    expect(renderCheckOutput({ ...input, unannotated: [] }).text).toBeUndefined();
  });

  it("says nothing will sync when the config is invalid", () => {
    const output = renderCheckOutput({ ...input, plan: null, renumbered: [], diagnostics: [], unannotated: [] });
    expect(output.title).toBe("No problems — nothing syncs until the configuration is fixed");
    expect(output.summary).toBe(
      [
        "> [!CAUTION]",
        "> `.github/taskmirror.yml` is not valid (see its annotations): the documents were checked with the default configuration, and nothing will be synced until it is fixed.",
        "",
        "**No problems** (2 task documents checked, 1 changed by this pull request).",
        "",
        "### What merging does to the issues",
        "",
        "Nothing: merging syncs no issue until `.github/taskmirror.yml` is valid.",
      ].join("\n"),
    );
  });

  it("keeps a huge summary and text within GitHub's limit, cut after a whole line with a note", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      diagnostic({ path: `docs/file-${i}.md`, code: `rule-${i}`, line: i + 1, message: `Problem number ${i} `.repeat(5) }),
    );
    const bigPlan = plan(...Array.from({ length: 3000 }, (_, i): Operation => ({ kind: "create", key: `TASK-${i}`, content: content(`TASK-${i}: ${"t".repeat(40)}`) })));
    const output = renderCheckOutput({ ...input, diagnostics: many, unannotated: many, plan: bigPlan, renumbered: [] });
    expect(output.summary.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(output.text!.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_MAX);
    expect(output.summary).toMatch(/\n\n… \d+ more lines not shown: GitHub keeps at most 65,535 characters of a check run's summary\.$/);
    expect(output.text).toMatch(/\n\n… \d+ more lines not shown: GitHub keeps at most 65,535 characters of a check run's text\.$/);
    // The cut falls between lines: the last kept line is a whole table row or list item.
    const kept = output.text!.split("\n\n… ")[0]!.split("\n");
    expect(kept.at(-1)).toMatch(/^- `docs\/file-\d+\.md:\d+:1` warning `rule-\d+`: (Problem number \d+ ){4}Problem number \d+$/);
  });

  it("leaves the preview the room the problems leave, with the plan renderer's own note", () => {
    const bigPlan = plan(...Array.from({ length: 2000 }, (_, i): Operation => ({ kind: "create", key: `TASK-${i}`, content: content(`TASK-${i}: ${"t".repeat(40)}`) })));
    const output = renderCheckOutput({ ...input, plan: bigPlan, renumbered: [], maxChars: 4000 });
    expect(output.summary.length).toBeLessThanOrEqual(4000);
    expect(output.summary).toContain("**Plan:** 2000 to create.");
    expect(output.summary).toMatch(/… \d+ more rows not shown \(the plan has 2000 operations\)\.$/);
  });
});

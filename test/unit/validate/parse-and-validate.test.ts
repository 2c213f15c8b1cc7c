import { fixturePath } from "../../support/fixtures.js";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import type { Diagnostic } from "../../../src/core/model/types.js";
import { summarize } from "../../../src/core/validate/summarize.js";
import { validate } from "../../../src/core/validate/validate.js";

/** Markdown in, through the reader, diagnostics out. */
function check(files: Record<string, string>): string[] {
  const documents = Object.entries(files).map(([path, text]) => parseDocument(path, text));
  return validate(documents, DEFAULT_CONFIG, { sourceText: (path) => files[path] }).map(
    (d: Diagnostic) => `${d.severity} ${d.code} ${d.path}:${d.line}:${d.column} ${d.message}`,
  );
}

describe("parseDocument → validate", () => {
  it("reports the cross-document rules on task-heading documents, at the exact characters", () => {
    const files = {
      "docs/TASKS.md": [
        "# Tasks",
        "",
        "## Phase 1: Setup - Sprint 1",
        "",
        "### TASK-001: Create the repository",
        "**Priority**: P0  ",
        "**Status**: Done  ",
        "**Story Points**: 4  ",
        "**Due**: 2026-02-30  ",
        "**Dependencies**: TASK-003",
        "",
        "**Subtasks**:",
        "- [x] Create it",
        "- [ ] Protect main",
        "",
        "### TASK-002: Add CI",
        "**Priority**: Whenever  ",
        "**Status**: To Do  ",
        "**Assignee**: [Name]  ",
        "**Dependencies**: TASK-001, TASK-099",
        "",
        "- [x] Lint",
        "- [x] Test",
        "",
        "### TASK-003: Add [FEATURE NAME]",
        "**Priority**: [P0-Critical | P1-High]  ",
        "**Status**: Draft/Planned/In Progress  ",
        "**Dependencies**: TASK-001",
        "",
      ].join("\n"),
      "other/TASK-002.md": "# TASK-002: Another task with the same id\n**Status**: In Progress\n",
    };
    expect(check(files)).toEqual([
      'warning status-mismatch docs/TASKS.md:7:13 Status is "Done" but 1 of 2 checklist items are open: tick them, or change the status.',
      'error invalid-field docs/TASKS.md:8:19 Story Points "4" is not on the scale 0, 1, 2, 3, 5, 8, 13, 21: pick the nearest value.',
      'error invalid-field docs/TASKS.md:9:10 "2026-02-30" in the Due field is not a real date: write an existing date as YYYY-MM-DD.',
      "error dependency-cycle docs/TASKS.md:10:19 Dependency cycle: TASK-001 → TASK-003 → TASK-001: these tasks wait on each other, so none can start. Remove one of the dependencies.",
      'error invalid-field docs/TASKS.md:17:15 Unknown priority "Whenever": use P0 to P4, or Critical, High, Medium or Low.',
      'warning status-mismatch docs/TASKS.md:18:13 Every checklist item is ticked but the status is "To Do": set the status to Done, or untick what is not finished.',
      'warning placeholder docs/TASKS.md:19:15 Unfilled template placeholder "[Name]" in the Assignee field: replace it with the real value.',
      'error unknown-dependency docs/TASKS.md:20:29 Unknown dependency "TASK-099": no task has this key. Fix the id or add the task.',
      'warning placeholder docs/TASKS.md:25:19 Unfilled template placeholder "[FEATURE NAME]" in the title: replace it with the real value.',
      'warning placeholder docs/TASKS.md:26:15 Unfilled template placeholder "[P0-Critical | P1-High]" in the Priority field: replace it with the real value.',
      'error invalid-field docs/TASKS.md:27:13 The Status field lists options ("Draft/Planned/In Progress") instead of a value: keep the one that applies.',
      'error duplicate-key other/TASK-002.md:1:3 Duplicate key "TASK-002": the task at docs/TASKS.md:16 already has it. Give this task a new id; neither task is synced until then.',
    ]);
  });

  it("reports a ticked numbered-plan task with an open child; two features' T001 are no duplicate", () => {
    const files = {
      "kiro/tasks.md": [
        "# Implementation Plan",
        "",
        "- [x] 1. Set up the project",
        "  - [x] 1.1 Create the layout",
        "  - [ ] 1.2 Add the config",
        "- [ ] 2. Build the core",
        "  - [ ] 2.1 Parser",
        "",
      ].join("\n"),
      "specs/a/tasks.md": "## Phase 1: Setup\n\n- [ ] T001 [P] [US1] Create the model in src/a.ts\n- [ ] T002 Wire it\n",
      "specs/b/tasks.md": "## Phase 1: Setup\n\n- [ ] T001 Create the model in src/b.ts\n",
    };
    expect(check(files)).toEqual([
      'warning parent-done-open-children kiro/tasks.md:3:3 "1" is done but 1 of its 2 child tasks is not: 1.2. Finish or cancel it, or reopen this task.',
    ]);
  });

  it("passes the reader's own diagnostics through with the registry's severities", () => {
    const files = {
      "TASK-001.md": "---js\nmodule.exports = { id: 'x' }\n---\n# TASK-001: Title\n\n- [ x] almost a box\n",
    };
    expect(check(files).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "error invalid-front-matter TASK-001.md:1:1",
      "warning malformed-checkbox TASK-001.md:6:3",
    ]);
  });

  it("finds on the seed documents exactly their two option-list fields as errors, and their placeholders", () => {
    const dir = fixturePath("seeds");
    const files = Object.fromEntries(
      readdirSync(dir).map((name) => [`seeds/${name.replace(/\.txt$/, ".md")}`, readFileSync(join(dir, name), "utf8")]),
    );
    const diagnostics = check(files);
    expect(diagnostics.filter((line) => line.startsWith("error "))).toEqual([
      'error invalid-field seeds/000_d033895dcf2ad89a.md:28:16 The Status field lists options ("Draft/Planned/In Progress/Completed/Blocked/On Hold") instead of a value: keep the one that applies.',
      'error invalid-field seeds/000_d033895dcf2ad89a.md:34:18 The Priority field lists options ("Critical/High/Medium/Low") instead of a value: keep the one that applies.',
    ]);
    expect(diagnostics.filter((line) => line.includes(" seeds/001_4b80d5d6467c2eb4.md:")).slice(0, 10)).toEqual([
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:1:3 Unfilled template placeholder "TASK-XXX" in the task id: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:1:13 Unfilled template placeholder "[Technical Task Title]" in the title: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:4:19 Unfilled template placeholder "[STORY-XXX if applicable, or "Standalone"]" in the Parent Story field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:5:13 Unfilled template placeholder "[Sprint X - Name]" in the Sprint field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:6:19 Unfilled template placeholder "[1, 2, 3, 5]" in the Story Points field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:7:15 Unfilled template placeholder "[P0-Critical | P1-High | P2-Medium | P3-Low]" in the Priority field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:8:13 Unfilled template placeholder "[To Do | In Progress | In Review | Done]" in the Status field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:9:15 Unfilled template placeholder "[Name]" in the Assignee field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:10:14 Unfilled template placeholder "[YYYY-MM-DD]" in the Created field: replace it with the real value.',
      'warning placeholder seeds/001_4b80d5d6467c2eb4.md:11:14 Unfilled template placeholder "[YYYY-MM-DD]" in the Updated field: replace it with the real value.',
    ]);
    // Seed 003 is a well-filled plan: its one finding is the dependency written as prose.
    expect(diagnostics.filter((line) => line.includes(" seeds/003_350c1e53366d76d6.md:")).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "warning prose-dependency seeds/003_350c1e53366d76d6.md:726:19",
    ]);
    expect(summarize(validate(Object.entries(files).map(([p, t]) => parseDocument(p, t)), DEFAULT_CONFIG)).byRule.map((r) => r.code).sort()).toEqual([
      "encoding-damage",
      "invalid-field",
      "placeholder",
      "prose-dependency",
    ]);
  });
});

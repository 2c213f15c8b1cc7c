import { describe, expect, it } from "vitest";
import { configSchema, DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import type { Diagnostic, Document } from "../../../src/core/model/types.js";
import { validate, type ValidateOptions } from "../../../src/core/validate/validate.js";
import { chain, doc, fields, item, task } from "../support/build.js";

const show = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}:${d.line}:${d.column} ${d.message}`);
const run = (documents: Document[], options: ValidateOptions = {}, config = DEFAULT_CONFIG) =>
  show(validate(documents, config, options));
const sources = (texts: Record<string, string>) => ({ sourceText: (path: string) => texts[path] });

describe("duplicate-key", () => {
  it("accepts distinct keys, and the same per-document id in two documents", () => {
    const a = doc("specs/a/tasks.md", [task("specs/a/tasks.md#T001", { id: "T001", line: 3 }), task("TASK-001", { line: 5 })]);
    const b = doc("specs/b/tasks.md", [task("specs/b/tasks.md#T001", { id: "T001", line: 3 }), task("TASK-002", { line: 5 })]);
    expect(run([a, b])).toEqual([]);
  });

  it("reports every occurrence after the first, in path/line order, naming the first", () => {
    const b = doc("b.md", [task("TASK-001", { id: "TASK-001", line: 7 })]);
    const a = doc("a.md", [task("TASK-001", { id: "TASK-001", line: 3 }), task("TASK-001", { id: "TASK-001", line: 20 })]);
    const text = "\n".repeat(6) + "### TASK-001: Again\n";
    expect(run([b, a], sources({ "b.md": text }))).toEqual([
      'error duplicate-key a.md:20:1 Duplicate key "TASK-001": the task at a.md:3 already has it. Give this task a new id; neither task is synced until then.',
      'error duplicate-key b.md:7:5 Duplicate key "TASK-001": the task at a.md:3 already has it. Give this task a new id; neither task is synced until then.',
    ]);
  });

  it("shows a document-scoped key by its id", () => {
    const d = doc("tasks.md", [task("tasks.md#T001", { id: "T001", line: 3 }), task("tasks.md#T001", { id: "T001", line: 4 })]);
    expect(run([d])).toEqual([
      'error duplicate-key tasks.md:4:1 Duplicate key "T001": the task at tasks.md:3 already has it. Give this task a new id; neither task is synced until then.',
    ]);
  });
});

describe("unknown-dependency", () => {
  it("accepts dependencies on tasks of other documents", () => {
    const a = doc("a.md", [task("TASK-001", { dependsOn: ["TASK-002"] })]);
    const b = doc("b.md", [task("TASK-002")]);
    expect(run([a, b])).toEqual([]);
  });

  it("points at the id on the dependency line", () => {
    const text = "### TASK-001: One\n\n**Dependencies**: TASK-002, TASK-099, TASK-09\n";
    const a = doc("a.md", [
      task("TASK-001", {
        id: "TASK-001",
        rawFields: fields(["Dependencies", "TASK-002, TASK-099, TASK-09", 3]),
        dependsOn: ["TASK-002", "TASK-099", "TASK-09", "TASK-099"],
      }),
      task("TASK-002", { line: 5 }),
    ]);
    expect(run([a], sources({ "a.md": text }))).toEqual([
      'error unknown-dependency a.md:3:29 Unknown dependency "TASK-099": no task has this key. Fix the id or add the task.',
      'error unknown-dependency a.md:3:39 Unknown dependency "TASK-09": no task has this key. Fix the id or add the task.',
    ]);
  });

  it("falls back to the field's column, or to the task line when no field is known", () => {
    const a = doc("tasks.md", [
      task("tasks.md#T002", { id: "T002", line: 4, rawFields: fields(["depends_on", "T009", 6, 3]), dependsOn: ["tasks.md#T009"] }),
      task("tasks.md#T003", { id: "T003", line: 9, dependsOn: ["TASK-404"] }),
    ]);
    expect(run([a])).toEqual([
      'error unknown-dependency tasks.md:6:3 Unknown dependency "T009": no task has this key. Fix the id or add the task.',
      'error unknown-dependency tasks.md:9:1 Unknown dependency "TASK-404": no task has this key. Fix the id or add the task.',
    ]);
  });
});

describe("dependency-cycle", () => {
  it("accepts a diamond", () => {
    const d = doc("a.md", [
      task("A", { line: 1, dependsOn: ["B", "C"] }),
      task("B", { line: 2, dependsOn: ["D"] }),
      task("C", { line: 3, dependsOn: ["D"] }),
      task("D", { line: 4 }),
    ]);
    expect(run([d])).toEqual([]);
  });

  it("reports a loop once, on its first task in path/line order, listing it", () => {
    const b = doc("b.md", [task("TASK-001", { line: 9, dependsOn: ["TASK-002"] })]);
    const a = doc("a.md", [
      task("TASK-003", { line: 2, dependsOn: ["TASK-001"] }),
      task("TASK-002", { line: 5, rawFields: fields(["Dependencies", "TASK-003", 6, 1]), dependsOn: ["TASK-003"] }),
    ]);
    expect(run([b, a])).toEqual([
      "error dependency-cycle a.md:2:1 Dependency cycle: TASK-003 → TASK-001 → TASK-002 → TASK-003: these tasks wait on each other, so none can start. Remove one of the dependencies.",
    ]);
  });

  it("reports a self-dependency, on the dependency line at the id", () => {
    const text = "### TASK-001: One\n**Dependencies**: TASK-001\n";
    const d = doc("a.md", [
      task("TASK-001", { rawFields: fields(["Dependencies", "TASK-001", 2]), dependsOn: ["TASK-001"] }),
    ]);
    expect(run([d], sources({ "a.md": text }))).toEqual([
      "error dependency-cycle a.md:2:19 Dependency cycle: TASK-001 → TASK-001: these tasks wait on each other, so none can start. Remove one of the dependencies.",
    ]);
  });

  it("reports two separate loops, and counts the other tasks of a tangled one", () => {
    const d = doc("a.md", [
      task("A", { line: 1, dependsOn: ["B"] }),
      task("B", { line: 2, dependsOn: ["A", "C"] }),
      task("C", { line: 3, dependsOn: ["B"] }),
      task("X", { line: 4, dependsOn: ["Y"] }),
      task("Y", { line: 5, dependsOn: ["X"] }),
    ]);
    expect(run([d])).toEqual([
      "error dependency-cycle a.md:1:1 Dependency cycle: A → B → A: these tasks wait on each other, so none can start. 1 more task is caught in the same loop. Remove one of the dependencies.",
      "error dependency-cycle a.md:4:1 Dependency cycle: X → Y → X: these tasks wait on each other, so none can start. Remove one of the dependencies.",
    ]);
  });

  it("finds the one loop in a chain of 10,000 tasks, and none when the chain is open", () => {
    const closed = doc("big.md", chain(10_000, ["TASK-00001"]));
    expect(run([closed])).toEqual([
      "error dependency-cycle big.md:1:1 Dependency cycle: TASK-00001 → TASK-00002 → TASK-00003 → TASK-00004 → TASK-00005 → TASK-00006 → TASK-00007 → TASK-00008 → TASK-00009 → TASK-00010 → TASK-00011 → … (9989 more) → TASK-00001: these tasks wait on each other, so none can start. Remove one of the dependencies.",
    ]);
    expect(run([doc("big.md", chain(10_000, []))])).toEqual([]);
  });

  it("finds a self-dependency at the end of a chain of 10,000 tasks", () => {
    expect(run([doc("big.md", chain(10_000, ["TASK-10000"]))])).toEqual([
      "error dependency-cycle big.md:10000:1 Dependency cycle: TASK-10000 → TASK-10000: these tasks wait on each other, so none can start. Remove one of the dependencies.",
    ]);
  });
});

describe("placeholder", () => {
  it("accepts filled-in values, links, boxes and spec-kit markers", () => {
    const d = doc("a.md", [
      task("TASK-001", {
        id: "TASK-001",
        title: "Add caching [P] [US1] per [RFC 9111](https://example.com/YYYY-MM-DD)",
        fields: { priority: "P1", assignees: ["octocat"] },
        rawFields: fields(["Priority", "P1-High", 2], ["Assignee", "@octocat", 3], ["Effort", "TBD", 4]),
        checklist: [item("Format dates as `YYYY-MM-DD`", 6)],
      }),
    ]);
    expect(run([d])).toEqual([]);
  });

  it("reports each placeholder at its exact column", () => {
    const text = [
      "# TASK-XXX: [Technical Task Title]",
      "**Priority**: [P0-Critical | P1-High]",
      "**Assignee**: [Name]",
      "**Created**: [YYYY-MM-DD]",
      "- [ ] Reviewed by [Name] on YYYY-MM-DD",
      "- [ ] p95 latency < XXXms",
    ].join("\n");
    const d = doc("TASK-XXX.md", [
      task("TASK-XXX.md#TASK-XXX", {
        id: "TASK-XXX",
        title: "[Technical Task Title]",
        rawFields: fields(
          ["Priority", "[P0-Critical | P1-High]", 2],
          ["Assignee", "[Name]", 3],
          ["Created", "[YYYY-MM-DD]", 4],
        ),
        checklist: [item("Reviewed by [Name] on YYYY-MM-DD", 5, false, { column: 3 }), item("p95 latency < XXXms", 6, false, { column: 3 })],
      }),
    ]);
    expect(run([d], sources({ "TASK-XXX.md": text }))).toEqual([
      'warning placeholder TASK-XXX.md:1:3 Unfilled template placeholder "TASK-XXX" in the task id: replace it with the real value.',
      'warning placeholder TASK-XXX.md:1:13 Unfilled template placeholder "[Technical Task Title]" in the title: replace it with the real value.',
      'warning placeholder TASK-XXX.md:2:15 Unfilled template placeholder "[P0-Critical | P1-High]" in the Priority field: replace it with the real value.',
      'warning placeholder TASK-XXX.md:3:15 Unfilled template placeholder "[Name]" in the Assignee field: replace it with the real value.',
      'warning placeholder TASK-XXX.md:4:14 Unfilled template placeholder "[YYYY-MM-DD]" in the Created field: replace it with the real value.',
      'warning placeholder TASK-XXX.md:5:19 Unfilled template placeholder "[Name]" in a checklist item: replace it with the real value.',
      'warning placeholder TASK-XXX.md:5:29 Unfilled template placeholder "YYYY-MM-DD" in a checklist item: replace it with the real value.',
      'warning placeholder TASK-XXX.md:6:21 Unfilled template placeholder "XXX" in a checklist item: replace it with the real value.',
    ]);
  });

  it("counts columns as the reader does: CRLF and lone CR end lines, a BOM is column 1", () => {
    const text = "\uFEFF# TASK-XXX: Title\r\n**Owner**: [Name]\r- [ ] by YYYY-MM-DD\n";
    const d = doc("a.md", [
      task("a.md#TASK-XXX", {
        id: "TASK-XXX",
        title: "Title",
        rawFields: fields(["Owner", "[Name]", 2]),
        checklist: [item("by YYYY-MM-DD", 3)],
      }),
    ], { bom: true, eol: "\r\n" });
    expect(run([d], sources({ "a.md": text })).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "warning placeholder a.md:1:4",
      "warning placeholder a.md:2:12",
      "warning placeholder a.md:3:10",
    ]);
  });

  it("checks the document's own checklist too, and falls back to the reader's columns without the source", () => {
    const d = doc("tasks.md", [], {
      format: "checklist",
      checklist: [item("Sign-off by [Name]", 4, false, { column: 7 })],
    });
    expect(run([d])).toEqual([
      'warning placeholder tasks.md:4:23 Unfilled template placeholder "[Name]" in a checklist item: replace it with the real value.',
    ]);
  });
});

describe("invalid-field", () => {
  it("accepts recognised values, undecided values and real dates", () => {
    const d = doc("a.md", [
      task("TASK-001", {
        fields: { priority: "P1", status: "done", points: 5, due: "2028-02-29" },
        rawFields: fields(
          ["Priority", "High", 2],
          ["Status", "Completed", 3],
          ["Story Points", "5", 4],
          ["Due", "2028-02-29", 5],
          ["Created", "2026-01-31 (kick-off)", 6],
          ["Sprint", "Sprint 1 / Week 2", 7],
          ["Group", "Setup / Infra / CI", 8],
          ["Notes", "Either | Or", 9],
        ),
      }),
      task("TASK-002", {
        line: 10,
        rawFields: fields(["Priority", "TBD", 11], ["Status", "-", 12], ["Story Points", "", 13], ["Due", "N/A", 14]),
      }),
    ]);
    expect(run([d])).toEqual([]);
  });

  it("reports unknown values, points off the scale, impossible dates and option lists", () => {
    const text = [
      "### TASK-001: One",
      "**Priority**: Urgent",
      "**Status**: Started",
      "**Story Points**: 4",
      "**Due**: 2026-02-30",
      "**Created**: 2026-48-23",
      "| **State** | Draft/Planned/In Progress |",
      "**Type**: Bug | Feature",
    ].join("\n");
    const d = doc("a.md", [
      task("TASK-001", {
        fields: { points: 4 },
        rawFields: fields(
          ["Priority", "Urgent", 2],
          ["Status", "Started", 3],
          ["Story Points", "4", 4],
          ["Due", "2026-02-30", 5],
          ["Created", "2026-48-23", 6],
          ["State", "Draft/Planned/In Progress", 7],
          ["Type", "Bug | Feature", 8],
        ),
      }),
    ]);
    expect(run([d], sources({ "a.md": text }))).toEqual([
      'error invalid-field a.md:2:15 Unknown priority "Urgent": use P0 to P4, or Critical, High, Medium or Low.',
      'error invalid-field a.md:3:13 Unknown status "Started": use To Do, In Progress, In Review, Blocked, On Hold, Done or Cancelled.',
      'error invalid-field a.md:4:19 Story Points "4" is not on the scale 0, 1, 2, 3, 5, 8, 13, 21: pick the nearest value.',
      'error invalid-field a.md:5:10 "2026-02-30" in the Due field is not a real date: write an existing date as YYYY-MM-DD.',
      'error invalid-field a.md:6:14 "2026-48-23" in the Created field is not a real date: write an existing date as YYYY-MM-DD.',
      'error invalid-field a.md:7:15 The State field lists options ("Draft/Planned/In Progress") instead of a value: keep the one that applies.',
      'error invalid-field a.md:8:11 The Type field lists options ("Bug | Feature") instead of a value: keep the one that applies.',
    ]);
  });

  it("reports an options list once for status and priority, a due that is no date, and points that are no number", () => {
    const d = doc("a.md", [
      task("TASK-001", {
        rawFields: fields(
          ["Status", "Draft/Planned/In Progress/Completed/Blocked/On Hold", 2, 3],
          ["Priority", "Critical/High/Medium/Low", 3, 3],
          ["Due", "next week", 4, 3],
          ["Points", "five", 5, 3],
        ),
      }),
    ]);
    expect(run([d])).toEqual([
      'error invalid-field a.md:2:3 The Status field lists options ("Draft/Planned/In Progress/Completed/Blocked/On Hold") instead of a value: keep the one that applies.',
      'error invalid-field a.md:3:3 The Priority field lists options ("Critical/High/Medium/Low") instead of a value: keep the one that applies.',
      'error invalid-field a.md:4:3 The Due field "next week" is not a date: write it as YYYY-MM-DD.',
      'error invalid-field a.md:5:3 Points "five" is not on the scale 0, 1, 2, 3, 5, 8, 13, 21: pick the nearest value.',
    ]);
  });

  it("leaves a placeholder value to the placeholder rule alone", () => {
    const d = doc("a.md", [
      task("TASK-001", {
        rawFields: fields(
          ["Priority", "[P0-Critical | P1-High]", 2, 15],
          ["Status", "[To Do | In Progress]", 3, 13],
          ["Story Points", "[1, 2, 3, 5]", 4, 19],
          ["Due", "YYYY-MM-DD", 5, 10],
        ),
      }),
    ]);
    expect(run([d]).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "warning placeholder a.md:2:15",
      "warning placeholder a.md:3:13",
      "warning placeholder a.md:4:19",
      "warning placeholder a.md:5:10",
    ]);
  });
});

describe("status-mismatch", () => {
  const box = (checked: boolean) => ({ line: 1, column: 3, checked, offset: 3 });

  it("accepts statuses that agree with the boxes", () => {
    const d = doc("a.md", [
      task("A", { line: 1, fields: { status: "done" }, checklist: [item("one", 2, true), item("two", 3, true)] }),
      task("B", { line: 4, fields: { status: "todo" }, checklist: [item("one", 5, true), item("two", 6)] }),
      task("C", { line: 7, fields: { status: "in review" }, checklist: [item("one", 8, true)] }),
      task("D", { line: 9, fields: { status: "cancelled" }, checkbox: { ...box(true), line: 9 } }),
      task("E", { line: 10, fields: { status: "in progress" } }),
    ]);
    expect(run([d])).toEqual([]);
  });

  it("reports done with open items or an open own box, and unfinished with everything ticked", () => {
    const d = doc("a.md", [
      task("A", {
        line: 1,
        fields: { status: "done" },
        rawFields: fields(["Status", "Done", 2, 13]),
        checklist: [item("one", 3, true), item("two", 4), item("three", 5)],
      }),
      task("B", { line: 10, fields: { status: "done" }, checkbox: { ...box(false), line: 10 } }),
      task("C", { line: 20, fields: { status: "todo" }, checkbox: { ...box(true), line: 20 } }),
      task("D", {
        line: 30,
        fields: { status: "in progress" },
        rawFields: fields(["Status", "In Progress", 31, 13]),
        checklist: [item("one", 32, true)],
      }),
    ]);
    expect(run([d])).toEqual([
      'warning status-mismatch a.md:2:13 Status is "Done" but 2 of 3 checklist items are open: tick them, or change the status.',
      'warning status-mismatch a.md:10:1 Status is "done" but the task\'s own box is not ticked: tick it, or change the status.',
      'warning status-mismatch a.md:20:1 The task\'s own box is ticked but its status is "todo": set the status to Done, or untick the box.',
      'warning status-mismatch a.md:31:13 Every checklist item is ticked but the status is "In Progress": set the status to Done, or untick what is not finished.',
    ]);
  });
});

describe("parent-done-open-children", () => {
  const box = (line: number, checked: boolean) => ({ line, column: 3, checked, offset: 0 });

  it("accepts a done parent whose children are done or cancelled, and an open parent with open children", () => {
    const d = doc("tasks.md", [
      task("tasks.md#1", { id: "1", line: 1, checkbox: box(1, true) }),
      task("tasks.md#1.1", { id: "1.1", line: 2, parentKey: "tasks.md#1", checkbox: box(2, true) }),
      task("tasks.md#1.2", { id: "1.2", line: 3, parentKey: "tasks.md#1", fields: { status: "cancelled" } }),
      task("tasks.md#2", { id: "2", line: 4, checkbox: box(4, false) }),
      task("tasks.md#2.1", { id: "2.1", line: 5, parentKey: "tasks.md#2", checkbox: box(5, false) }),
    ]);
    expect(run([d])).toEqual([]);
  });

  it("reports a done parent on its box, naming the open children", () => {
    const d = doc("tasks.md", [
      task("tasks.md#1", { id: "1", line: 1, checkbox: box(1, true) }),
      task("tasks.md#1.1", { id: "1.1", line: 2, parentKey: "tasks.md#1", checkbox: box(2, false) }),
      task("tasks.md#1.2", { id: "1.2", line: 3, parentKey: "tasks.md#1", checkbox: box(3, true) }),
      task("tasks.md#1.3", { id: "1.3", line: 4, parentKey: "tasks.md#1", checkbox: box(4, false) }),
    ]);
    expect(run([d])).toEqual([
      'warning parent-done-open-children tasks.md:1:3 "1" is done but 2 of its 3 child tasks are not: 1.1, 1.3. Finish or cancel them, or reopen this task.',
    ]);
  });
});

describe("body-too-long", () => {
  it("uses the caller's renderer when given", () => {
    const d = doc("a.md", [task("A", { line: 1 }), task("B", { line: 5 })]);
    const bodyLength = (t: { key: string }) => (t.key === "B" ? 65_537 : 65_536);
    expect(run([d], { bodyLength })).toEqual([
      "warning body-too-long a.md:5:1 The issue body would be about 65,537 characters, over GitHub's limit of 65,536: it will be cut, with a link to the source. Split the task, or move long content to a linked file.",
    ]);
  });

  it("estimates without a renderer: a short task passes, a huge description does not", () => {
    const d = doc("a.md", [
      task("A", { line: 1, description: "x".repeat(60_000) }),
      task("B", { line: 5, description: "x".repeat(65_000) }),
    ]);
    expect(run([d]).map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual(["warning body-too-long a.md:5:1"]);
  });
});

describe("too-many-children", () => {
  const family = (children: number) =>
    doc("a.md", [
      task("EPIC-1", { id: "EPIC-1", line: 1 }),
      ...Array.from({ length: children }, (_, i) => task(`EPIC-1.${i + 1}`, { line: i + 2, parentKey: "EPIC-1" })),
    ]);

  it("accepts 100 children", () => {
    expect(run([family(100)])).toEqual([]);
  });

  it("reports 101 children on the parent, naming the first one left out", () => {
    expect(run([family(101)])).toEqual([
      'warning too-many-children a.md:1:1 "EPIC-1" has 101 child tasks but GitHub links at most 100 sub-issues to one issue: the last 1 (from "EPIC-1.101") will not be linked. Group the child tasks under intermediate tasks.',
    ]);
  });
});

describe("too-deep", () => {
  const nested = (levels: number) =>
    doc("a.md", Array.from({ length: levels }, (_, i) => task(`L${i + 1}`, { line: i + 1, parentKey: i > 0 ? `L${i}` : undefined })));

  it("accepts 8 levels", () => {
    expect(run([nested(8)])).toEqual([]);
  });

  it("reports the first task below level 8 once, counting the tasks under it", () => {
    expect(run([nested(11)])).toEqual([
      'warning too-deep a.md:9:1 "L9" is nested 9 levels deep but GitHub nests sub-issues at most 8 levels: it and the 2 tasks below it will not be linked under "L8". Flatten the hierarchy.',
    ]);
  });

  it("handles a 10,000-level chain of parents", () => {
    expect(run([nested(10_000)])).toEqual([
      'warning too-deep a.md:9:1 "L9" is nested 9 levels deep but GitHub nests sub-issues at most 8 levels: it and the 9991 tasks below it will not be linked under "L8". Flatten the hierarchy.',
    ]);
  });
});

describe("reader diagnostics, severities, order and repeats", () => {
  const reader = (path: string, line: number, code: string, severity: Diagnostic["severity"] = "warning"): Diagnostic => ({
    code,
    severity,
    path,
    line,
    column: 1,
    message: `${code} here`,
  });

  it("keeps the reader's diagnostics with the registry's severities, sorted by path, line, column, code", () => {
    const b = doc("b.md", [], {
      diagnostics: [reader("b.md", 9, "malformed-checkbox"), reader("b.md", 2, "unreadable-document", "warning")],
    });
    const a = doc("a.md", [task("TASK-001", { line: 4, dependsOn: ["TASK-404"] })], {
      diagnostics: [reader("a.md", 4, "encoding-damage"), reader("a.md", 4, "encoding-damage"), reader("a.md", 1, "invalid-front-matter")],
    });
    expect(run([b, a])).toEqual([
      "error invalid-front-matter a.md:1:1 invalid-front-matter here",
      "warning encoding-damage a.md:4:1 encoding-damage here",
      'error unknown-dependency a.md:4:1 Unknown dependency "TASK-404": no task has this key. Fix the id or add the task.',
      "error unreadable-document b.md:2:1 unreadable-document here",
      "warning malformed-checkbox b.md:9:1 malformed-checkbox here",
    ]);
  });

  it("applies config.rules: off drops a rule, notice lowers it; unknown codes keep their severity", () => {
    // The config schema refuses unknown codes; validate() still copes with them when handed one.
    const config = { ...DEFAULT_CONFIG, rules: { "duplicate-key": "notice", "malformed-checkbox": "off", "x-custom": "error" } } as const;
    const d = doc("a.md", [task("A", { line: 1 }), task("A", { line: 2 })], {
      diagnostics: [reader("a.md", 3, "malformed-checkbox"), reader("a.md", 4, "x-other", "notice"), reader("a.md", 5, "x-custom", "notice")],
    });
    expect(run([d], {}, config)).toEqual([
      'notice duplicate-key a.md:2:1 Duplicate key "A": the task at a.md:1 already has it. Give this task a new id; neither task is synced until then.',
      "notice x-other a.md:4:1 x-other here",
      "error x-custom a.md:5:1 x-custom here",
    ]);
  });

  it("never returns the same diagnostic twice", () => {
    const text = "# TASK-XXX: TASK-XXX [Name]\n";
    const d = doc("a.md", [
      task("a.md#TASK-XXX", { id: "TASK-XXX", title: "TASK-XXX [Name]", dependsOn: ["NOPE", "NOPE"] }),
      task("a.md#TASK-XXX", { id: "TASK-XXX", title: "TASK-XXX [Name]", dependsOn: ["NOPE"] }),
    ]);
    const diagnostics = validate([d, d], DEFAULT_CONFIG, sources({ "a.md": text }));
    const unique = new Set(diagnostics.map((x) => JSON.stringify(x)));
    expect(unique.size).toBe(diagnostics.length);
    expect(show(diagnostics)).toEqual([
      'error unknown-dependency a.md:1:1 Unknown dependency "NOPE": no task has this key. Fix the id or add the task.',
      'error duplicate-key a.md:1:3 Duplicate key "TASK-XXX": the task at a.md:1 already has it. Give this task a new id; neither task is synced until then.',
      'warning placeholder a.md:1:3 Unfilled template placeholder "TASK-XXX" in the task id: replace it with the real value.',
      'warning placeholder a.md:1:13 Unfilled template placeholder "TASK-XXX" in the title: replace it with the real value.',
      'warning placeholder a.md:1:22 Unfilled template placeholder "[Name]" in the title: replace it with the real value.',
    ]);
  });

  it("is deterministic whatever the order of the documents", () => {
    const docs = [
      doc("b.md", [task("B", { line: 3, dependsOn: ["A"] }), task("X", { line: 7, dependsOn: ["Q"] })]),
      doc("a.md", [task("A", { line: 1, dependsOn: ["B"] }), task("B", { line: 2 })]),
    ];
    expect(run([...docs].reverse())).toEqual(run(docs));
  });
});

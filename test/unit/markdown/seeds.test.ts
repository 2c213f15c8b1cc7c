import { fixturePath } from "../../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { expectEveryBoxOnce } from "./accounted.js";

const seed = (name: string): string => readFileSync(fixturePath("seeds", name), "utf8");

describe("seed 003: many TASK headings in one document", () => {
  const text = seed("003_350c1e53366d76d6.txt");
  const parsed = parseDocument("docs/e2e/TASKS.md", text);

  it("reads exactly the 35 tasks TASK-001…TASK-035", () => {
    expect(parsed.format).toBe("task-headings");
    expect(parsed.tasks.map((task) => task.key)).toEqual(Array.from({ length: 35 }, (_, i) => `TASK-${String(i + 1).padStart(3, "0")}`));
    expect(parsed.tasks.every((task) => task.checklist.length === 5 && task.parentKey === undefined)).toBe(true);
  });

  it("reads priorities, efforts, roles, phases, sprints and dependencies as the tasks state them", () => {
    const count = (priority: string): number => parsed.tasks.filter((task) => task.fields.priority === priority).length;
    // The document's own summary says 16/11/8; the tasks themselves say otherwise.
    expect([count("P0"), count("P1"), count("P2")]).toEqual([17, 10, 8]);
    const byKey = new Map(parsed.tasks.map((task) => [task.key, task]));
    expect(byKey.get("TASK-001")?.fields).toEqual({ priority: "P0", effort: "8 hours", roles: ["DevOps Engineer"], phase: "1", sprint: "Sprint 1" });
    expect(byKey.get("TASK-024")?.fields).toEqual({ priority: "P2", effort: "4 hours", roles: ["Backend Developer"], phase: "6", sprint: "Sprint 2" });
    expect(byKey.get("TASK-034")?.fields.roles).toEqual(["SRE"]);
    expect(byKey.get("TASK-001")?.dependsOn).toEqual([]);
    expect(byKey.get("TASK-002")?.dependsOn).toEqual(["TASK-001"]);
    expect(byKey.get("TASK-035")?.dependsOn).toEqual(["TASK-033"]);
    expect(byKey.get("TASK-001")?.line).toBe(25);
    expect(byKey.get("TASK-001")?.endLine).toBe(50);
    expect(byKey.get("TASK-035")?.endLine).toBe(967);
  });

  it("keeps `All component tasks` as text with a prose-dependency warning on its line", () => {
    const task = parsed.tasks.find((candidate) => candidate.key === "TASK-027");
    expect(task?.dependsOn).toEqual([]);
    expect(task?.rawFields.dependencies).toEqual({ name: "Dependencies", value: "All component tasks", line: 726, column: 19 });
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([["prose-dependency", "warning", 726, 19]]);
  });

  it("gives the closing Definition of Done to the document, not to TASK-035", () => {
    expect(parsed.checklist).toHaveLength(16);
    expect(parsed.checklist.map((item) => item.section)).toEqual([...Array(6).fill("For Each Task"), ...Array(4).fill("For Each Sprint"), ...Array(6).fill("For Project")]);
    expect(parsed.tasks[34]?.checklist.map((item) => item.line)).toEqual([957, 958, 959, 960, 961]);
    expect(expectEveryBoxOnce(parsed, text)).toHaveLength(191);
  });
});

describe("seed 000: one TASKS-NNN document with front matter and a Document Control table", () => {
  const text = seed("000_d033895dcf2ad89a.txt");
  const parsed = parseDocument("docs/TASKS/TASKS-NNN.md", text);

  it("is a single task (the front matter has a title, no id) holding all 71 boxes", () => {
    expect(parsed.format).toBe("single-task");
    expect(parsed.frontMatter.title).toBe("TASKS-TEMPLATE: task-breakdown-document");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.line, task.endLine, task.checklist.length])).toEqual([
      ["docs/TASKS/TASKS-NNN.md#TASKS-NNN", "[Descriptive Component/Feature Name]", 18, 1260, 71],
    ]);
    expect(parsed.checklist).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("reads the Document Control table; its option lists and placeholders set no field", () => {
    const [task] = parsed.tasks;
    expect(task?.fields).toEqual({});
    expect(task?.dependsOn).toEqual([]);
    expect(task?.rawFields.status).toEqual({ name: "Status", value: "Draft/Planned/In Progress/Completed/Blocked/On Hold", line: 28, column: 16 });
    expect(task?.rawFields.assignee?.name).toBe("Assigned To");
    expect(task?.rawFields.due?.value).toBe("YYYY-MM-DD");
  });

  it("reports the Mac Roman mojibake once per damaged line, with its column", () => {
    const damaged = parsed.diagnostics.filter((d) => d.code === "encoding-damage");
    expect(parsed.diagnostics).toHaveLength(damaged.length);
    expect(damaged).toHaveLength(52);
    expect(damaged[0]).toEqual({
      code: "encoding-damage",
      severity: "warning",
      path: "docs/TASKS/TASKS-NNN.md",
      line: 20,
      column: 3,
      message: '"‚ö†Ô∏è" looks like "⚠️" saved as UTF-8 and read back as Mac Roman',
    });
    expect(damaged.map((d) => d.line)).toContain(227);
  });
});

describe("seed 001: one TASK-XXX template", () => {
  const text = seed("001_4b80d5d6467c2eb4.txt");
  const parsed = parseDocument("tasks/TASK-XXX.md", text);

  it("is one task with all 79 boxes, placeholder fields unset, the python block left as text", () => {
    expect(parsed.format).toBe("single-task");
    expect(parsed.tasks.map((task) => [task.key, task.checklist.length, task.fields])).toEqual([["tasks/TASK-XXX.md#TASK-XXX", 79, { type: "technical task" }]]);
    expect(parsed.tasks[0]?.description).toContain("def test_[specific_functionality]():");
    expect(parsed.tasks[0]?.checklist.find((item) => item.line === 326)).toMatchObject({ text: "**Developer**: Implementation complete - [Name] - [Date]", section: "Sign-Off" });
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });
});

describe("seed 002: Kiro numbered plan", () => {
  const text = seed("002_9b44147aba6dd40d.txt");
  const parsed = parseDocument(".kiro/specs/app/tasks.md", text);

  it("reads 4 tasks with 9 child tasks, each with its own box, and every box accounted for", () => {
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks).toHaveLength(13);
    expect(parsed.tasks.filter((task) => task.parentKey === undefined).map((task) => task.id)).toEqual(["1", "2", "3", "4"]);
    expect(parsed.tasks.filter((task) => task.parentKey !== undefined).map((task) => `${task.parentKey?.split("#")[1]}>${task.id}`)).toEqual([
      "1>1.1", "1>1.2", "2>2.1", "2>2.2", "2>2.3", "3>3.1", "3>3.2", "4>4.1", "4>4.2",
    ]);
    expect(parsed.tasks.every((task) => task.checkbox !== undefined && task.checklist.length === 0)).toBe(true);
    expect(parsed.tasks[1]?.rawFields.requirements?.value).toBe("[Reference specific requirements from spec]");
    expect(parsed.checklist).toEqual([]);
    expect(expectEveryBoxOnce(parsed, text)).toHaveLength(13);
  });
});

describe("seed 004: phase plan", () => {
  const text = seed("004_a9430548ce7eef10.txt");
  const parsed = parseDocument("docs/feature/tasks.md", text);

  it("reads 47 bold tasks with phases and groups, and the Definition of Done as the document's", () => {
    expect(parsed.format).toBe("phase-plan");
    expect(parsed.tasks).toHaveLength(47);
    expect(parsed.tasks[0]).toMatchObject({ key: "docs/feature/tasks.md#Design [Model1] schema", line: 58, endLine: 62, fields: { phase: "1" } });
    expect(parsed.tasks[46]).toMatchObject({ title: "Post-deployment validation", fields: { phase: "5" } });
    expect(parsed.tasks[17]?.rawFields.group?.value).toBe("REST API Implementation");
    expect(parsed.checklist.map((item) => item.section)).toEqual(Array(9).fill("Definition of Done"));
    expect(expectEveryBoxOnce(parsed, text)).toHaveLength(56);
  });

  it("reports the Windows-1252 mojibake of the status legend", () => {
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["encoding-damage", 37, 26],
      ["encoding-damage", 292, 23],
      ["encoding-damage", 413, 14],
      ["encoding-damage", 414, 14],
      ["encoding-damage", 415, 14],
      ["encoding-damage", 416, 14],
      ["encoding-damage", 417, 14],
    ]);
    expect(parsed.diagnostics[0]?.message).toBe('"â‰¥" looks like "≥" saved as UTF-8 and read back as Windows-1252');
  });
});

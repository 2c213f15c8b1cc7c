import { fixturePath } from "../../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";

const read = (name: string) => parseDocument(`documents/${name}`, readFileSync(fixturePath("documents", name), "utf8"));

describe("fixture documents (edge formats)", () => {
  it("CRLF + BOM, Russian headings: three tasks, a child task, phase and sprint from `## Фаза 1: … - Sprint 2`", () => {
    const parsed = read("task-headings-crlf-bom.md");
    expect([parsed.format, parsed.bom, parsed.eol]).toEqual(["task-headings", true, "\r\n"]);
    expect(parsed.tasks.map((task) => [task.key, task.title, task.parentKey, task.fields.phase, task.fields.sprint, task.dependsOn])).toEqual([
      ["TASK-101", "Подготовить репозиторий", undefined, "1", "Sprint 2", []],
      ["TASK-102", "Парсер", undefined, "1", "Sprint 2", ["TASK-101", "TASK-100"]],
      ["TASK-102.1", "Тесты", "TASK-102", "1", "Sprint 2", []],
    ]);
    expect(parsed.tasks[0]?.fields).toMatchObject({ status: "in progress", priority: "P1", assignees: ["octocat"], roles: ["Team Lead"] });
    expect(parsed.checklist.map((item) => [item.text, item.section])).toEqual([["Документация обновлена", "Готово"]]);
  });

  it("OpenSpec in Chinese with `1.2.` items: 2 groups, 3 items, an unnumbered box in its group's checklist", () => {
    const parsed = read("openspec-zh.tasks.md");
    expect(parsed.format).toBe("openspec");
    expect(parsed.tasks.map((task) => [task.id, task.title, task.checklist.length])).toEqual([
      ["1", "实现", 0],
      ["1.1", "补齐配置", 0],
      ["1.2", "编写脚本", 0],
      ["2", "测试", 1],
      ["2.1", "新增冒烟测试", 0],
    ]);
  });

  it("spec-kit with `*`, `+` and `1.` items, `[X]`, T006a and no trailing newline", () => {
    const parsed = read("spec-kit-mixed.tasks.md");
    expect(parsed.tasks.map((task) => [task.id, task.checkbox?.checked, task.fields])).toEqual([
      ["T001", false, { phase: "1" }],
      ["T002", true, { phase: "1", parallel: true }],
      ["T003", true, { phase: "1", parallel: true, story: "US1" }],
      ["T006a", false, { phase: "1", story: "US2" }],
      ["T007", false, { phase: "2" }],
    ]);
    expect(parsed.checklist.map((item) => item.text)).toEqual(["Review with the team"]);
  });

  it("several front-matter tasks in one file", () => {
    const parsed = read("front-matter-multi.md");
    expect(parsed.tasks.map((task) => [task.key, task.fields, task.dependsOn, task.labels, task.checklist.length])).toEqual([
      ["TASK-200", { status: "in progress", priority: "P1", assignees: ["alice"], roles: ["Release Manager"], due: "2025-03-01", points: 3 }, ["TASK-100"], ["ci", "infra"], 2],
      ["TASK-201", { status: "todo" }, ["TASK-200"], [], 1],
    ]);
  });

  it("numbered forms `1.`, `1.1.`, `2.1` and a plain box", () => {
    const parsed = read("numbered-forms.tasks.md");
    expect(parsed.tasks.map((task) => [task.id, task.parentKey?.split("#")[1]])).toEqual([
      ["1", undefined],
      ["1.1", "1"],
      ["1.2", "1"],
      ["2", undefined],
      ["2.1", "2"],
    ]);
    expect(parsed.checklist.map((item) => item.text)).toEqual(["Write release notes"]);
  });

  it("look-alikes: one real box, eight malformed-checkbox warnings", () => {
    const parsed = read("not-checkboxes.md");
    expect(parsed.checklist.map((item) => item.line)).toEqual([29]);
    expect(parsed.diagnostics.map((d) => d.line)).toEqual([19, 21, 22, 23, 24, 25, 26, 27]);
  });

  it("a plain checklist", () => {
    const parsed = read("release-checklist.md");
    expect(parsed.format).toBe("checklist");
    expect(parsed.checklist.map((item) => item.key)).toEqual(["bump version", "update changelog", "announce", "bump version#2"]);
  });
});

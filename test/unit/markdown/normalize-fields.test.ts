import { describe, expect, it } from "vitest";
import { normalizeFields, normalizePriority, normalizeStatus, phaseOf, sprintOf } from "../../../src/core/markdown/normalize-fields.js";
import type { RawField } from "../../../src/core/model/types.js";

const raw = (fields: Record<string, string>): Record<string, RawField> =>
  Object.fromEntries(Object.entries(fields).map(([name, value], index) => [name, { name, value, line: index + 1, column: 3 }]));

describe("normalizeStatus", () => {
  it.each([
    ["To Do", "todo"],
    ["todo", "todo"],
    ["Pending", "todo"],
    ["Not Started", "todo"],
    ["In Progress", "in progress"],
    ["in-progress", "in progress"],
    ["WIP", "in progress"],
    ["doing", "in progress"],
    ["In Review", "in review"],
    ["review", "in review"],
    ["Done", "done"],
    ["Complete", "done"],
    ["completed", "done"],
    ["Finished", "done"],
    ["✅ Done", "done"],
    ["**Done**", "done"],
    ["In Progress (50%)", "in progress"],
    ["Blocked", "blocked"],
    ["On Hold", "on hold"],
    ["on_hold", "on hold"],
    ["Cancelled", "cancelled"],
    ["canceled", "cancelled"],
    ["Done/Complete", "done"],
  ])("%s → %s", (value, status) => {
    expect(normalizeStatus(value)).toBe(status);
  });

  it.each(["Draft/Planned/In Progress/Completed/Blocked/On Hold", "[To Do | In Progress | In Review | Done]", "Not Started | In Progress | Review | Complete", "[Done]", "Ready", "", "maybe"])(
    "%s is not a status",
    (value) => {
      expect(normalizeStatus(value)).toBeUndefined();
    },
  );
});

describe("normalizePriority", () => {
  it.each([
    ["P0", "P0"],
    ["p3", "P3"],
    ["P1-High", "P1"],
    ["P2 (Medium)", "P2"],
    ["Critical", "P0"],
    ["High", "P1"],
    ["medium", "P2"],
    ["Low", "P3"],
    ["**P0**", "P0"],
  ])("%s → %s", (value, priority) => {
    expect(normalizePriority(value)).toBe(priority);
  });

  it.each(["[P0-Critical | P1-High | P2-Medium | P3-Low]", "Critical/High/Medium/Low", "P5", "P10", "soon"])("%s is not a priority", (value) => {
    expect(normalizePriority(value)).toBeUndefined();
  });
});

describe("phaseOf / sprintOf", () => {
  it("reads phase numbers in several languages and the sprint as written", () => {
    expect(["Phase 1: Edge Layer (NGINX) - Sprint 1", "Фаза 2: Основа", "阶段 3: 准备", "阶段4", "Fase 5 - Testes", "🚀 Phase 6", "Phasers"].map(phaseOf)).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      undefined,
    ]);
    expect(["Phase 1: Edge Layer (NGINX) - Sprint 1", "Sprint 12", "Спринт 3", "Sprints overview"].map(sprintOf)).toEqual(["Sprint 1", "Sprint 12", "Спринт 3", undefined]);
  });
});

describe("normalizeFields", () => {
  it("splits assignees into logins and roles and drops the no-one values", () => {
    expect(normalizeFields(raw({ assignee: "@octocat, DevOps Engineer & @hubot" }), "p.md").fields).toEqual({ assignees: ["octocat", "hubot"], roles: ["DevOps Engineer"] });
    for (const nobody of ["TBD", "None", "Unassigned", "[Name]", "N/A"]) {
      expect(normalizeFields(raw({ assignee: nobody }), "p.md").fields).toEqual({});
    }
  });

  it("reads points as an integer, due as an ISO date, type in lower case, effort and sprint as written", () => {
    expect(
      normalizeFields(raw({ points: "5 points", due: "2025-03-01", type: "Bug", effort: "2-3 days", sprint: "Sprint 4", phase: "Phase 2" }), "p.md").fields,
    ).toEqual({ points: 5, due: "2025-03-01", type: "bug", effort: "2-3 days", sprint: "Sprint 4", phase: "2" });
    expect(normalizeFields(raw({ points: "[1, 2, 3, 5]", due: "YYYY-MM-DD", type: "[Bug | Feature]", effort: "[X hours]", sprint: "[Sprint X - Name]" }), "p.md").fields).toEqual({});
    expect(normalizeFields(raw({ due: "2025-02-30" }), "p.md").fields).toEqual({});
  });

  it("splits labels and resolves dependencies: repository ids as written, document ids scoped by the path", () => {
    const normalized = normalizeFields(raw({ labels: "backend, `api`, backend", dependencies: "TASK-001, T004, 1.2, TASK-XXX, `BACK-3.01`" }), "specs/a/tasks.md");
    expect(normalized.labels).toEqual(["backend", "api"]);
    expect(normalized.dependsOn).toEqual(["TASK-001", "specs/a/tasks.md#T004", "specs/a/tasks.md#1.2", "specs/a/tasks.md#TASK-XXX", "BACK-3.01"]);
    expect(normalized.diagnostics).toEqual([]);
  });
});

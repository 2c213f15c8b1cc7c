import { describe, expect, it } from "vitest";
import { configSchema } from "../../../src/core/config/schema.js";
import { parseProjectUrl } from "../../../src/core/project/parse-project-url.js";
import { planProjectFields, type ProjectTask } from "../../../src/core/project/plan-project-fields.js";
import type { ProjectBoard, ProjectField } from "../../../src/core/project/types.js";
import { fields, task } from "../support/build.js";
import type { TaskFields } from "../../../src/core/model/types.js";

const project = (extra: Record<string, unknown> = {}) => configSchema.parse({ project: { url: "https://github.com/orgs/acme/projects/3", ...extra } }).project!;

const select = (id: string, name: string, options: string[]): ProjectField => ({
  id,
  name,
  dataType: "SINGLE_SELECT",
  options: options.map((option) => ({ id: `${id}:${option}`, name: option, color: "GRAY", description: "" })),
  iterations: [],
});
const plain = (id: string, name: string, dataType: string): ProjectField => ({ id, name, dataType, options: [], iterations: [] });

const board = (items: ProjectBoard["items"] = [], extraFields: ProjectField[] = []): ProjectBoard => ({
  id: "PVT_1",
  title: "Roadmap",
  fields: [
    plain("title", "Title", "TITLE"),
    select("status", "Status", ["Todo", "In Progress", "Done"]),
    select("priority", "priority", ["P0", "P1"]),
    { id: "sprint", name: "Iteration", dataType: "ITERATION", options: [], iterations: [{ id: "it1", title: "Sprint 1" }] },
    plain("estimate", "ESTIMATE", "NUMBER"),
    plain("due", "Due date", "DATE"),
    ...extraFields,
  ],
  items,
});

const at = (key: string, number: number, taskFields: TaskFields = {}, overrides: Parameters<typeof task>[1] = {}): ProjectTask => ({
  key,
  number,
  path: "docs/tasks.md",
  task: task(key, { fields: taskFields, line: number * 10, ...overrides }),
});

describe("planProjectFields", () => {
  it("adds a new issue as an item and sets every field the task has, matching names case-insensitively", () => {
    const plan = planProjectFields({
      tasks: [at("TASK-1", 7, { status: "in progress", priority: "p1", sprint: "sprint 1", points: 3, due: "2026-03-01" })],
      board: board(),
      project: project(),
    });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.operations).toEqual([
      { kind: "add-item", key: "TASK-1", number: 7 },
      { kind: "set-field", key: "TASK-1", number: 7, fieldId: "status", fieldName: "Status", value: { singleSelectOptionId: "status:In Progress" } },
      { kind: "set-field", key: "TASK-1", number: 7, fieldId: "priority", fieldName: "priority", value: { singleSelectOptionId: "priority:P1" } },
      { kind: "set-field", key: "TASK-1", number: 7, fieldId: "sprint", fieldName: "Iteration", value: { iterationId: "it1" } },
      { kind: "set-field", key: "TASK-1", number: 7, fieldId: "estimate", fieldName: "ESTIMATE", value: { number: 3 } },
      { kind: "set-field", key: "TASK-1", number: 7, fieldId: "due", fieldName: "Due date", value: { date: "2026-03-01" } },
    ]);
  });

  it("writes only the fields that differ, and clears one the document no longer has", () => {
    const item = { id: "I1", number: 7, values: { title: { text: "TASK-1: x" }, status: { singleSelectOptionId: "status:Todo" }, priority: { singleSelectOptionId: "priority:P0" }, estimate: { number: 5 } } };
    const plan = planProjectFields({ tasks: [at("TASK-1", 7, { priority: "P0" })], board: board([item]), project: project() });
    expect(plan.operations).toEqual([{ kind: "clear-field", key: "TASK-1", number: 7, fieldId: "estimate", fieldName: "ESTIMATE" }]);
  });

  it("plans nothing for a project that already shows the documents", () => {
    const item = { id: "I1", number: 7, values: { status: { singleSelectOptionId: "status:Done" }, estimate: { number: 2 } } };
    const done = at("TASK-1", 7, { effort: "2 d" }, { checkbox: { line: 1, column: 3, checked: true, offset: 3 } });
    expect(planProjectFields({ tasks: [done], board: board([item]), project: project() })).toEqual({ operations: [], diagnostics: [] });
  });

  it("puts a task without status in the open option, a done one in the done option", () => {
    const plan = planProjectFields({ tasks: [at("TASK-1", 1), at("TASK-2", 2, { status: "done" })], board: board(), project: project({ fields: { priority: false, sprint: false, estimate: false, due: false, start: false, phase: false } }) });
    expect(plan.operations.filter((operation) => operation.kind === "set-field").map((operation) => operation.kind === "set-field" && operation.value)).toEqual([
      { singleSelectOptionId: "status:Todo" },
      { singleSelectOptionId: "status:Done" },
    ]);
  });

  it("reports an option the field lacks once for all its tasks, and sets the other fields", () => {
    const plan = planProjectFields({ tasks: [at("TASK-1", 1, { priority: "P3" }), at("TASK-2", 2, { priority: "p3" })], board: board(), project: project() });
    expect(plan.diagnostics).toEqual([
      {
        code: "project-option-missing",
        severity: "warning",
        path: "docs/tasks.md",
        line: 10,
        column: 1,
        message: 'The project field "priority" has no option "P3" (2 tasks): add it on the board, or set project.createOptions: true.',
      },
    ]);
    expect(plan.operations.map((operation) => operation.kind)).toEqual(["add-item", "add-item", "set-field", "set-field"]);
  });

  it("creates a missing option once with createOptions, before the items", () => {
    const plan = planProjectFields({ tasks: [at("TASK-1", 1, { priority: "P3" }), at("TASK-2", 2, { priority: "p3" })], board: board(), project: project({ createOptions: true }) });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.operations[0]).toEqual({ kind: "create-option", fieldId: "priority", fieldName: "priority", name: "P3" });
    expect(plan.operations.filter((operation) => operation.kind === "create-option")).toHaveLength(1);
  });

  it("never invents an iteration, even with createOptions", () => {
    const plan = planProjectFields({ tasks: [at("TASK-1", 1, { sprint: "Sprint 9" })], board: board(), project: project({ createOptions: true }) });
    expect(plan.operations.some((operation) => operation.kind === "create-option")).toBe(false);
    expect(plan.diagnostics.map((d) => d.message)).toEqual(['The project field "Iteration" has no iteration "Sprint 9" (1 task): add the iteration on the board.']);
  });

  it("reports a field the project lacks only when a task has a value for it", () => {
    const none = planProjectFields({ tasks: [at("TASK-1", 1)], board: board(), project: project() });
    expect(none.diagnostics).toEqual([]);
    const phased = planProjectFields({ tasks: [at("TASK-1", 1, { phase: "Beta" })], board: board(), project: project() });
    expect(phased.diagnostics.map((d) => [d.code, d.message])).toEqual([["project-field-missing", 'The project "Roadmap" has no field "Phase" for the phase of 1 task.']]);
  });

  it("reads a start date from a Start date field, and refuses a value of the wrong kind", () => {
    const started = at("TASK-1", 1, {}, { rawFields: fields(["Start date", "2026-02-02", 3]) });
    const plan = planProjectFields({ tasks: [started], board: board([], [plain("start", "start date", "DATE"), plain("phase", "Phase", "NUMBER")]), project: project() });
    expect(plan.operations).toContainEqual({ kind: "set-field", key: "TASK-1", number: 1, fieldId: "start", fieldName: "start date", value: { date: "2026-02-02" } });
    const wrong = planProjectFields({ tasks: [at("TASK-1", 1, { phase: "Beta" })], board: board([], [plain("phase", "Phase", "NUMBER")]), project: project() });
    expect(wrong.diagnostics.map((d) => d.code)).toEqual(["project-value-invalid"]);
  });
});

describe("parseProjectUrl and the project config", () => {
  it("reads organization and user project URLs", () => {
    expect(parseProjectUrl("https://github.com/orgs/acme/projects/3")).toEqual({ ownerType: "Organization", login: "acme", number: 3 });
    expect(parseProjectUrl("https://github.com/users/jo/projects/1/")).toEqual({ ownerType: "User", login: "jo", number: 1 });
    expect(parseProjectUrl("https://github.com/acme/widgets/projects/1")).toBeNull();
  });

  it("takes the URL alone, has no project when absent, and refuses a URL that is no project", () => {
    expect(configSchema.parse({}).project).toBeUndefined();
    expect(configSchema.parse({ project: "https://github.com/users/jo/projects/1" }).project).toMatchObject({ url: "https://github.com/users/jo/projects/1", doneOption: "Done", createOptions: false, fields: { sprint: ["Sprint", "Iteration"] } });
    expect(configSchema.safeParse({ project: "https://github.com/acme/widgets" }).success).toBe(false);
  });
});

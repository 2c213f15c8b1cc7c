import type { Diagnostic, Document, Task } from "../../../src/core/model/types.js";
import type { MarkerState, MirroredIssue } from "../../../src/core/plan/types.js";

/** Small builders for check tests: only the fields a test cares about are given. */
export function diagnostic(overrides: Partial<Diagnostic> & Pick<Diagnostic, "line">): Diagnostic {
  return {
    code: "placeholder",
    severity: "warning",
    path: "docs/tasks.md",
    column: 1,
    message: "Placeholder.",
    ...overrides,
  };
}

export function task(key: string, title: string, line: number, overrides: Partial<Task> = {}): Task {
  return {
    key,
    title,
    line,
    endLine: line,
    fields: {},
    rawFields: {},
    dependsOn: [],
    labels: [],
    description: "",
    checklist: [],
    ...overrides,
  };
}

export function doc(path: string, tasks: Task[]): Document {
  return { path, format: "task-headings", frontMatter: {}, tasks, checklist: [], diagnostics: [], bom: false, eol: "\n" };
}

export function issue(number: number, title: string, marker: Partial<MarkerState> & Pick<MarkerState, "key" | "path">): MirroredIssue {
  return {
    number,
    id: 1000 + number,
    title,
    body: "",
    state: "open",
    stateReason: null,
    labels: [],
    assignees: [],
    milestone: null,
    parentNumber: null,
    marker: { v: 1, done: false, items: {}, ...marker },
  };
}

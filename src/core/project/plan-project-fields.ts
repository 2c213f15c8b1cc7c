import type { Diagnostic, Task } from "../model/types.js";
import { PROJECT_FIELD_KEYS, taskProjectValues, type ProjectConfig, type ProjectFieldKey, type TaskValue } from "./task-project-values.js";
import type { ProjectBoard, ProjectField, ProjectOperation, ProjectValue } from "./types.js";

/** A task that has an issue, and the document it is in (for the diagnostics' place). */
export interface ProjectTask {
  key: string;
  number: number;
  path: string;
  task: Task;
}

export interface ProjectPlan {
  operations: ProjectOperation[];
  /** What the project cannot hold (a field or option it lacks, a value of the wrong kind): one per field and value. */
  diagnostics: Diagnostic[];
}

/** Field types whose values a client sets; the others (Title, Assignees, Labels…) follow the issue. */
const SETTABLE = new Set(["TEXT", "NUMBER", "DATE", "SINGLE_SELECT", "ITERATION"]);

/**
 * The project as the documents want it against the project as read: every task's issue an item
 * (added once: an item already there is kept), each mapped field set only where its value
 * differs, and cleared where the document says nothing. Field, option and iteration names are
 * matched case-insensitively. What the project cannot hold is a diagnostic, never a failure;
 * options are only added when `createOptions` says so (iterations never: their dates are the
 * board's).
 */
export function planProjectFields(input: { tasks: readonly ProjectTask[]; board: ProjectBoard; project: ProjectConfig }): ProjectPlan {
  const { tasks, board, project } = input;
  const fields = resolveFields(board, project);
  const itemOf = new Map(board.items.map((item) => [item.number, item]));
  // One diagnostic per field and value, at its first task, in the words of its first task.
  const problems = new Map<string, { diagnostic: Diagnostic; count: number; message: (count: number) => string }>();
  const problem = (at: ProjectTask, code: string, what: string, message: (count: number) => string) => {
    const id = `${code}\u0000${what.toLowerCase()}`;
    const known = problems.get(id);
    if (known) {
      known.count += 1;
      known.diagnostic.message = known.message(known.count);
      return;
    }
    problems.set(id, { count: 1, message, diagnostic: { code, severity: "warning", path: at.path, line: at.task.line, column: 1, message: message(1) } });
  };
  const creates = new Map<string, Extract<ProjectOperation, { kind: "create-option" }>>();
  const adds: ProjectOperation[] = [];
  const writes: ProjectOperation[] = [];

  for (const at of tasks) {
    const item = itemOf.get(at.number);
    if (!item) adds.push({ kind: "add-item", key: at.key, number: at.number });
    const current = item?.values ?? {};
    const wanted = taskProjectValues(at.task, project);
    for (const key of PROJECT_FIELD_KEYS) {
      const value = wanted[key];
      const field = fields.get(key);
      if (field === undefined) {
        const names = namesOf(project, key);
        if (value !== null && names.length > 0) {
          problem(at, "project-field-missing", names[0]!, (n) => `The project "${board.title}" has no field ${names.map((name) => `"${name}"`).join(" or ")} for the ${key} of ${tasksText(n)}.`);
        }
        continue;
      }
      const desired = value === null ? null : toProjectValue(field, value);
      if (desired === "unsettable") {
        problem(at, "project-field-unsupported", field.name, (n) => `The project field "${field.name}" (${field.dataType}) cannot be set by an app; the ${key} of ${tasksText(n)} is not kept there.`);
        continue;
      }
      if (desired === "invalid") {
        problem(at, "project-value-invalid", `${field.name}\u0000${value}`, (n) => `"${value}" is not a value of the ${field.dataType.toLowerCase()} field "${field.name}" (${tasksText(n)}).`);
        continue;
      }
      if (desired === "missing") {
        const name = String(value);
        if (field.dataType === "SINGLE_SELECT" && project.createOptions) {
          const id = `${field.id}\u0000${name.toLowerCase()}`;
          if (!creates.has(id)) creates.set(id, { kind: "create-option", fieldId: field.id, fieldName: field.name, name });
        } else {
          const what = field.dataType === "ITERATION" ? "iteration" : "option";
          const hint = field.dataType === "ITERATION" ? "add the iteration on the board" : "add it on the board, or set project.createOptions: true";
          problem(at, "project-option-missing", `${field.name}\u0000${name}`, (n) => `The project field "${field.name}" has no ${what} "${name}" (${tasksText(n)}): ${hint}.`);
        }
        continue;
      }
      const had = current[field.id];
      if (desired === null) {
        if (had !== undefined) writes.push({ kind: "clear-field", key: at.key, number: at.number, fieldId: field.id, fieldName: field.name });
      } else if (had === undefined || !sameValue(had, desired)) {
        writes.push({ kind: "set-field", key: at.key, number: at.number, fieldId: field.id, fieldName: field.name, value: desired });
      }
    }
  }
  return { operations: [...creates.values(), ...adds, ...writes], diagnostics: [...problems.values()].map((entry) => entry.diagnostic) };
}

function namesOf(project: ProjectConfig, key: ProjectFieldKey): string[] {
  const names = project.fields[key];
  return names === false ? [] : typeof names === "string" ? [names] : names;
}

/** The project field of each task field: the first configured name the project has. */
function resolveFields(board: ProjectBoard, project: ProjectConfig): Map<ProjectFieldKey, ProjectField> {
  const byName = new Map<string, ProjectField>();
  for (const field of board.fields) if (!byName.has(field.name.toLowerCase())) byName.set(field.name.toLowerCase(), field);
  const resolved = new Map<ProjectFieldKey, ProjectField>();
  for (const key of PROJECT_FIELD_KEYS) {
    const field = namesOf(project, key).map((name) => byName.get(name.toLowerCase())).find((found) => found !== undefined);
    if (field) resolved.set(key, field);
  }
  return resolved;
}

function toProjectValue(field: ProjectField, value: Exclude<TaskValue, null>): ProjectValue | "unsettable" | "invalid" | "missing" {
  const text = String(value).trim();
  const folded = text.toLowerCase();
  switch (field.dataType) {
    case "TEXT":
      return { text };
    case "NUMBER": {
      const number = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(number) ? { number } : "invalid";
    }
    case "DATE":
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { date: text } : "invalid";
    case "SINGLE_SELECT": {
      const option = field.options.find((candidate) => candidate.name.trim().toLowerCase() === folded);
      return option ? { singleSelectOptionId: option.id } : "missing";
    }
    case "ITERATION": {
      const iteration = field.iterations.find((candidate) => candidate.title.trim().toLowerCase() === folded);
      return iteration ? { iterationId: iteration.id } : "missing";
    }
    default:
      return SETTABLE.has(field.dataType) ? "invalid" : "unsettable";
  }
}

function sameValue(a: ProjectValue, b: ProjectValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function tasksText(count: number): string {
  return count === 1 ? "1 task" : `${count} tasks`;
}

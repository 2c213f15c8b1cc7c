import type { Config } from "../config/schema.js";
import type { Task } from "../model/types.js";

export type ProjectConfig = NonNullable<Config["project"]>;
export type ProjectFieldKey = keyof ProjectConfig["fields"];

/** A value as the document states it; null: the document says nothing (the board's value is cleared). */
export type TaskValue = string | number | null;

export const PROJECT_FIELD_KEYS: readonly ProjectFieldKey[] = ["status", "priority", "sprint", "estimate", "start", "due", "phase"];

/**
 * What the document says for each project field. Status is never empty: a done task (its box
 * ticked or status done) is in the done option, a task with another status in the option of that
 * name, any other in the open option. The estimate is the story points, else an effort that is a
 * number (`3`, `2.5 d`: its number). Start dates come from a `Start`/`Start date` field.
 */
export function taskProjectValues(task: Task, project: ProjectConfig): Record<ProjectFieldKey, TaskValue> {
  const { fields } = task;
  return {
    status: statusOf(task, project),
    priority: fields.priority ?? null,
    sprint: fields.sprint ?? null,
    estimate: fields.points ?? numberOf(fields.effort),
    start: dateOf(task.rawFields["start date"]?.value ?? task.rawFields["start"]?.value),
    due: fields.due ?? null,
    phase: fields.phase ?? null,
  };
}

function statusOf(task: Task, project: ProjectConfig): string {
  const { status } = task.fields;
  if (task.checkbox?.checked === true || status === "done") return project.doneOption;
  if (status === undefined || status === "todo") return project.openOption;
  return status;
}

function numberOf(effort: string | undefined): number | null {
  const match = effort === undefined ? null : /^(\d+(?:\.\d+)?)\s*[a-z]*\.?$/i.exec(effort.trim());
  return match ? Number(match[1]) : null;
}

function dateOf(value: string | undefined): string | null {
  const match = value === undefined ? null : /\b(\d{4}-\d{2}-\d{2})\b/.exec(value);
  return match ? match[1]! : null;
}

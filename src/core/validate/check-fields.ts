import type { Diagnostic, RawField, Task } from "../model/types.js";
import { DEPENDENCY_FIELDS, rawField, type TaskRef, type ValidationContext } from "./create-validation-context.js";
import { findPlaceholders } from "./find-placeholders.js";

/** The story-point scale (a modified Fibonacci sequence, as planning poker decks have it). */
export const POINTS_SCALE: readonly number[] = [0, 1, 2, 3, 5, 8, 13, 21];

/** Values that deliberately say "not decided yet": no label, and nothing to report. */
const UNSET = new Set(["", "-", "–", "—", "n/a", "na", "none", "tbd", "tba", "?", "unknown", "unassigned", "not set"]);

/**
 * Fields that take one value out of a fixed set, where a template's list of choices is a value
 * left unfilled. Free-text fields (and headings read as fields, such as a `Setup / CI` group)
 * may hold slashes and bars.
 */
const ENUMERATED = ["status", "state", "priority", "severity", "type", "kind", "category", "risk", "complexity", "size", "stage"];

const OPTION = "[A-Z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+)*";
/** `Draft/Planned/In Progress`: a template's list of choices left in place of a value. */
const SLASH_OPTIONS = new RegExp(`^${OPTION}(?:\\s*/\\s*${OPTION}){2,}$`);
const BAR_OPTIONS = /^[^|]+(?:\|[^|]+)+$/;
const DATE = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;

/**
 * `invalid-field`: values taskmirror cannot use. A value holding a template placeholder is left
 * to the `placeholder` rule alone: one problem, one diagnostic.
 */
export function checkFields(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const ref of context.tasks) {
    const dependencyField = rawField(ref.task, ...DEPENDENCY_FIELDS);
    const statusField = rawField(ref.task, "status");
    const priorityField = rawField(ref.task, "priority");
    const pointsField = rawField(ref.task, "points", "story points", "storypoints");
    const dueField = rawField(ref.task, "due", "due date", "deadline");
    const enumerated = new Set(ENUMERATED.map((name) => rawField(ref.task, name)));
    for (const field of Object.values(ref.task.rawFields)) {
      if (field === dependencyField) continue;
      const value = field.value.trim();
      if (findPlaceholders(value).length > 0) continue;
      const invalid = (message: string, column = valueColumn(context, ref, field)) =>
        diagnostics.push(context.diagnostic("invalid-field", { path: ref.doc.path, line: field.line, column }, message));

      if (enumerated.has(field) && (SLASH_OPTIONS.test(value) || BAR_OPTIONS.test(value))) {
        invalid(`The ${field.name} field lists options ("${shorten(value)}") instead of a value: keep the one that applies.`);
        continue;
      }
      let badDate = false;
      for (const match of value.matchAll(DATE)) {
        if (isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) continue;
        badDate = true;
        const column = context.columnOf(ref.doc.path, field.line, match[0]) ?? field.column;
        invalid(`"${match[0]}" in the ${field.name} field is not a real date: write an existing date as YYYY-MM-DD.`, column);
      }
      if (UNSET.has(value.toLowerCase())) continue;
      const message = fieldProblem(ref.task, field, { statusField, priorityField, pointsField, dueField, badDate });
      if (message !== undefined) invalid(message);
    }
  }
  return diagnostics;
}

function fieldProblem(
  task: Task,
  field: RawField,
  known: { statusField?: RawField; priorityField?: RawField; pointsField?: RawField; dueField?: RawField; badDate: boolean },
): string | undefined {
  const value = shorten(field.value.trim());
  if (field === known.statusField && task.fields.status === undefined) {
    return `Unknown status "${value}": use To Do, In Progress, In Review, Blocked, On Hold, Done or Cancelled.`;
  }
  if (field === known.priorityField && task.fields.priority === undefined) {
    return `Unknown priority "${value}": use P0 to P4, or Critical, High, Medium or Low.`;
  }
  if (field === known.pointsField) {
    const points = task.fields.points;
    if (points === undefined || !POINTS_SCALE.includes(points)) {
      return `${field.name} "${value}" is not on the scale ${POINTS_SCALE.join(", ")}: pick the nearest value.`;
    }
  }
  if (field === known.dueField && task.fields.due === undefined && !known.badDate) {
    return `The ${field.name} field "${value}" is not a date: write it as YYYY-MM-DD.`;
  }
  return undefined;
}

function valueColumn(context: ValidationContext, { doc }: TaskRef, field: RawField): number {
  return context.columnOf(doc.path, field.line, field.value.trim()) ?? field.column;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

import type { Diagnostic, Document, RawField, Task } from "../model/types.js";
import { RULES, type RuleCode } from "./rules.js";

export interface TaskRef {
  task: Task;
  doc: Document;
}

export interface Position {
  path: string;
  line: number;
  column: number;
}

export interface ValidationContext {
  /** The documents in path order. */
  documents: Document[];
  /** Every task of every document, in path/line order. */
  tasks: TaskRef[];
  /** Occurrences of each key, in path/line order (more than one is a `duplicate-key`). */
  byKey: Map<string, TaskRef[]>;
  /** Child tasks by parent key, in path/line order. */
  childrenOf: Map<string, TaskRef[]>;
  /**
   * 1-based column of the `occurrence`-th appearance of `needle` on a source line, when the
   * caller gave the source text and the needle is there; annotations then point at the exact
   * characters instead of the start of the line.
   */
  columnOf(path: string, line: number, needle: string, occurrence?: number): number | undefined;
  diagnostic(code: RuleCode, at: Position, message: string): Diagnostic;
}

export function createValidationContext(
  documents: readonly Document[],
  sourceText?: (path: string) => string | undefined,
): ValidationContext {
  const tasks: TaskRef[] = [];
  for (const doc of documents) for (const task of doc.tasks) tasks.push({ task, doc });
  tasks.sort(compareRefs);

  const byKey = new Map<string, TaskRef[]>();
  const childrenOf = new Map<string, TaskRef[]>();
  for (const ref of tasks) {
    push(byKey, ref.task.key, ref);
    if (ref.task.parentKey !== undefined) push(childrenOf, ref.task.parentKey, ref);
  }

  const lines = new Map<string, string[] | null>();
  const linesOf = (path: string): string[] | null => {
    let cached = lines.get(path);
    if (cached === undefined) {
      const text = sourceText?.(path);
      // As the reader counts: UTF-16 units from the line start, a BOM being column 1 of line 1.
      cached = text === undefined ? null : text.split(/\r\n|\r|\n/);
      lines.set(path, cached);
    }
    return cached;
  };

  return {
    documents: [...documents].sort((a, b) => compareText(a.path, b.path)),
    tasks,
    byKey,
    childrenOf,
    columnOf(path, line, needle, occurrence = 0) {
      const text = linesOf(path)?.[line - 1];
      if (text === undefined || needle === "") return undefined;
      const index = findToken(text, needle, occurrence) ?? findToken(text, needle, occurrence, false);
      return index === undefined ? undefined : index + 1;
    },
    diagnostic(code, at, message) {
      return { code, severity: RULES[code].severity, path: at.path, line: at.line, column: at.column, message };
    },
  };
}

function compareRefs(a: TaskRef, b: TaskRef): number {
  return compareText(a.doc.path, b.doc.path) || a.task.line - b.task.line;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A raw field by any of its spellings (`Story Points`, `story_points`, `storypoints`). */
export function rawField(task: Task, ...names: string[]): RawField | undefined {
  const wanted = new Set(names.map(fieldName));
  for (const [name, field] of Object.entries(task.rawFields)) {
    if (wanted.has(fieldName(name)) || wanted.has(fieldName(field.name))) return field;
  }
  return undefined;
}

export const DEPENDENCY_FIELDS = ["dependencies", "depends on", "dependson", "depends", "blocked by"];

/** How a key reads from a document: a key scoped to that document is shown by its id. */
export function displayKey(key: string, fromPath: string): string {
  return key.startsWith(`${fromPath}#`) ? key.slice(fromPath.length + 1) : key;
}

/**
 * Index of the `occurrence`-th `needle` in `text`; with `whole`, only where it is not part of a
 * longer word (so `TASK-1` is not found inside `TASK-10`).
 */
function findToken(text: string, needle: string, occurrence: number, whole = true): number | undefined {
  let seen = 0;
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) {
    const before = text[index - 1];
    const after = text[index + needle.length];
    const isWhole =
      (!WORD.test(needle[0] ?? "") || before === undefined || !WORD.test(before)) &&
      (!WORD.test(needle.at(-1) ?? "") || after === undefined || !WORD.test(after));
    if (whole && !isWhole) continue;
    if (seen++ === occurrence) return index;
  }
  return undefined;
}

const WORD = /[\p{L}\p{N}_]/u;

function fieldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

import type { Document, Item, RawField, Task } from "../../../src/core/model/types.js";

/** Small builders for hand-made task models: everything not given is empty. */

export function task(key: string, overrides: Partial<Task> = {}): Task {
  return {
    key,
    title: `Title of ${key}`,
    line: 1,
    endLine: overrides.line ?? 1,
    fields: {},
    rawFields: {},
    dependsOn: [],
    labels: [],
    description: "",
    checklist: [],
    ...overrides,
  };
}

export function doc(path: string, tasks: Task[], overrides: Partial<Document> = {}): Document {
  return {
    path,
    format: "task-headings",
    frontMatter: {},
    tasks,
    checklist: [],
    diagnostics: [],
    bom: false,
    eol: "\n",
    ...overrides,
  };
}

export function item(text: string, line: number, checked = false, overrides: Partial<Item> = {}): Item {
  return { key: text.toLowerCase(), text, checked, line, column: 1, offset: 0, ...overrides };
}

export function fields(...list: [name: string, value: string, line: number, column?: number][]): Record<string, RawField> {
  return Object.fromEntries(
    list.map(([name, value, line, column = 1]) => [name.toLowerCase(), { name, value, line, column }]),
  );
}

/** Tasks TASK-001…TASK-n, each depending on the next, the last on `lastDependsOn`. */
export function chain(n: number, lastDependsOn: string[]): Task[] {
  const key = (i: number) => `TASK-${String(i).padStart(5, "0")}`;
  return Array.from({ length: n }, (_, i) =>
    task(key(i + 1), { id: key(i + 1), line: i + 1, dependsOn: i + 1 < n ? [key(i + 2)] : lastDependsOn }),
  );
}

import type { Diagnostic, Document, Item, RawField, Task, TaskFields } from "../../../src/core/model/types.js";
import type { MarkerState, MirroredIssue } from "../../../src/core/plan/types.js";
import { assignItemKeys } from "../../../src/core/model/keys.js";

/**
 * Builders for hand-made task models and mirrored issues. `doc`, `task` and `item` give exactly
 * what is asked and leave the rest empty; `buildTask` lays a task out from a `TaskSpec` the way
 * the parser would (id from the key, keyed items on the following lines).
 */

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

/** An item as `text`, or `[text, checked, section?]`. */
export type ItemSpec = string | [string, boolean] | [string, boolean, string];

export interface TaskSpec {
  id?: string;
  title?: string;
  parentKey?: string;
  line?: number;
  endLine?: number;
  /** The task's own done box. */
  box?: boolean;
  fields?: TaskFields;
  dependsOn?: string[];
  labels?: string[];
  description?: string;
  items?: ItemSpec[];
}

export function buildItems(specs: ItemSpec[], firstLine = 10): Item[] {
  const normalised = specs.map((spec): [string, boolean, string | undefined] =>
    typeof spec === "string" ? [spec, false, undefined] : [spec[0], spec[1], spec[2]],
  );
  const keys = assignItemKeys(normalised.map(([text]) => text));
  return normalised.map(([text, checked, section], i) => ({
    key: keys[i] ?? "",
    text,
    checked,
    line: firstLine + i,
    column: 3,
    offset: 100 + i * 20,
    ...(section !== undefined ? { section } : {}),
  }));
}

export function buildTask(key: string, spec: TaskSpec = {}): Task {
  const line = spec.line ?? 1;
  const items = buildItems(spec.items ?? [], line + 1);
  return {
    key,
    ...(spec.id !== undefined ? { id: spec.id } : key.includes("#") ? {} : { id: key }),
    title: spec.title ?? `Title of ${key}`,
    ...(spec.parentKey !== undefined ? { parentKey: spec.parentKey } : {}),
    line,
    endLine: spec.endLine ?? line + items.length + 2,
    ...(spec.box !== undefined ? { checkbox: { line, column: 3, checked: spec.box, offset: 4 } } : {}),
    fields: spec.fields ?? {},
    rawFields: {},
    dependsOn: spec.dependsOn ?? [],
    labels: spec.labels ?? [],
    description: spec.description ?? "",
    checklist: items,
  };
}

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

/** An open issue with an empty body and no labels; its id is `1000 + number` unless `overrides` say otherwise. */
export function mirrored(
  number: number,
  title: string,
  marker: Partial<MarkerState> & Pick<MarkerState, "key" | "path">,
  overrides: Partial<Omit<MirroredIssue, "marker">> = {},
): MirroredIssue {
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
    ...overrides,
  };
}

export const SOURCE = { serverUrl: "https://github.com", owner: "acme", repo: "app", sha: "a".repeat(40) };

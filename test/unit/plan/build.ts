import type { Document, Item, Task, TaskFields } from "../../../src/core/model/types.js";
import { assignItemKeys } from "../../../src/core/model/keys.js";

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

export function buildDocument(path: string, tasks: Task[]): Document {
  return {
    path,
    format: "task-headings",
    frontMatter: {},
    tasks,
    checklist: [],
    diagnostics: [],
    bom: false,
    eol: "\n",
  };
}

export const SOURCE = { serverUrl: "https://github.com", owner: "acme", repo: "app", sha: "a".repeat(40) };

import { assignItemKeys, isRepositoryWideId } from "../model/keys.js";
import type { Checkbox, Item, RawField, StateBox, Task, TaskFields } from "../model/types.js";
import { normalizeFields } from "./normalize-fields.js";
import type { ReadContext } from "./read-context.js";
import type { Box } from "./read-markdown.js";
import { dependencyId } from "./task-id.js";

/** A box and the section it sits under, before item keys are assigned. */
export interface PlacedBox {
  box: Box;
  section?: string | undefined;
  /** The item's text when it is not the box's text as written (Backlog.md's `#1` numbering left out). */
  text?: string;
}

/** A task as a format builder found it, before fields are normalised and items keyed. */
export interface TaskDraft {
  key: string;
  id?: string | undefined;
  title: string;
  parentKey?: string | undefined;
  line: number;
  endLine: number;
  checkbox?: Checkbox | undefined;
  stateBox?: StateBox | undefined;
  raw: Record<string, RawField>;
  /** Fields the structure states rather than a field line (spec-kit `[P]`, `[US1]`). */
  structural?: TaskFields;
  description: string;
  items: PlacedBox[];
}

export interface FinishedTasks {
  tasks: Task[];
  checklist: Item[];
}

/** Normalises every draft's fields, resolves dependencies and parents, and keys the items of each owner. */
export function finishTasks(context: ReadContext, drafts: readonly TaskDraft[], documentBoxes: readonly PlacedBox[]): FinishedTasks {
  const tasks = drafts.map((draft): Task => {
    const normalized = normalizeFields(draft.raw, context.path);
    context.diagnostics.push(...normalized.diagnostics);
    let parentKey = draft.parentKey;
    const parent = draft.raw.parent;
    if (parentKey === undefined && parent && Object.hasOwn(draft.raw, "parent")) {
      const id = dependencyId(parent.value);
      if (id !== undefined) parentKey = isRepositoryWideId(id) ? id : `${context.path}#${id}`;
    }
    const task: Task = {
      key: draft.key,
      ...(draft.id !== undefined ? { id: draft.id } : {}),
      title: draft.title,
      ...(parentKey !== undefined && parentKey !== draft.key ? { parentKey } : {}),
      line: draft.line,
      endLine: draft.endLine,
      ...(draft.checkbox ? { checkbox: draft.checkbox } : {}),
      ...(draft.stateBox ? { stateBox: draft.stateBox } : {}),
      fields: { ...normalized.fields, ...draft.structural },
      rawFields: draft.raw,
      dependsOn: normalized.dependsOn.filter((key) => key !== draft.key),
      labels: normalized.labels,
      description: draft.description,
      checklist: toItems(draft.items),
    };
    return task;
  });
  return { tasks, checklist: toItems(documentBoxes) };
}

function toItems(placed: readonly PlacedBox[]): Item[] {
  const keys = assignItemKeys(placed.map(({ box, text }) => text ?? box.text));
  return placed.map(({ box, section, text }, index): Item => ({
    key: keys[index] ?? "",
    text: text ?? box.text,
    checked: box.checkbox.checked,
    line: box.checkbox.line,
    column: box.checkbox.column,
    offset: box.checkbox.offset,
    ...(section !== undefined && section !== "" ? { section } : {}),
  }));
}

import { spliceCheckboxes } from "../markdown/splice-checkboxes.js";
import type { Document, Task } from "../model/types.js";
import { chooseStatusWord } from "./choose-status-word.js";
import { findFieldValue } from "./find-field-value.js";
import { DONE_ITEM_KEY, type FileToggle } from "./types.js";

export interface TextEdit {
  /** The new text: the old one with only box bytes (and status values) changed. */
  text: string;
  /** Toggles written, in the order given (one per checkbox: the last toggle of a box wins). */
  applied: FileToggle[];
  /** Toggles the file already agrees with: nothing to write for them. */
  unchanged: FileToggle[];
  /** Toggles whose task or item the document no longer has (or has twice). */
  missing: FileToggle[];
  /** Done-state toggles of tasks that have neither an own box nor a status value to rewrite. */
  noDoneState: FileToggle[];
}

/**
 * Writes toggles into a task document's text. Each toggle is located by (task key, item key)
 * in `document` — which must be `parseDocument` of this very `text` — and only the byte
 * between the brackets is flipped (for a Kiro `[-]`/`[~]` task, closing writes `x` over the
 * mark and reopening writes nothing: the mark already says "not done"); a task's done state
 * without an own box rewrites only the value of its status field. Everything else (line
 * endings, BOM, indentation, `[X]` that is not toggled, trailing spaces, front matter) stays
 * byte for byte. Later toggles of the same box override earlier ones; a toggle to the state
 * the file already has writes nothing.
 */
export function applyTogglesToText(text: string, document: Document, toggles: readonly FileToggle[]): TextEdit {
  const edit: TextEdit = { text, applied: [], unchanged: [], missing: [], noDoneState: [] };
  // A key written twice in one document names no task for sure (the planner does not sync
  // either): its toggles count as missing rather than landing on one of them by chance.
  const tasks = new Map<string, Task | null>();
  for (const task of document.tasks) tasks.set(task.key, tasks.has(task.key) ? null : task);
  const boxes: { offset: number; checked: boolean }[] = [];
  const values: { start: number; end: number; word: string }[] = [];

  for (const toggle of lastPerBox(toggles)) {
    const task = tasks.get(toggle.taskKey);
    if (!task) {
      edit.missing.push(toggle);
      continue;
    }
    if (toggle.itemKey !== DONE_ITEM_KEY) {
      const item = task.checklist.find((candidate) => candidate.key === toggle.itemKey);
      if (!item) edit.missing.push(toggle);
      else if (item.checked === toggle.checked) edit.unchanged.push(toggle);
      else {
        boxes.push({ offset: item.offset, checked: toggle.checked });
        edit.applied.push(toggle);
      }
      continue;
    }
    if (task.checkbox) {
      if (task.checkbox.checked === toggle.checked) edit.unchanged.push(toggle);
      else {
        boxes.push({ offset: task.checkbox.offset, checked: toggle.checked });
        edit.applied.push(toggle);
      }
      continue;
    }
    if (task.stateBox) {
      // `[-]`/`[~]` already say "not done": only a close has something to write, `x` over the mark.
      if (!toggle.checked) edit.unchanged.push(toggle);
      else {
        boxes.push({ offset: task.stateBox.offset, checked: true });
        edit.applied.push(toggle);
      }
      continue;
    }
    const status = statusEdit(text, document, task, toggle.checked);
    if (status === "none") edit.noDoneState.push(toggle);
    else if (status === "same") edit.unchanged.push(toggle);
    else {
      values.push(status);
      edit.applied.push(toggle);
    }
  }

  // Box flips keep the length, so status values (which may not) are replaced afterwards, from
  // the end of the text backwards, with offsets that are still those of the original.
  let next = boxes.length > 0 ? spliceCheckboxes(text, boxes) : text;
  for (const value of values.sort((a, b) => b.start - a.start)) {
    next = next.slice(0, value.start) + value.word + next.slice(value.end);
  }
  edit.text = next;
  return edit;
}

function lastPerBox(toggles: readonly FileToggle[]): FileToggle[] {
  const last = new Map<string, FileToggle>();
  for (const toggle of toggles) {
    const id = JSON.stringify([toggle.taskKey, toggle.itemKey]);
    last.delete(id);
    last.set(id, toggle);
  }
  return [...last.values()];
}

function statusEdit(
  text: string,
  document: Document,
  task: Task,
  done: boolean,
): "none" | "same" | { start: number; end: number; word: string } {
  const field = task.rawFields.status;
  const span = field ? findFieldValue(text, field) : null;
  if (!span) return "none";
  const status = task.fields.status;
  const isDone = status === "done";
  // Reopening a cancelled task makes it open again, too; closing never turns "cancelled" into
  // "done" unless the person closed the issue as completed, which is what `done` says here.
  const isClosed = isDone || status === "cancelled";
  if (done ? isDone : !isClosed) return "same";
  return { ...span, word: chooseStatusWord(document, task, done) };
}

import { expect } from "vitest";
import { findCheckboxes } from "../../../src/core/markdown/find-checkboxes.js";
import type { Checkbox, Document } from "../../../src/core/model/types.js";

/** Every box the model holds — tasks' own boxes, tasks' items, the document's items — by offset. */
export function modelBoxes(document: Document): { offset: number; line: number; checked: boolean; owner: string }[] {
  const boxes: { offset: number; line: number; checked: boolean; owner: string }[] = [];
  for (const task of document.tasks) {
    if (task.checkbox) boxes.push({ offset: task.checkbox.offset, line: task.checkbox.line, checked: task.checkbox.checked, owner: `${task.key} (own box)` });
    for (const item of task.checklist) boxes.push({ offset: item.offset, line: item.line, checked: item.checked, owner: task.key });
  }
  for (const item of document.checklist) boxes.push({ offset: item.offset, line: item.line, checked: item.checked, owner: "(document)" });
  return boxes.sort((a, b) => a.offset - b.offset);
}

/**
 * The reader's central promise: every checkbox GitHub renders is in the model exactly once — as a
 * task's own box, a task's checklist item or a document checklist item — and nothing else is.
 */
export function expectEveryBoxOnce(document: Document, text: string): Checkbox[] {
  const found = findCheckboxes(text);
  const inModel = modelBoxes(document);
  expect(inModel.map(({ offset, line, checked }) => ({ offset, line, checked }))).toEqual(
    found.map(({ offset, line, checked }) => ({ offset, line, checked })),
  );
  for (const box of found) {
    expect(text.charAt(box.offset - 1)).toBe("[");
    expect(text.charAt(box.offset + 1)).toBe("]");
    expect(text.charAt(box.offset)).toMatch(box.checked ? /^[xX]$/ : /^ $/);
  }
  return found;
}

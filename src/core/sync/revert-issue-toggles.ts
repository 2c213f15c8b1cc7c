import { spliceCheckboxes } from "../markdown/splice-checkboxes.js";
import { readIssueChecklist } from "../render/read-issue-checklist.js";
import type { ChecklistToggle } from "./types.js";

export interface RevertedBody {
  body: string;
  /** The toggles that were undone; those the body no longer shows were already undone or removed. */
  reverted: ChecklistToggle[];
}

/**
 * Undoes toggles a person was not allowed to make, in the issue body as it is now: only the
 * boxes of those items that still show the toggled state are flipped back, by their bytes, so
 * every other edit made to the body since (text, other ticks) is kept.
 */
export function revertIssueToggles(body: string, toggles: readonly ChecklistToggle[]): RevertedBody {
  const items = new Map(readIssueChecklist(body).map((item) => [item.key, item]));
  const reverted: ChecklistToggle[] = [];
  const boxes: { offset: number; checked: boolean }[] = [];
  for (const toggle of toggles) {
    const item = items.get(toggle.itemKey);
    if (!item || item.checked !== toggle.checked) continue;
    items.delete(toggle.itemKey);
    boxes.push({ offset: item.offset, checked: !toggle.checked });
    reverted.push(toggle);
  }
  return { body: boxes.length > 0 ? spliceCheckboxes(body, boxes) : body, reverted };
}

import { readIssueChecklist } from "../render/read-issue-checklist.js";
import type { ChecklistToggle } from "./types.js";

/**
 * The boxes a person toggled in an issue: items of the generated checklist present in both
 * bodies (matched by key, not position) whose state differs. Items added or removed by hand
 * are not toggles: the file has no box for an item that only exists in the issue, and an item
 * deleted from the issue body says nothing about whether it is done.
 */
export function diffIssueChecklists(fromBody: string, toBody: string): ChecklistToggle[] {
  const before = new Map(readIssueChecklist(fromBody).map((item) => [item.key, item.checked]));
  const toggles: ChecklistToggle[] = [];
  for (const item of readIssueChecklist(toBody)) {
    const was = before.get(item.key);
    if (was !== undefined && was !== item.checked) toggles.push({ itemKey: item.key, checked: item.checked });
  }
  return toggles;
}

import { parseMarker } from "../render/marker.js";
import { replaceMarker } from "../render/replace-marker.js";
import { readIssueChecklist } from "../render/read-issue-checklist.js";
import { DONE_ITEM_KEY, type FileToggle } from "./types.js";

/**
 * The issue body with its marker's merge base moved to what was just committed to the default
 * branch. Without it the next push would see the file differ from a stale base and take the
 * issue's side for a box a person later changed in the file. Returns the body unchanged when
 * the base already says so (compare before write) or when the body has no marker.
 */
export function rebaseMarker(body: string, applied: readonly Pick<FileToggle, "itemKey" | "checked">[]): string {
  const state = parseMarker(body);
  if (!state) return body;
  const items: Record<string, boolean> = { ...state.items };
  let done = state.done;
  for (const toggle of applied) {
    if (toggle.itemKey === DONE_ITEM_KEY) done = toggle.checked;
    else items[toggle.itemKey] = toggle.checked;
  }
  // In the order the body shows the items, as planSync renders the marker: the next sync then
  // finds the body it would write and makes no request.
  const ordered: Record<string, boolean> = {};
  for (const { key } of readIssueChecklist(body)) if (Object.hasOwn(items, key)) ordered[key] = items[key] === true;
  for (const [key, checked] of Object.entries(items)) if (!Object.hasOwn(ordered, key)) ordered[key] = checked;
  return replaceMarker(body, { ...state, done, items: ordered });
}

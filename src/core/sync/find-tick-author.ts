import { readIssueChecklist } from "../render/read-issue-checklist.js";
import type { ChecklistToggle } from "./types.js";

/** One version of an issue body from its edit history, and who made it (null: a deleted account). */
export interface BodyVersion {
  editor: string | null;
  body: string;
}

/**
 * Who set a checklist item to its current state, from the issue's edit history (newest first,
 * as GitHub's `userContentEdits` lists it, each version the whole body): the editor of the
 * oldest version of the newest unbroken run of versions that have the item in that state.
 * Null when the history does not show it: the newest version disagrees with the toggle, the
 * run reaches the version the issue was created with (the app wrote it so), or it runs past
 * the end of the history that was read.
 */
export function findTickAuthor(versions: readonly BodyVersion[], toggle: ChecklistToggle): string | null {
  const stateIn = (body: string) => readIssueChecklist(body).find((item) => item.key === toggle.itemKey)?.checked;
  if (versions.length === 0 || stateIn(versions[0]!.body) !== toggle.checked) return null;
  for (let i = 0; i + 1 < versions.length; i += 1) {
    if (stateIn(versions[i + 1]!.body) !== toggle.checked) return versions[i]!.editor;
  }
  return null;
}

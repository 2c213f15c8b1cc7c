/**
 * Types of the issue → file direction of the two-way sync. A toggle names its checkbox by keys
 * (task key, item key), never by position: positions are found again in whatever text the file
 * has when the toggle is written, so a push that moved, added or removed items in between
 * cannot make a tick land on the wrong line.
 */

/** A GitHub account, as webhooks give it (`sender`). */
export interface Person {
  login: string;
  id: number;
}

/** One checkbox of an issue's checklist whose state changed between two versions of the body. */
export interface ChecklistToggle {
  itemKey: string;
  checked: boolean;
}

/** The key of a task's own done state (its own box, or its status field). */
export const DONE_ITEM_KEY = "";

/** A state to write to a task document. */
export interface FileToggle {
  taskKey: string;
  /** An item key of the task's checklist, or DONE_ITEM_KEY for the task's done state. */
  itemKey: string;
  checked: boolean;
  /** The mirrored issue the state came from. */
  issue: number;
  /** Who set it (credited in the commit); absent when the sync itself found it (planSync). */
  by?: Person;
}

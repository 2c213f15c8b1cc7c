import type { Document, Task } from "../model/types.js";

// A word taken from the document is written back verbatim, so it must not be able to change
// the structure around it (a table cell, a YAML scalar, a bold label).
const SAFE_WORD = /^[^\r\n|:#*[\]{}"'`<>\\]+$/;

/**
 * The status value to write when a task becomes done (its issue closed as completed) or open
 * again (reopened). The document's own vocabulary comes first: the value another task of the
 * same document uses for that state (`✅ Complete`, `DONE`, `finished`). Otherwise a word the
 * reader reads back as that state, cased like the value it replaces.
 *
 * Reopening writes the "to do" word, not "in progress": a reopened issue says only that the
 * task is not finished, and the app must not claim that work has started when nobody said so.
 */
export function chooseStatusWord(document: Document, task: Task, done: boolean): string {
  const wanted = done ? "done" : "todo";
  for (const other of document.tasks) {
    const raw = other.rawFields.status?.value.trim();
    if (other.fields.status === wanted && raw !== undefined && SAFE_WORD.test(raw)) return raw;
  }
  const current = task.rawFields.status?.value ?? "";
  const letters = current.replace(/[^\p{L}]/gu, "");
  if (letters !== "" && letters === letters.toLowerCase()) return done ? "done" : "todo";
  if (letters !== "" && letters === letters.toUpperCase()) return done ? "DONE" : "TODO";
  return done ? "Done" : "To Do";
}

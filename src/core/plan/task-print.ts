import { normalizeItemText } from "../model/keys.js";
import type { Task } from "../model/types.js";
import type { ContentPrint } from "./content-print.js";
import { wordTokens } from "./word-tokens.js";

/** The print of a document's task; `parentTitle` is its parent task's title (null: no parent). */
export function taskPrint(task: Task, parentTitle: string | null): ContentPrint {
  return {
    title: normalizeItemText(task.title),
    titleWords: wordTokens(task.title),
    items: new Set(task.checklist.map((item) => item.key)),
    descriptionWords: wordTokens(task.description),
    parentWords: parentTitle === null ? null : wordTokens(parentTitle),
  };
}

import type { Diagnostic, Item } from "../model/types.js";
import type { ValidationContext } from "./create-validation-context.js";
import { findPlaceholders } from "./find-placeholders.js";

interface Scanned {
  path: string;
  line: number;
  text: string;
  /** Where the text starts when the source is not at hand to find it in. */
  fallbackColumn: number;
  where: string;
}

/** `placeholder`: unfilled template text in ids, titles, field values and checklist items. */
export function checkPlaceholders(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const scan = ({ path, line, text, fallbackColumn, where }: Scanned) => {
    const placeholders = findPlaceholders(text);
    if (placeholders.length === 0) return;
    const start = context.columnOf(path, line, text);
    const counts = new Map<string, number>();
    for (const placeholder of placeholders) {
      const occurrence = counts.get(placeholder.text) ?? 0;
      counts.set(placeholder.text, occurrence + 1);
      const column =
        start !== undefined
          ? start + placeholder.index
          : (context.columnOf(path, line, placeholder.text, occurrence) ?? fallbackColumn + placeholder.index);
      // A title that repeats its id would otherwise report the same characters twice.
      const identity = `${path}\0${line}\0${column}\0${placeholder.text}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      diagnostics.push(
        context.diagnostic(
          "placeholder",
          { path, line, column },
          `Unfilled template placeholder "${placeholder.text}" in ${where}: replace it with the real value.`,
        ),
      );
    }
  };

  // An item's column is its `[`; its text nearly always starts after `[ ] `.
  const scanItem = (path: string, item: Item) =>
    scan({ path, line: item.line, text: item.text, fallbackColumn: item.column + 4, where: "a checklist item" });

  for (const { task, doc } of context.tasks) {
    const { path } = doc;
    if (task.id !== undefined) scan({ path, line: task.line, text: task.id, fallbackColumn: 1, where: "the task id" });
    scan({ path, line: task.line, text: task.title, fallbackColumn: 1, where: "the title" });
    for (const field of Object.values(task.rawFields)) {
      scan({ path, line: field.line, text: field.value, fallbackColumn: field.column, where: `the ${field.name} field` });
    }
    for (const item of task.checklist) scanItem(path, item);
  }
  for (const doc of context.documents) {
    for (const item of doc.checklist) scanItem(doc.path, item);
  }
  return diagnostics;
}

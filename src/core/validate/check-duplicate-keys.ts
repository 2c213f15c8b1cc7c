import type { Diagnostic } from "../model/types.js";
import { displayKey, type ValidationContext } from "./create-validation-context.js";

/** `duplicate-key`: every occurrence of a key after its first (in path/line order). */
export function checkDuplicateKeys(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [key, refs] of context.byKey) {
    const [first, ...others] = refs;
    if (!first) continue;
    for (const { task, doc } of others) {
      const shown = displayKey(key, doc.path);
      const column = context.columnOf(doc.path, task.line, task.id ?? task.title) ?? 1;
      const where = `${first.doc.path}:${first.task.line}`;
      diagnostics.push(
        context.diagnostic(
          "duplicate-key",
          { path: doc.path, line: task.line, column },
          `Duplicate key "${shown}": the task at ${where} already has it. Give this task a new id; neither task is synced until then.`,
        ),
      );
    }
  }
  return diagnostics;
}

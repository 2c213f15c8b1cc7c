import type { Diagnostic } from "../model/types.js";
import { DEPENDENCY_FIELDS, displayKey, rawField, type ValidationContext } from "./create-validation-context.js";

/** `unknown-dependency`: a `dependsOn` key that no task has, pointed at where it is written. */
export function checkUnknownDependencies(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { task, doc } of context.tasks) {
    const field = rawField(task, ...DEPENDENCY_FIELDS);
    const line = field?.line ?? task.line;
    for (const key of new Set(task.dependsOn)) {
      if (context.byKey.has(key)) continue;
      const shown = displayKey(key, doc.path);
      const column = context.columnOf(doc.path, line, shown) ?? field?.column ?? 1;
      diagnostics.push(
        context.diagnostic(
          "unknown-dependency",
          { path: doc.path, line, column },
          `Unknown dependency "${shown}": no task has this key. Fix the id or add the task.`,
        ),
      );
    }
  }
  return diagnostics;
}

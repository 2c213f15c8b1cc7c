import type { Diagnostic } from "../model/types.js";
import { displayKey, rawField, type ValidationContext } from "./create-validation-context.js";
import { isTaskDone } from "./is-task-done.js";

const KEYS_SHOWN = 10;

/** `parent-done-open-children`: a done task whose child tasks are not all done (or cancelled). */
export function checkParentDone(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { task, doc } of context.tasks) {
    if (!isTaskDone(task)) continue;
    const children = context.childrenOf.get(task.key) ?? [];
    const open = children.filter(({ task: child }) => !isTaskDone(child) && child.fields.status !== "cancelled");
    if (open.length === 0) continue;
    // Point at what makes the task done: its box, else its status.
    const field = task.checkbox?.checked ? undefined : rawField(task, "status");
    const line = task.checkbox?.checked ? task.checkbox.line : (field?.line ?? task.line);
    const column = task.checkbox?.checked
      ? task.checkbox.column
      : ((field && context.columnOf(doc.path, line, field.value.trim())) ?? field?.column ?? 1);
    const names = open.slice(0, KEYS_SHOWN).map(({ task: child }) => displayKey(child.key, doc.path));
    const rest = open.length > KEYS_SHOWN ? ` and ${open.length - KEYS_SHOWN} more` : "";
    diagnostics.push(
      context.diagnostic(
        "parent-done-open-children",
        { path: doc.path, line, column },
        `"${displayKey(task.key, doc.path)}" is done but ${open.length} of its ${children.length} child tasks ${open.length === 1 ? "is" : "are"} not: ${names.join(", ")}${rest}. Finish or cancel ${open.length === 1 ? "it" : "them"}, or reopen this task.`,
      ),
    );
  }
  return diagnostics;
}

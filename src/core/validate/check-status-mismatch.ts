import type { Diagnostic, Status } from "../model/types.js";
import { rawField, type ValidationContext } from "./create-validation-context.js";

/**
 * Statuses that say the work itself is not finished. `in review` is left out on purpose: all
 * boxes ticked while the work waits for review is the normal state of a task, not a mismatch.
 * `cancelled` closes the issue whatever the boxes say.
 */
const UNFINISHED: ReadonlySet<Status> = new Set(["todo", "in progress", "blocked", "on hold"]);

/** `status-mismatch`: the status field and the task's boxes say different things. */
export function checkStatusMismatch(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { task, doc } of context.tasks) {
    const status = task.fields.status;
    if (status === undefined) continue;
    const field = rawField(task, "status");
    const line = field?.line ?? task.line;
    const column = (field && context.columnOf(doc.path, line, field.value.trim())) ?? field?.column ?? 1;
    const written = field?.value.trim() ?? status;
    const report = (message: string) =>
      diagnostics.push(context.diagnostic("status-mismatch", { path: doc.path, line, column }, message));

    const open = task.checklist.filter((item) => !item.checked).length;
    if (status === "done") {
      if (task.checkbox && !task.checkbox.checked) {
        report(`Status is "${written}" but the task's own box is not ticked: tick it, or change the status.`);
      } else if (open > 0) {
        report(
          `Status is "${written}" but ${open} of ${task.checklist.length} checklist items are open: tick them, or change the status.`,
        );
      }
    } else if (UNFINISHED.has(status)) {
      if (task.checkbox?.checked) {
        report(`The task's own box is ticked but its status is "${written}": set the status to Done, or untick the box.`);
      } else if (task.checklist.length > 0 && open === 0) {
        report(`Every checklist item is ticked but the status is "${written}": set the status to Done, or untick what is not finished.`);
      }
    }
  }
  return diagnostics;
}

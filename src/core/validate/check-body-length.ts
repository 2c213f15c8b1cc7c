import type { Diagnostic, Document, Task } from "../model/types.js";
import { ISSUE_BODY_MAX } from "../limits.js";
import type { ValidationContext } from "./create-validation-context.js";

/** `body-too-long`: the task's issue body would be cut at GitHub's limit. */
export function checkBodyLength(
  context: ValidationContext,
  bodyLength: (task: Task, doc: Document) => number,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { task, doc } of context.tasks) {
    const length = bodyLength(task, doc);
    if (length <= ISSUE_BODY_MAX) continue;
    diagnostics.push(
      context.diagnostic(
        "body-too-long",
        { path: doc.path, line: task.line, column: context.columnOf(doc.path, task.line, task.id ?? task.title) ?? 1 },
        `The issue body would be about ${format(length)} characters, over GitHub's limit of ${format(ISSUE_BODY_MAX)}: it will be cut, with a link to the source. Split the task, or move long content to a linked file.`,
      ),
    );
  }
  return diagnostics;
}

function format(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

import type { Diagnostic } from "../model/types.js";
import { SUB_ISSUES_PER_PARENT_MAX } from "../limits.js";
import { displayKey, type ValidationContext } from "./create-validation-context.js";

/** `too-many-children`: more child tasks than GitHub takes sub-issues under one issue. */
export function checkTooManyChildren(context: ValidationContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [parentKey, refs] of context.childrenOf) {
    const parent = context.byKey.get(parentKey)?.[0];
    if (!parent) continue;
    const children = [...new Set(refs.map(({ task }) => task.key))];
    if (children.length <= SUB_ISSUES_PER_PARENT_MAX) continue;
    const { task, doc } = parent;
    const left = children.length - SUB_ISSUES_PER_PARENT_MAX;
    const firstLeft = displayKey(children[SUB_ISSUES_PER_PARENT_MAX]!, doc.path);
    diagnostics.push(
      context.diagnostic(
        "too-many-children",
        { path: doc.path, line: task.line, column: context.columnOf(doc.path, task.line, task.id ?? task.title) ?? 1 },
        `"${displayKey(parentKey, doc.path)}" has ${children.length} child tasks but GitHub links at most ${SUB_ISSUES_PER_PARENT_MAX} sub-issues to one issue: the last ${left} (from "${firstLeft}") will not be linked. Group the child tasks under intermediate tasks.`,
      ),
    );
  }
  return diagnostics;
}

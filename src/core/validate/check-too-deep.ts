import type { Diagnostic } from "../model/types.js";
import { SUB_ISSUE_DEPTH_MAX } from "../limits.js";
import { displayKey, type ValidationContext } from "./create-validation-context.js";

/**
 * `too-deep`: reported once per branch, on the first task below the deepest level GitHub
 * nests (a top-level task is level 1), with the number of tasks under it that are cut off too.
 */
export function checkTooDeep(context: ValidationContext): Diagnostic[] {
  const depth = new Map<string, number>();
  const parentOf = (key: string): string | undefined => {
    const parentKey = context.byKey.get(key)?.[0]?.task.parentKey;
    return parentKey !== undefined && context.byKey.has(parentKey) ? parentKey : undefined;
  };
  // Walks up iteratively (a 10,000-level chain must not overflow the stack); a loop of parents,
  // which no document structure produces, is cut where it is found.
  for (const key of context.byKey.keys()) {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let current: string | undefined = key;
    while (current !== undefined && !depth.has(current) && !onChain.has(current)) {
      chain.push(current);
      onChain.add(current);
      current = parentOf(current);
    }
    let level = current !== undefined && depth.has(current) ? depth.get(current)! : 0;
    for (let i = chain.length - 1; i >= 0; i--) depth.set(chain[i]!, ++level);
  }
  if (![...depth.values()].some((level) => level > SUB_ISSUE_DEPTH_MAX)) return [];

  const below = new Map<string, number>();
  for (const [key, level] of [...depth].sort((a, b) => b[1] - a[1])) {
    const parent = parentOf(key);
    if (parent !== undefined && level > 1) below.set(parent, (below.get(parent) ?? 0) + (below.get(key) ?? 0) + 1);
  }

  const diagnostics: Diagnostic[] = [];
  for (const [key, level] of depth) {
    if (level !== SUB_ISSUE_DEPTH_MAX + 1) continue;
    const { task, doc } = context.byKey.get(key)![0]!;
    const under = below.get(key) ?? 0;
    const cut = under > 0 ? `it and the ${under} task${under === 1 ? "" : "s"} below it` : "it";
    diagnostics.push(
      context.diagnostic(
        "too-deep",
        { path: doc.path, line: task.line, column: context.columnOf(doc.path, task.line, task.id ?? task.title) ?? 1 },
        `"${displayKey(key, doc.path)}" is nested ${level} levels deep but GitHub nests sub-issues at most ${SUB_ISSUE_DEPTH_MAX} levels: ${cut} will not be linked under "${displayKey(task.parentKey ?? "", doc.path)}". Flatten the hierarchy.`,
      ),
    );
  }
  return diagnostics;
}

import { SUB_ISSUE_DEPTH_MAX, SUB_ISSUES_PER_PARENT_MAX } from "../limits.js";
import type { Diagnostic, Task } from "../model/types.js";

export interface PlacedTask {
  task: Task;
  path: string;
}

/**
 * The parent each task's issue is to be linked under, within GitHub's limits: at most
 * SUB_ISSUES_PER_PARENT_MAX children per parent (the first ones in document order) and at
 * most SUB_ISSUE_DEPTH_MAX levels, the top-level issue counting as the first. Tasks beyond a
 * limit keep their issue but are not linked; a note says so.
 */
export function linkableParents(tasks: PlacedTask[]): { parents: Map<string, string>; notes: Diagnostic[] } {
  const byKey = new Map(tasks.map((placed) => [placed.task.key, placed]));
  const depths = new Map<string, number>();
  const depthOf = (key: string): number => {
    const chain: string[] = [];
    const onChain = new Set<string>();
    let current: string | undefined = key;
    let base = 0;
    while (current !== undefined) {
      const known = depths.get(current);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onChain.has(current)) break;
      chain.push(current);
      onChain.add(current);
      const parentKey: string | undefined = byKey.get(current)?.task.parentKey;
      current = parentKey !== undefined && byKey.has(parentKey) ? parentKey : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) depths.set(chain[i] ?? "", base + chain.length - i);
    return depths.get(key) ?? 1;
  };

  const parents = new Map<string, string>();
  const notes: Diagnostic[] = [];
  const childCount = new Map<string, number>();
  const overflow = new Map<string, number>();
  for (const { task, path } of tasks) {
    const parentKey = task.parentKey;
    if (parentKey === undefined || parentKey === task.key || !byKey.has(parentKey)) continue;
    if (depthOf(task.key) > SUB_ISSUE_DEPTH_MAX) {
      notes.push(note("too-deep", path, task.line,
        `Task "${task.key}" is nested deeper than ${SUB_ISSUE_DEPTH_MAX} levels: its issue is not linked as a sub-issue of "${parentKey}".`));
      continue;
    }
    const count = (childCount.get(parentKey) ?? 0) + 1;
    childCount.set(parentKey, count);
    if (count > SUB_ISSUES_PER_PARENT_MAX) {
      overflow.set(parentKey, (overflow.get(parentKey) ?? 0) + 1);
      continue;
    }
    parents.set(task.key, parentKey);
  }
  for (const [parentKey, extra] of overflow) {
    const parent = byKey.get(parentKey);
    if (!parent) continue;
    notes.push(note("too-many-children", parent.path, parent.task.line,
      `Task "${parentKey}" has ${SUB_ISSUES_PER_PARENT_MAX + extra} child tasks; GitHub allows ${SUB_ISSUES_PER_PARENT_MAX} sub-issues per issue, so the last ${extra} are not linked.`));
  }
  return { parents, notes };
}

function note(code: string, path: string, line: number, message: string): Diagnostic {
  return { code, severity: "notice", path, line, column: 1, message };
}

import type { Diagnostic } from "../model/types.js";
import { DEPENDENCY_FIELDS, displayKey, rawField, type ValidationContext } from "./create-validation-context.js";
import { findCycles } from "./find-cycles.js";

/** Keys listed in a cycle message before it is shortened; a 10,000-task loop is not a message. */
const KEYS_SHOWN = 12;

/**
 * `dependency-cycle`: each loop once, on the dependency line of its task that comes first in
 * path/line order, listing the loop (`TASK-001 → TASK-002 → TASK-001`).
 */
export function checkDependencyCycles(context: ValidationContext): Diagnostic[] {
  const keys = [...context.byKey.keys()];
  const number = new Map(keys.map((key, i) => [key, i]));
  const successors = keys.map((key) => {
    const targets = new Set<number>();
    for (const { task } of context.byKey.get(key)!) {
      for (const dependency of task.dependsOn) {
        const target = number.get(dependency);
        if (target !== undefined) targets.add(target);
      }
    }
    return [...targets];
  });

  return findCycles(successors).map(({ cycle, component }) => {
    const { task, doc } = context.byKey.get(keys[cycle[0]!]!)![0]!;
    const shown = (i: number) => displayKey(keys[i]!, doc.path);
    const loop = [...cycle, cycle[0]!].map(shown);
    const listed =
      loop.length > KEYS_SHOWN
        ? [...loop.slice(0, KEYS_SHOWN - 1), `… (${loop.length - KEYS_SHOWN} more)`, loop.at(-1)!]
        : loop;
    const others = component.length - cycle.length;
    const more = others > 0 ? ` ${others} more task${others === 1 ? " is" : "s are"} caught in the same loop.` : "";
    const field = rawField(task, ...DEPENDENCY_FIELDS);
    const line = field?.line ?? task.line;
    const column = (field && context.columnOf(doc.path, line, shown(cycle[1] ?? cycle[0]!))) ?? field?.column ?? 1;
    return context.diagnostic(
      "dependency-cycle",
      { path: doc.path, line, column },
      `Dependency cycle: ${listed.join(" → ")}: these tasks wait on each other, so none can start.${more} Remove one of the dependencies.`,
    );
  });
}

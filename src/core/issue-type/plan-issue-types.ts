import type { Diagnostic } from "../model/types.js";
import type { ProjectTask } from "../project/plan-project-fields.js";

export interface IssueTypeChange {
  key: string;
  number: number;
  /** The type's name as the organization spells it; null: no type. */
  type: string | null;
}

export interface IssueTypePlan {
  changes: IssueTypeChange[];
  /** Task types the organization does not define: they stay `type:` labels. One per type. */
  notes: Diagnostic[];
}

/**
 * Each task's issue type, where the organization defines issue types: the task's `type` (else
 * `fallback`) when the organization has a type of that name (case-insensitively), set only
 * when the issue's type differs. A type the organization lacks stays a label (render-labels)
 * and is a notice; an issue whose task names no known type keeps no type.
 */
export function planIssueTypes(input: {
  tasks: readonly ProjectTask[];
  /** The organization's type names. */
  types: readonly string[];
  /** Each issue's type now, by number (null: none). */
  current: ReadonlyMap<number, string | null>;
  fallback: string | null;
}): IssueTypePlan {
  const byName = new Map(input.types.map((name) => [name.toLowerCase(), name]));
  const changes: IssueTypeChange[] = [];
  const unknown = new Map<string, Diagnostic>();
  for (const { key, number, path, task } of input.tasks) {
    const wanted = task.fields.type ?? input.fallback;
    const type = wanted === null ? null : (byName.get(wanted.toLowerCase()) ?? null);
    if (wanted !== null && type === null && !unknown.has(wanted.toLowerCase())) {
      unknown.set(wanted.toLowerCase(), {
        code: "unknown-issue-type",
        severity: "notice",
        path,
        line: task.line,
        column: 1,
        message: `The organization has no issue type "${wanted}" (it has ${input.types.map((name) => `"${name}"`).join(", ")}): a \`type: ${wanted}\` label is used instead.`,
      });
    }
    const now = input.current.get(number) ?? null;
    if ((now ?? "").toLowerCase() !== (type ?? "").toLowerCase()) changes.push({ key, number, type });
  }
  return { changes, notes: [...unknown.values()] };
}

import { formatDiagnostics } from "../cli/format-diagnostics.js";
import { WORKFLOW_ANNOTATIONS_PER_LEVEL } from "../core/limits.js";
import type { Diagnostic } from "../core/model/types.js";

export interface WorkflowAnnotations {
  /** The workflow commands to print, in the order given. */
  commands: string;
  /** Diagnostics left out: GitHub would drop them anyway. */
  omitted: Diagnostic[];
}

/**
 * Diagnostics as workflow-command annotations (the rule code as title), at most as many of
 * each level as GitHub shows for a step: it drops the rest without a word, so they are left
 * to the job summary instead. Callers put the diagnostics that matter most first (those on
 * the files a pull request changes).
 */
export function workflowAnnotations(diagnostics: readonly Diagnostic[]): WorkflowAnnotations {
  const used = { error: 0, warning: 0, notice: 0 };
  const kept: Diagnostic[] = [];
  const omitted: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (used[d.severity] < WORKFLOW_ANNOTATIONS_PER_LEVEL) {
      used[d.severity] += 1;
      kept.push(d);
    } else {
      omitted.push(d);
    }
  }
  return { commands: formatDiagnostics(kept, "github"), omitted };
}

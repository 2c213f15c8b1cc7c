import type { Diagnostic } from "../core/model/types.js";
import { workflowCommand } from "./workflow-command.js";

export type DiagnosticFormat = "pretty" | "json" | "github";

/** Diagnostics the way linters print them: `path:line:col  severity  message  code`. */
export function formatDiagnostics(diagnostics: Diagnostic[], format: DiagnosticFormat): string {
  if (format === "json") return `${JSON.stringify({ diagnostics, counts: countBySeverity(diagnostics) }, null, 2)}\n`;
  if (format === "github") return diagnostics.map(annotation).join("");
  if (diagnostics.length === 0) return "No problems found.\n";
  const lines = diagnostics.map((d) => `${d.path}:${d.line}:${d.column}  ${d.severity.padEnd(7)}  ${d.message}  ${d.code}`);
  const counts = countBySeverity(diagnostics);
  const parts = (["error", "warning", "notice"] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}${counts[s] === 1 ? "" : "s"}`);
  return `${lines.join("\n")}\n\n${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} (${parts.join(", ")})\n`;
}

export function countBySeverity(diagnostics: Diagnostic[]): Record<Diagnostic["severity"], number> {
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** A diagnostic as a workflow annotation: the rule code is its title. */
function annotation(d: Diagnostic): string {
  return workflowCommand(d.severity, d.message, {
    file: d.path,
    line: d.line,
    col: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    title: d.code,
  });
}

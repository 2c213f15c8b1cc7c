import type { Diagnostic } from "../core/model/types.js";

export type DiagnosticFormat = "pretty" | "json" | "github";

/** Diagnostics the way linters print them: `path:line:col  severity  message  code`. */
export function formatDiagnostics(diagnostics: Diagnostic[], format: DiagnosticFormat): string {
  if (format === "json") return `${JSON.stringify({ diagnostics, counts: countBySeverity(diagnostics) }, null, 2)}\n`;
  if (format === "github") return diagnostics.map(workflowCommand).join("");
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

// GitHub Actions workflow commands: data is %-escaped, and property values also escape `:` and `,`
// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts).
function workflowCommand(d: Diagnostic): string {
  const level = d.severity === "notice" ? "notice" : d.severity;
  const props = [
    `file=${escapeProperty(d.path)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    ...(d.endLine !== undefined ? [`endLine=${d.endLine}`] : []),
    ...(d.endColumn !== undefined ? [`endColumn=${d.endColumn}`] : []),
    `title=${escapeProperty(d.code)}`,
  ];
  return `::${level} ${props.join(",")}::${escapeData(d.message)}\n`;
}

function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

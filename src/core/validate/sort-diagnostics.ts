import type { Diagnostic } from "../model/types.js";

/**
 * Sorted by path, line, column and code (then message), with exact repeats removed: the order
 * annotations appear in, and the same on every run.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(
    (a, b) =>
      compare(a.path, b.path) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.code, b.code) ||
      compare(a.message, b.message) ||
      RANK[a.severity] - RANK[b.severity] ||
      (a.endLine ?? 0) - (b.endLine ?? 0) ||
      (a.endColumn ?? 0) - (b.endColumn ?? 0),
  );
  return sorted.filter((diagnostic, i) => i === 0 || !same(diagnostic, sorted[i - 1]!));
}

function same(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.path === b.path &&
    a.line === b.line &&
    a.column === b.column &&
    a.code === b.code &&
    a.message === b.message &&
    a.endLine === b.endLine &&
    a.endColumn === b.endColumn
  );
}

const RANK = { error: 0, warning: 1, notice: 2 } as const;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

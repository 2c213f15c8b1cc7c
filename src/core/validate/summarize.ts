import type { Diagnostic, Severity } from "../model/types.js";
import { isRuleCode, RULES } from "./rules.js";

export interface RuleCount {
  code: string;
  /** The rule's title, or the code itself for a code the registry does not know. */
  title: string;
  count: number;
  bySeverity: Record<Severity, number>;
}

export interface DiagnosticSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  /** Most frequent first, then by code. */
  byRule: RuleCount[];
  /** The most severe diagnostic's severity, null when there are none. */
  worst: Severity | null;
  /** Paths with at least one diagnostic. */
  documents: number;
}

/** Counts for the CLI's last line and the check run's summary. */
export function summarize(diagnostics: readonly Diagnostic[]): DiagnosticSummary {
  const bySeverity = zero();
  const rules = new Map<string, RuleCount>();
  const paths = new Set<string>();
  for (const { code, severity, path } of diagnostics) {
    bySeverity[severity]++;
    paths.add(path);
    let rule = rules.get(code);
    if (!rule) {
      rule = { code, title: isRuleCode(code) ? RULES[code].title : code, count: 0, bySeverity: zero() };
      rules.set(code, rule);
    }
    rule.count++;
    rule.bySeverity[severity]++;
  }
  const byRule = [...rules.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const worst = bySeverity.error > 0 ? "error" : bySeverity.warning > 0 ? "warning" : bySeverity.notice > 0 ? "notice" : null;
  return { total: diagnostics.length, bySeverity, byRule, worst, documents: paths.size };
}

/** `2 errors, 1 warning, 0 notices`. */
export function formatCounts(summary: DiagnosticSummary): string {
  const { error, warning, notice } = summary.bySeverity;
  return [plural(error, "error"), plural(warning, "warning"), plural(notice, "notice")].join(", ");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function zero(): Record<Severity, number> {
  return { error: 0, warning: 0, notice: 0 };
}

import type { Diagnostic, Severity } from "../model/types.js";
import { isRuleCode, RULES } from "./rules.js";

/**
 * Gives each diagnostic its configured severity (`config.rules`), else its rule's default;
 * `off` drops it. A code the registry does not know keeps the severity it came with. Exported
 * for diagnostics made outside validate() (`invalid-config`, `renumbered-task`).
 */
export function applyRuleSeverities(
  diagnostics: readonly Diagnostic[],
  overrides: Readonly<Record<string, Severity | "off">>,
): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const configured = Object.hasOwn(overrides, diagnostic.code) ? overrides[diagnostic.code] : undefined;
    if (configured === "off") continue;
    const severity = configured ?? (isRuleCode(diagnostic.code) ? RULES[diagnostic.code].severity : diagnostic.severity);
    result.push(severity === diagnostic.severity ? diagnostic : { ...diagnostic, severity });
  }
  return result;
}

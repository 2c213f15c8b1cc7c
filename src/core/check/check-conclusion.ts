import type { Config } from "../config/schema.js";
import type { Diagnostic } from "../model/types.js";
import type { CheckConclusion } from "./types.js";

/**
 * Errors fail the run (or leave it neutral, when configured), warnings give what the config
 * says (success by default), notices never change it.
 */
export function checkConclusion(
  diagnostics: readonly Pick<Diagnostic, "severity">[],
  config: Pick<Config, "checkRun">,
): CheckConclusion {
  if (diagnostics.some((d) => d.severity === "error")) return config.checkRun.conclusionOnErrors;
  if (diagnostics.some((d) => d.severity === "warning")) return config.checkRun.conclusionOnWarnings;
  return "success";
}

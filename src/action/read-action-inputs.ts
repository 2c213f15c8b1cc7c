import { isAbsolute } from "node:path";
import { CONFIG_PATH } from "../core/config/parse-config.js";

export interface ActionInputs {
  mode: "validate" | "sync";
  /** Globs that replace the config's `paths`; null keeps them. */
  paths: string[] | null;
  /** Repository-relative path of the config file. */
  config: string;
  /** Empty when the workflow passed none. */
  token: string;
  dryRun: boolean;
}

/**
 * The step's `with:` values. The runner passes each as `INPUT_<NAME>`, the name upper-cased
 * with spaces as `_` and dashes kept (`INPUT_DRY-RUN`); values are trimmed, as
 * @actions/core's getInput does. Booleans take YAML 1.2's core-schema spellings only, as its
 * getBooleanInput does, so that a typo is an error rather than a silent `false`.
 */
export function readActionInputs(env: Record<string, string | undefined>): ActionInputs {
  const input = (name: string) => (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
  const mode = input("mode");
  if (mode !== "validate" && mode !== "sync") {
    throw new Error(`input "mode" must be validate or sync${mode === "" ? "" : `, not "${mode}"`}`);
  }
  const config = input("config") || CONFIG_PATH;
  if (isAbsolute(config) || config.split(/[\\/]/).includes("..")) {
    throw new Error(`input "config" must be a path inside the repository, not "${config}"`);
  }
  // One glob a line: a comma can belong to a glob (`{a,b}.md`).
  const globs = input("paths")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return { mode, paths: globs.length > 0 ? globs : null, config, token: input("token"), dryRun: booleanInput("dry-run", input("dry-run")) };
}

function booleanInput(name: string, value: string): boolean {
  if (value === "" || ["false", "False", "FALSE"].includes(value)) return false;
  if (["true", "True", "TRUE"].includes(value)) return true;
  throw new Error(`input "${name}" must be true or false (YAML 1.2: true, True, TRUE, false, False, FALSE), not "${value}"`);
}

import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { Diagnostic } from "../model/types.js";
import { configSchema, type Config } from "./schema.js";

export const CONFIG_PATH = ".github/taskmirror.yml";

export interface ParsedConfig {
  /** null when the file is invalid: callers must not fall back to the defaults and act. */
  config: Config | null;
  diagnostics: Diagnostic[];
}

/**
 * Parses the text of `.github/taskmirror.yml`. Every problem becomes an `invalid-config`
 * diagnostic on the line of the offending key; the function never throws.
 */
export function parseConfigText(text: string | null, path = CONFIG_PATH): ParsedConfig {
  if (text === null || text.trim() === "") return checkConfig({}, path);
  const lineCounter = new LineCounter();
  // `yaml` builds a safe, data-only document: no tags that construct code, and aliases are
  // bounded by maxAliasCount so a "billion laughs" file is refused rather than expanded.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      config: null,
      diagnostics: doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return invalid(path, pos.line, pos.col, `The file is not valid YAML: ${firstLine(error.message)}`);
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { config: null, diagnostics: [invalid(path, 1, 1, `The file cannot be read: ${String(error)}`)] };
  }
  return checkConfig(value ?? {}, path, (keyPath) => locate(doc.contents, keyPath, lineCounter));
}

/**
 * Validates a config object that was already parsed (Probot's `context.config()`); `locate` maps
 * a key path to a position when the text is at hand.
 */
export function checkConfig(
  value: unknown,
  path = CONFIG_PATH,
  locate: (keyPath: readonly PropertyKey[]) => { line: number; column: number } = () => ({ line: 1, column: 1 }),
): ParsedConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { config: null, diagnostics: [invalid(path, 1, 1, "The configuration must be a mapping of keys to values.")] };
  }
  const result = configSchema.safeParse(value);
  if (result.success) return { config: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.map((issue) => {
    const keyPath = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    const { line, column } = locate(keyPath);
    const where = keyPath.length > 0 ? `\`${keyPath.map(String).join(".")}\`: ` : "";
    const what =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : issue.message;
    return invalid(path, line, column, `${where}${what}.`);
  });
  return { config: null, diagnostics };
}

function locate(root: unknown, keyPath: readonly PropertyKey[], lineCounter: LineCounter): { line: number; column: number } {
  let node = root as Node | null | undefined;
  let offset = 0;
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function invalid(path: string, line: number, column: number, message: string): Diagnostic {
  return { code: "invalid-config", severity: "error", path, line, column, message };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

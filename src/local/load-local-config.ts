import { readFile } from "node:fs/promises";
import { parseConfigText, type ParsedConfig } from "../core/config/parse-config.js";

/**
 * Reads a taskmirror.yml from disk. `path` names it in diagnostics (repository-relative, so
 * an annotation lands on the file). A missing file means the defaults unless it was asked
 * for by name (`required`): then, like any unreadable file, it is an error.
 */
export async function loadLocalConfig(file: string, path: string, required: boolean): Promise<ParsedConfig> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" && !required) return null;
    throw new Error(`cannot read config ${path}: ${error.message}`, { cause: error });
  });
  return parseConfigText(text, path);
}

import { readFile, stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import { glob } from "tinyglobby";
import type { Config } from "../core/config/schema.js";
import { taskPathMatcher } from "../github/task-path-matcher.js";

export interface LocalFile {
  /** Path relative to the root, with `/` separators: the same path the repository would show. */
  path: string;
  text: string;
}

export interface LoadResult {
  files: LocalFile[];
  /** Arguments that named nothing readable. */
  missing: string[];
}

/**
 * Reads the task documents named on the command line (relative to `cwd`): files as given,
 * directories searched with the configured globs. Paths are reported relative to `root`, the
 * repository's root, so that task keys match the keys the app computes from the repository
 * wherever the command is run from.
 */
export async function loadLocalDocuments(args: string[], config: Config, root: string, cwd = root): Promise<LoadResult> {
  const seen = new Set<string>();
  const files: LocalFile[] = [];
  const missing: string[] = [];
  const isTaskDocument = taskPathMatcher(config);
  // The globs are relative to the repository root, and a directory argument may be below it:
  // its files are matched by their root-relative path. Only ignores that mean the same from any
  // folder (`**/…`) prune the walk, and git's own folder always does.
  const prune = ["**/.git/**", ...config.ignore.filter((pattern) => pattern.startsWith("**/"))];
  const add = async (absolute: string) => {
    const path = relative(root, absolute).split(sep).join("/");
    if (seen.has(path)) return;
    seen.add(path);
    // Read as UTF-8 the way GitHub decodes a blob: invalid bytes become U+FFFD, which the reader
    // reports as encoding damage instead of failing.
    files.push({ path, text: await readFile(absolute, "utf8") });
  };
  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    const info = await stat(absolute).catch(() => null);
    if (info === null) {
      missing.push(arg);
    } else if (info.isDirectory()) {
      const found = await glob("**/*", { cwd: absolute, dot: true, ignore: prune, absolute: true, onlyFiles: true });
      for (const file of found.sort()) {
        if (isTaskDocument(relative(root, file).split(sep).join("/"))) await add(file);
      }
    } else {
      await add(absolute);
    }
  }
  return { files, missing };
}

import { readFile, stat } from "node:fs/promises";
import { relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { glob } from "tinyglobby";
import type { Config } from "../core/config/schema.js";

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
 * Reads the task documents named on the command line: files as given, directories searched
 * with the configured globs. Paths are reported relative to `root` so that task keys match the
 * keys the app computes from the repository.
 */
export async function loadLocalDocuments(args: string[], config: Config, root: string): Promise<LoadResult> {
  const seen = new Set<string>();
  const files: LocalFile[] = [];
  const missing: string[] = [];
  const ignored = picomatch(config.ignore, { dot: true });
  const add = async (absolute: string) => {
    const path = relative(root, absolute).split(sep).join("/");
    if (seen.has(path)) return;
    seen.add(path);
    // Read as UTF-8 the way GitHub decodes a blob: invalid bytes become U+FFFD, which the reader
    // reports as encoding damage instead of failing.
    files.push({ path, text: await readFile(absolute, "utf8") });
  };
  for (const arg of args) {
    const absolute = resolve(root, arg);
    const info = await stat(absolute).catch(() => null);
    if (info === null) {
      missing.push(arg);
    } else if (info.isDirectory()) {
      const found = await glob(config.paths, { cwd: absolute, dot: true, ignore: config.ignore, absolute: true, onlyFiles: true });
      for (const file of found.sort()) {
        if (!ignored(relative(root, file).split(sep).join("/"))) await add(file);
      }
    } else {
      await add(absolute);
    }
  }
  return { files, missing };
}

import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/**
 * The root of the git work tree that holds `path`: the nearest folder up from it with a
 * `.git` — a folder in a clone, a file in a linked worktree or a submodule. Found by walking
 * up, without running git (the CLI must work where git is not installed, as in a container).
 * null when `path` is in no work tree.
 */
export async function findRepositoryRoot(path: string): Promise<string | null> {
  const start = resolve(path);
  let dir = (await stat(start).catch(() => null))?.isDirectory() ? start : dirname(start);
  for (;;) {
    if (await stat(join(dir, ".git")).then(() => true, () => false)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

import picomatch from "picomatch";
import type { Config } from "../core/config/schema.js";

/** `path` is a task document when it matches the configured globs and none of the ignores. */
export function taskPathMatcher(config: Pick<Config, "paths" | "ignore">): (path: string) => boolean {
  const included = picomatch(config.paths, { dot: true });
  const ignored = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
  return (path) => included(path) && !ignored(path);
}

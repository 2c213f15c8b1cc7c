import type { Config } from "../core/config/schema.js";

/** The config with the Action's `paths` input, when given, in place of its globs. */
export function withPaths(config: Config, paths: string[] | null): Config {
  return paths === null ? config : { ...config, paths };
}

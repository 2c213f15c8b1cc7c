import { CONFIG_PATH, parseConfigText, type ParsedConfig } from "../core/config/parse-config.js";
import type { GitHubScope } from "./types.js";

/**
 * Reads `.github/taskmirror.yml` (or the Action's `config` path) at `ref` in one request. The
 * text itself (not Probot's parsed `context.config()`) is read so that an invalid key is
 * reported on its own line, and so that the CLI reads it the same way; a missing file means
 * the defaults.
 */
export async function loadConfig({ octokit, repo }: GitHubScope, ref: string, path = CONFIG_PATH): Promise<ParsedConfig> {
  let data: unknown;
  try {
    ({ data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path, ref }));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return parseConfigText(null, path);
    throw new Error(`cannot read ${path} at ${ref}: ${(error as Error).message}`, { cause: error });
  }
  const file = data as { type?: string; encoding?: string; content?: string };
  if (Array.isArray(data) || file.type !== "file" || file.encoding !== "base64" || typeof file.content !== "string") {
    return {
      config: null,
      diagnostics: [
        { code: "invalid-config", severity: "error", path, line: 1, column: 1, message: `${path} is not a readable file.` },
      ],
    };
  }
  return parseConfigText(Buffer.from(file.content, "base64").toString("utf8"), path);
}

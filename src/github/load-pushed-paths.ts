import type { PushFacts } from "./pushed-paths.js";
import type { GitHubScope } from "./types.js";

/** Files GitHub lists in a compare response at most, over all its pages. */
const COMPARE_FILES_MAX = 300;
const ZERO_SHA = /^0+$/;

/**
 * The files a push changed when its payload cannot tell: the compare API, or null when no API
 * can tell either (a force push, a new branch, over 300 files) — then everything is synced.
 */
export async function loadPushedPaths({ octokit, repo }: GitHubScope, push: PushFacts): Promise<string[] | null> {
  // `before...after` is a three-dot compare (from the merge base): for a force push it misses
  // the files of the commits the push dropped.
  if (push.forced || push.created || ZERO_SHA.test(push.before)) return null;
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
    ...repo,
    basehead: `${push.before}...${push.after}`,
    per_page: 1,
  });
  const files = data.files ?? [];
  if (files.length >= COMPARE_FILES_MAX) return null;
  return [...new Set(files.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename])))].sort();
}

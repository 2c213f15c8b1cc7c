import type { Rename } from "../core/plan/types.js";
import type { PushFacts } from "./pushed-paths.js";
import type { GitHubScope } from "./types.js";

/** Files GitHub lists in a compare response at most, over all its pages. */
const COMPARE_FILES_MAX = 300;
const ZERO_SHA = /^0+$/;

export interface PushedChanges {
  /** Every path the push changed, a renamed file under both its names, sorted. */
  paths: string[];
  /** Files the push renamed or moved (git's rename detection, as the compare reports it). */
  renames: Rename[];
}

/**
 * What a push changed, from the compare API (`before...after`): the files when the payload
 * cannot tell them, and the renames the payload never tells (it lists a moved file as removed
 * and added). Null when no API can tell (a force push, a new branch, over 300 files) — then
 * everything is synced, and moved documents are recognised by their content.
 */
export async function loadPushedChanges({ octokit, repo }: GitHubScope, push: PushFacts): Promise<PushedChanges | null> {
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
  return {
    paths: [...new Set(files.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename])))].sort(),
    renames: files.flatMap((file) =>
      file.status === "renamed" && file.previous_filename !== undefined ? [{ from: file.previous_filename, to: file.filename }] : [],
    ),
  };
}

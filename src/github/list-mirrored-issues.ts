import type { MirroredIssue } from "../core/plan/types.js";
import { PAGE_SIZE_MAX } from "../core/limits.js";
import { toMirroredIssue, type RestIssue } from "./to-mirrored-issue.js";
import type { GitHubScope } from "./types.js";

/**
 * Every issue the app mirrors, open or closed, found by the marker in its body — never by
 * title or label: the app created each of them, so listing by creator cannot miss one whose
 * labels a person removed. Two issues may carry the same key (a rekey half applied when a
 * sync stopped, a marker copied by hand): both are listed, and the matching decides which one
 * is the task's (src/core/plan/match-tasks.ts).
 */
export async function listMirroredIssues({ octokit, repo }: GitHubScope, botLogin: string): Promise<MirroredIssue[]> {
  const listed = (await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    state: "all",
    creator: botLogin,
    per_page: PAGE_SIZE_MAX,
  })) as RestIssue[];
  return listed.flatMap((issue) => toMirroredIssue(issue) ?? []).sort((a, b) => a.number - b.number);
}

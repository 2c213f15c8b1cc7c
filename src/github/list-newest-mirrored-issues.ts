import type { MirroredIssue } from "../core/plan/types.js";
import { PAGE_SIZE_MAX } from "../core/limits.js";
import { ownedMirroredIssues } from "./owned-mirrored-issues.js";
import type { RestIssue } from "./to-mirrored-issue.js";
import type { GitHubScope } from "./types.js";

/**
 * The app's mirrored issues among the repository's 100 newest issues, in one read and without
 * any filter: the look an applier takes right before it creates an issue, independently of the
 * sync's listing. An issue created since the listing (another instance, a create whose answer
 * was lost, a listing that missed it) is among the newest.
 */
export async function listNewestMirroredIssues({ octokit, repo }: GitHubScope, botLogin: string): Promise<MirroredIssue[]> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: PAGE_SIZE_MAX,
  });
  return ownedMirroredIssues(data as RestIssue[], botLogin);
}

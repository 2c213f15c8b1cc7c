import { errorText, statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { findRollingPullRequest } from "./find-rolling-pull-request.js";

/**
 * Makes the rolling branch ready for another commit and returns its open pull request's
 * number, if it has one. A branch with an open pull request is kept as it is (later ticks are
 * further commits on it); a missing branch is created from the default head, and one whose
 * pull request was merged or closed is reset to the default head, so a new pull request never
 * carries commits that were already decided on.
 */
export async function prepareRollingBranch(scope: GitHubScope, branch: string, defaultBranch: string): Promise<number | null> {
  const { octokit, repo, log } = scope;
  const open = await findRollingPullRequest(scope, branch, defaultBranch);

  let branchSha: string | null = null;
  try {
    branchSha = (await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  if (branchSha !== null && open !== null) return open;

  const head = (await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${defaultBranch}` })).data.object.sha;
  if (branchSha === null) {
    try {
      await octokit.request("POST /repos/{owner}/{repo}/git/refs", { ...repo, ref: `refs/heads/${branch}`, sha: head });
    } catch (error) {
      // The branch was missing a moment ago: "already exists" is this create, retried after
      // its answer was lost.
      if (statusOf(error) !== 422 || !/already exists/i.test(errorText(error))) throw error;
    }
    log.info({ branch, sha: head }, "created the rolling branch");
  } else if (branchSha !== head) {
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...repo, ref: `heads/${branch}`, sha: head, force: true });
    log.info({ branch, sha: head }, "reset the rolling branch to the default head");
  }
  return open;
}

import { statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { findRollingPullRequest } from "./find-rolling-pull-request.js";

export const ROLLING_PULL_REQUEST_TITLE = "Checkbox ticks from issues";

const ROLLING_PULL_REQUEST_BODY = [
  "Boxes ticked in mirrored issues that could not be committed to the default branch directly",
  "(it is protected, or `writeBack.mode` is `pull-request` in `.github/taskmirror.yml`).",
  "",
  "Each commit flips only checkbox bytes and credits the person who ticked. New ticks are added",
  "to this pull request until it is merged or closed.",
].join("\n");

/** Opens the rolling pull request once; an existing one (422) is looked up instead. */
export async function ensureRollingPullRequest(scope: GitHubScope, branch: string, defaultBranch: string): Promise<number> {
  const { octokit, repo } = scope;
  try {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", {
      ...repo,
      title: ROLLING_PULL_REQUEST_TITLE,
      head: branch,
      base: defaultBranch,
      body: ROLLING_PULL_REQUEST_BODY,
    });
    return data.number;
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    const existing = await findRollingPullRequest(scope, branch, defaultBranch);
    if (existing === null) throw error;
    return existing;
  }
}

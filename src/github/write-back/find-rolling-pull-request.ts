import type { GitHubScope } from "../types.js";

/** The number of the open pull request from the rolling branch into the default branch, or null. */
export async function findRollingPullRequest({ octokit, repo }: GitHubScope, branch: string, defaultBranch: string): Promise<number | null> {
  const { data: pulls } = await octokit.request("GET /repos/{owner}/{repo}/pulls", {
    ...repo,
    head: `${repo.owner}:${branch}`,
    base: defaultBranch,
    state: "open",
    per_page: 1,
  });
  return pulls[0]?.number ?? null;
}

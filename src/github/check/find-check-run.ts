import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";

/**
 * Whether this app already has a `taskmirror` run on `sha`, in one read. A push to a pull
 * request sends both `pull_request.synchronize` and `check_suite.requested`; the second one to
 * be handled finds the first one's run and leaves it alone.
 */
export async function findCheckRun({ octokit, repo }: GitHubScope, sha: string, appSlug: string): Promise<boolean> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...repo,
    ref: sha,
    check_name: CHECK_NAME,
    filter: "all",
  });
  return data.check_runs.some((run) => run.app?.slug === appSlug);
}

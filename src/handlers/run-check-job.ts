import { runPullRequestCheck } from "../github/check/run-pull-request-check.js";
import { serverUrlFor } from "../github/server-url.js";
import type { GitHubScope } from "../github/types.js";
import type { PullRequestCheckJob } from "../queue/job.js";
import { checkReport } from "./check-report.js";
import type { WorkReport } from "./handler-deps.js";

/**
 * A pull request's check run on its head. A re-requested run is re-run only when it is this
 * app's; a base the job does not name (a fork's re-run) is read from the pull request.
 */
export async function runCheckJob(scope: GitHubScope, job: PullRequestCheckJob, botLogin: string): Promise<WorkReport | undefined> {
  if (job.runApp !== undefined && job.runApp !== botLogin.replace(/\[bot\]$/, "")) {
    scope.log.debug({ app: job.runApp }, "check_run: another app's run");
    return undefined;
  }
  const baseSha =
    job.baseSha ??
    (await scope.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...scope.repo, pull_number: job.number })).data.base.sha;
  return checkReport(
    await runPullRequestCheck(
      scope,
      { number: job.number, headSha: job.headSha, baseSha, fresh: job.fresh },
      { botLogin, serverUrl: serverUrlFor(scope.octokit) },
    ),
  );
}

import type { CheckOutput } from "../../core/check/types.js";
import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";

export interface NewCheckRun {
  headSha: string;
  /** The pull request number: a re-run of the check finds its pull request by it (forks included). */
  pullNumber: number;
  output: CheckOutput;
  detailsUrl?: string;
}

/** Creates the `taskmirror` run `in_progress` on the head commit and returns its id. */
export async function createCheckRun({ octokit, repo }: GitHubScope, run: NewCheckRun): Promise<number> {
  const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
    ...repo,
    name: CHECK_NAME,
    head_sha: run.headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
    external_id: String(run.pullNumber),
    ...(run.detailsUrl !== undefined ? { details_url: run.detailsUrl } : {}),
    output: run.output,
  });
  return Number(data.id);
}

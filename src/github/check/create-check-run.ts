import type { CheckOutput } from "../../core/check/types.js";
import { PAGE_SIZE_MAX } from "../../core/limits.js";
import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";
import { writeOnce } from "../write-once.js";

export interface NewCheckRun {
  headSha: string;
  /** The pull request number: a re-run of the check finds its pull request by it (forks included). */
  pullNumber: number;
  output: CheckOutput;
  /** The app's slug: a run found after a lost answer must be this app's. */
  appSlug: string;
  detailsUrl?: string;
}

/**
 * Creates the `taskmirror` run `in_progress` on the head commit and returns its id — once:
 * when the answer is lost, the head's runs are read and this app's run for the pull request
 * started by this attempt (GitHub keeps `started_at` to the second) is the one created.
 */
export async function createCheckRun(scope: GitHubScope, run: NewCheckRun): Promise<number> {
  const { octokit, repo, log } = scope;
  const startedAt = new Date();
  const since = Math.floor(startedAt.getTime() / 1000) * 1000;
  return writeOnce(log, {
    what: { checkRun: CHECK_NAME, sha: run.headSha },
    write: async () => {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
        ...repo,
        name: CHECK_NAME,
        head_sha: run.headSha,
        status: "in_progress",
        started_at: startedAt.toISOString(),
        external_id: String(run.pullNumber),
        ...(run.detailsUrl !== undefined ? { details_url: run.detailsUrl } : {}),
        output: run.output,
        request: { retries: 0 },
      });
      return Number(data.id);
    },
    find: async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
        ...repo,
        ref: run.headSha,
        check_name: CHECK_NAME,
        filter: "all",
        per_page: PAGE_SIZE_MAX,
      });
      const made = data.check_runs.find(
        (candidate) =>
          candidate.app?.slug === run.appSlug &&
          candidate.external_id === String(run.pullNumber) &&
          Date.parse(candidate.started_at ?? "") >= since,
      );
      return made ? Number(made.id) : undefined;
    },
  });
}

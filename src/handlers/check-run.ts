import type { Context } from "probot";
import { runPullRequestCheck } from "../github/check/run-pull-request-check.js";
import { CHECK_NAME } from "../github/report-invalid-config.js";
import { serverUrlFor } from "../github/server-url.js";
import type { GitHubScope } from "../github/types.js";
import { checkReport } from "./check-report.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";

type CheckRunContext = Context<"check_run.rerequested">;

/**
 * The "Re-run" button on a `taskmirror` run of this app: a fresh, complete run on the same
 * commit. The pull request comes from the payload, or — for a fork, whose pull requests GitHub
 * does not list on the run — from the run's `external_id`, where the run keeps its number.
 */
export async function handleCheckRun(context: CheckRunContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { check_run: run, repository } = payload;
  const log = context.log.child({ repo: repository.full_name, sha: run.head_sha, delivery: context.id });
  if (run.name !== CHECK_NAME) {
    log.debug({ name: run.name }, "check_run: not a taskmirror run");
    return;
  }
  const listed = run.pull_requests[0];
  const number = listed?.number ?? Number(run.external_id);
  if (!Number.isInteger(number) || number <= 0) {
    log.debug("check_run: no pull request to check");
    return;
  }
  const repo = { owner: repository.owner.login, repo: repository.name };
  const scope: GitHubScope = { octokit: context.octokit, log: log.child({ pull: number }), repo };
  const event = { repository: repository.full_name, sender: payload.sender.login, name: "check_run", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) => {
    if (run.app?.slug !== botLogin.replace(/\[bot\]$/, "")) {
      log.debug({ app: run.app?.slug }, "check_run: another app's run");
      return undefined;
    }
    const baseSha = listed?.base.sha ?? (await context.octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: number })).data.base.sha;
    return checkReport(
      await runPullRequestCheck(scope, { number, headSha: run.head_sha, baseSha, fresh: true }, { botLogin, serverUrl: serverUrlFor(context.octokit) }),
    );
  });
}

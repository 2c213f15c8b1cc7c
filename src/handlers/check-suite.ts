import type { Context } from "probot";
import { runPullRequestCheck } from "../github/check/run-pull-request-check.js";
import { serverUrlFor } from "../github/server-url.js";
import type { GitHubScope } from "../github/types.js";
import { checkReport } from "./check-report.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";

export const CHECK_SUITE_EVENTS = ["check_suite.requested", "check_suite.rerequested"] as const;

type CheckSuiteContext = Context<(typeof CHECK_SUITE_EVENTS)[number]>;

/**
 * GitHub asks for checks on every push (`requested`) and when someone re-runs all checks
 * (`rerequested`). Only a suite with a pull request is checked — GitHub lists the pull requests
 * of this repository only, so a fork's pushes come through `pull_request.synchronize`. A
 * requested suite whose head already has a run (made for `pull_request.synchronize`) is not
 * checked twice; a rerequested one always gets a fresh run.
 */
export async function handleCheckSuite(context: CheckSuiteContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { check_suite: suite, repository } = payload;
  const log = context.log.child({ repo: repository.full_name, sha: suite.head_sha, delivery: context.id });
  // One run per head: with several pull requests on one commit, the first one's is the run.
  const pull = suite.pull_requests[0];
  if (!pull) {
    log.debug({ action: payload.action }, "check_suite: no pull request");
    return;
  }
  const scope: GitHubScope = { octokit: context.octokit, log, repo: { owner: repository.owner.login, repo: repository.name } };
  const event = { repository: repository.full_name, sender: payload.sender.login, name: "check_suite", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) =>
    checkReport(
      await runPullRequestCheck(
        scope,
        { number: pull.number, headSha: suite.head_sha, baseSha: pull.base.sha, fresh: payload.action === "rerequested" },
        { botLogin, serverUrl: serverUrlFor(context.octokit) },
      ),
    ),
  );
}

import type { Context } from "probot";
import { runPullRequestCheck } from "../github/check/run-pull-request-check.js";
import { serverUrlFor } from "../github/server-url.js";
import type { GitHubScope } from "../github/types.js";
import { checkReport } from "./check-report.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";

export const PULL_REQUEST_EVENTS = ["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"] as const;

type PullRequestContext = Context<(typeof PULL_REQUEST_EVENTS)[number]>;

/**
 * A pull request opened, pushed to or reopened: its head gets a `taskmirror` check run when it
 * changes task documents. The head is read through the base repository, which holds a fork's
 * commits too. A reopened pull request gets a fresh run; the others leave alone a head that
 * already has one (the `check_suite.requested` of the same push may have made it).
 */
export async function handlePullRequest(context: PullRequestContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { pull_request: pull, repository } = payload;
  const log = context.log.child({ repo: repository.full_name, pull: pull.number, delivery: context.id });
  const scope: GitHubScope = { octokit: context.octokit, log, repo: { owner: repository.owner.login, repo: repository.name } };
  const event = { repository: repository.full_name, sender: payload.sender.login, name: "pull_request", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) =>
    checkReport(
      await runPullRequestCheck(
        scope,
        { number: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha, fresh: payload.action === "reopened" },
        { botLogin, serverUrl: serverUrlFor(context.octokit) },
      ),
    ),
  );
}

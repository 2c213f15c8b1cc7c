import type { Context } from "probot";
import type { PullRequestCheckJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

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
  const base = jobBaseOf(context, "check", { owner: repository.owner.login, repo: repository.name }, payload.sender.login);
  if (!base) return;
  const job: PullRequestCheckJob = {
    ...base,
    kind: "pull-request-check",
    number: pull.number,
    headSha: pull.head.sha,
    baseSha: pull.base.sha,
    fresh: payload.action === "reopened",
  };
  await submitJob(deps, job);
}

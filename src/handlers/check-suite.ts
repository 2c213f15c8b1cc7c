import type { Context } from "probot";
import type { PullRequestCheckJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

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
  const base = jobBaseOf(context, "check", { owner: repository.owner.login, repo: repository.name }, payload.sender.login);
  if (!base) return;
  const job: PullRequestCheckJob = {
    ...base,
    kind: "pull-request-check",
    number: pull.number,
    headSha: suite.head_sha,
    baseSha: pull.base.sha,
    fresh: payload.action === "rerequested",
  };
  await submitJob(deps, job);
}

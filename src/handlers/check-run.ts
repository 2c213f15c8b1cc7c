import type { Context } from "probot";
import { CHECK_NAME } from "../github/report-invalid-config.js";
import type { PullRequestCheckJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

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
  const base = jobBaseOf(context, "check", { owner: repository.owner.login, repo: repository.name }, payload.sender.login);
  if (!base) return;
  const job: PullRequestCheckJob = {
    ...base,
    kind: "pull-request-check",
    number,
    headSha: run.head_sha,
    ...(listed ? { baseSha: listed.base.sha } : {}),
    fresh: true,
    // Whether the run is this app's is known once the bot login is (in the runner).
    runApp: run.app?.slug ?? "",
  };
  await submitJob(deps, job);
}

import type { Probot } from "probot";
import type { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { PermissionCache } from "../github/write-back/load-permission.js";
import { isTransient } from "../github/request-errors.js";
import type { GitHub, GitHubScope } from "../github/types.js";
import { runDelivery } from "../ops/run-delivery.js";
import type { Job } from "../queue/job.js";
import type { RunJob, RunOutcome } from "../queue/job-queue.js";
import type { HandlerDeps } from "./handler-deps.js";
import { runCheckJob } from "./run-check-job.js";
import { runSyncJob } from "./run-sync-job.js";
import { runTicksJob } from "./run-ticks-job.js";

export interface JobRunnerDeps extends HandlerDeps {
  batcher: TickBatcher;
  permissions?: PermissionCache;
}

/**
 * Turns a recorded job back into work: the installation's client from the app
 * (`app.auth(installationId)`, its token cached by Probot), a log bound to the repository and
 * the delivery, and the work itself inside `runDelivery` — one summary line per delivery. Events
 * the app's own writes caused are dropped here, once the bot login is known: the first half of
 * "no loops". A failure that may pass is rethrown while attempts remain, for the queue to retry.
 */
export function jobRunner(app: Probot, deps: JobRunnerDeps): RunJob {
  return async (job, _lease, attempt): Promise<RunOutcome | void> => {
    const octokit = (await app.auth(job.installationId)) as unknown as GitHub;
    const log = app.log.child({ repo: `${job.owner}/${job.repo}`, delivery: job.delivery?.id ?? job.id, ...bindingsOf(job) });
    const scope: GitHubScope = { octokit, log, repo: { owner: job.owner, repo: job.repo } };
    const retry = (error: unknown) => !attempt.last && isTransient(error);
    let written: Promise<void> | undefined;
    // A job without a delivery (a reconcile) is reported under its kind and reason.
    const event = job.delivery?.event ?? (job.kind === "sync" ? `${job.kind}.${job.reason}` : job.kind);
    await runDelivery(
      { id: job.delivery?.id ?? job.id, event, octokit },
      log,
      async () => {
        const botLogin = await deps.botLogin();
        if (job.sender === botLogin) {
          log.debug(`${event}: sent by the app itself`);
          return undefined;
        }
        switch (job.kind) {
          case "sync":
            return runSyncJob(scope, job, botLogin);
          case "pull-request-check":
            return runCheckJob(scope, job, botLogin);
          case "ticks": {
            const run = await runTicksJob(scope, job, botLogin, deps);
            written = run.written;
            return run.report;
          }
        }
      },
      { retry },
    );
    // The batch's failure was logged where it was written; only one that may pass is retried.
    if (written) return { keepUntil: written.catch((error: unknown) => (retry(error) ? Promise.reject(error) : undefined)) };
  };
}

function bindingsOf(job: Job): Record<string, unknown> {
  switch (job.kind) {
    case "ticks":
      return { issue: job.issue };
    case "pull-request-check":
      return { pull: job.number, sha: job.headSha };
    case "sync":
      return {};
  }
}

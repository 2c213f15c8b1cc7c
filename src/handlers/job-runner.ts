import type { Probot } from "probot";
import type { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { PermissionCache } from "../github/write-back/load-permission.js";
import { MemoryTagStore } from "../github/memory-tag-store.js";
import type { RepositoryTagStore } from "../github/repository-tag-store.js";
import { isTransient } from "../github/request-errors.js";
import type { GitHub, GitHubScope } from "../github/types.js";
import { runDelivery } from "../ops/run-delivery.js";
import type { Job } from "../queue/job.js";
import type { RunJob, RunOutcome } from "../queue/job-queue.js";
import type { HandlerDeps } from "./handler-deps.js";
import { runCheckJob } from "./run-check-job.js";
import { runProjectItemJob } from "./run-project-item-job.js";
import { runSyncJob } from "./run-sync-job.js";
import { runTicksJob } from "./run-ticks-job.js";

export interface JobRunnerDeps extends HandlerDeps {
  batcher: TickBatcher;
  permissions?: PermissionCache;
  /** The ETags of each repository's last converged reconcile (Redis with several instances). */
  tags?: RepositoryTagStore;
}

/**
 * Turns a recorded job back into work: the installation's client from the app
 * (`app.auth(installationId)`, its token cached by Probot), a log bound to the repository and
 * the delivery, and the work itself inside `runDelivery` — one summary line per delivery. Events
 * the app's own writes caused are dropped here, once the bot login is known: the first half of
 * "no loops". A failure that may pass is rethrown while attempts remain, for the queue to retry.
 */
export function jobRunner(app: Probot, deps: JobRunnerDeps): RunJob {
  const tags = deps.tags ?? new MemoryTagStore();
  return async (job, lease, attempt): Promise<RunOutcome | void> => {
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
            return runSyncJob(scope, job, botLogin, { tags, submit: (next, options) => deps.jobs.submit(next, options), signal: lease.signal, ...(deps.permissions ? { permissions: deps.permissions } : {}) });
          case "pull-request-check":
            return runCheckJob(scope, job, botLogin);
          case "ticks": {
            const run = await runTicksJob(scope, job, botLogin, deps);
            written = run.written;
            return run.report;
          }
          case "project-item": {
            const run = await runProjectItemJob(scope, job, botLogin, deps);
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
    case "project-item":
      return { issue: job.issue };
    case "pull-request-check":
      return { pull: job.number, sha: job.headSha };
    case "sync":
      return {};
  }
}

import type { Probot } from "probot";
import { serverUrlFor } from "../github/server-url.js";
import { syncWithReport, type Submit } from "../github/sync-with-report.js";
import type { GitHub } from "../github/types.js";
import type { Job } from "../queue/job.js";
import type { RepoQueue } from "../queue/repo-queue.js";
import { syncReport } from "./sync-report.js";

/**
 * Runs submitted sync jobs in this process, on the repository's lane, after their delay: what
 * the app does until the durable queue (src/queue/job-queue.ts) is wired in, which keeps the
 * jobs across restarts. A job of another kind is refused: nothing here submits one.
 */
export function localSubmit(app: Probot, queue: RepoQueue, botLogin: () => Promise<string>): Submit {
  const submit: Submit = async (job: Job, options = {}) => {
    if (job.kind !== "sync") throw new Error(`local submit runs sync jobs only (got ${job.kind})`);
    const repository = `${job.owner}/${job.repo}`;
    const log = app.log.child({ repo: repository, job: job.id, reason: job.reason });
    const timer = setTimeout(() => {
      queue.enqueue(
        repository,
        async () => {
          const octokit = (await app.auth(job.installationId)) as unknown as GitHub;
          const result = await syncWithReport(
            { octokit, log, repo: { owner: job.owner, repo: job.repo } },
            { botLogin: await botLogin(), serverUrl: serverUrlFor(octokit), job, submit },
          );
          log.info({ ...(result ? syncReport(result) : { outcome: "deferred" }) }, `sync job done (${job.reason})`);
        },
        log,
      );
    }, options.delayMs ?? 0);
    timer.unref?.();
  };
  return submit;
}

import type { Context } from "probot";
import { RESYNC_ACTION } from "../github/check/write-sync-run.js";
import { CHECK_NAME } from "../github/report-invalid-config.js";
import type { SyncJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

/**
 * The "Resync" button of a sync report run (`check_run.requested_action`): a person asks for
 * the repository to be reconciled now — a sync job, reason `resync`, whose run first checks
 * that the person may write to the repository (src/handlers/run-sync-job.ts): GitHub shows the
 * button to everyone who can see the run, and anyone else's press does nothing but a log line.
 */
export async function handleCheckRunAction(context: Context<"check_run.requested_action">, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { check_run: run, repository, sender } = payload;
  const log = context.log.child({ repo: repository.full_name, sha: run.head_sha, delivery: context.id });
  const identifier = payload.requested_action?.identifier;
  if (run.name !== CHECK_NAME || identifier !== RESYNC_ACTION.identifier) {
    log.debug({ name: run.name, identifier }, "check_run.requested_action: not taskmirror's Resync");
    return;
  }
  if (run.app?.slug !== (await deps.botLogin()).replace(/\[bot\]$/, "")) {
    log.debug({ app: run.app?.slug }, "check_run.requested_action: another app's run");
    return;
  }
  const repo = { owner: repository.owner.login, repo: repository.name, defaultBranch: repository.default_branch };
  const base = jobBaseOf(context, "resync", repo, sender.login);
  if (!base) return;
  const job: SyncJob = { ...base, kind: "sync", reason: "resync", askedBy: sender.login, reportSha: run.head_sha };
  await submitJob(deps, job);
}

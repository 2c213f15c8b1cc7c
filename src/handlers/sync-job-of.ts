import type { Context } from "probot";
import { eventOf } from "../ops/event-of.js";
import type { SyncJob } from "../queue/job.js";

/** The sync a delivery asks for, as a job: what a continuation of a budgeted sync copies. */
export function syncJobOf(
  context: Pick<Context, "id" | "name" | "payload">,
  repo: { owner: string; repo: string },
  reason: SyncJob["reason"],
  extra: Partial<Pick<SyncJob, "reportSha" | "sender">> = {},
): SyncJob {
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id ?? 0;
  return {
    kind: "sync",
    id: `${context.id}:sync:${repo.owner}/${repo.repo}`,
    installationId,
    owner: repo.owner,
    repo: repo.repo,
    delivery: { id: context.id, event: eventOf(context as Parameters<typeof eventOf>[0]) },
    submittedAt: Date.now(),
    reason,
    ...extra,
  };
}

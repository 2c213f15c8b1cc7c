import type { Context, Probot } from "probot";
import { parseMarker } from "../core/render/marker.js";
import { diffIssueChecklists } from "../core/sync/diff-issue-checklists.js";
import { closedAsDone } from "../core/sync/closed-as-done.js";
import { DONE_ITEM_KEY, type ChecklistToggle } from "../core/sync/types.js";
import { flushTicks } from "../github/write-back/flush-ticks.js";
import type { PermissionCache } from "../github/write-back/load-permission.js";
import { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { ObservedOn } from "../ops/observe-deliveries.js";
import type { TicksJob } from "../queue/job.js";
import { repoQueue, type RepoQueue } from "../queue/repo-queue.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

export const ISSUE_EVENTS = ["issues.edited", "issues.closed", "issues.reopened"] as const;

export type IssueContext = Context<"issues.edited" | "issues.closed" | "issues.reopened">;

export interface IssueHandlerDeps extends HandlerDeps {
  batcher: TickBatcher;
  permissions?: PermissionCache;
}

let shared: TickBatcher | undefined;

/**
 * The process-wide batcher, on the process-wide repository queue (like `repoQueue`): ticks
 * for one document are gathered across deliveries, whichever Probot instance received them.
 */
export function sharedTickBatcher(queue: RepoQueue = repoQueue): TickBatcher {
  shared ??= new TickBatcher({
    queue,
    flush: async (batch) => {
      await flushTicks(batch.scope, batch);
    },
  });
  return shared;
}

const registered = new WeakSet<Probot>();

/**
 * Wires the issue → file direction of the two-way sync (once per app, however often it is
 * called) through `on`, the app's counted registration; returns the batcher, so a caller
 * (tests, a graceful shutdown) can wait for the ticks still waiting to be written.
 */
export function registerIssueHandlers(
  app: Probot,
  deps: HandlerDeps & { batcher?: TickBatcher; permissions?: PermissionCache },
  on: ObservedOn,
): TickBatcher {
  const batcher = deps.batcher ?? sharedTickBatcher(deps.queue);
  if (registered.has(app)) return batcher;
  registered.add(app);
  const issueDeps: IssueHandlerDeps = { ...deps, batcher };
  on(ISSUE_EVENTS, (context) => handleIssueEvent(context, issueDeps));
  return batcher;
}

/**
 * A person ticked boxes in a mirrored issue, or closed/reopened it: work out the toggles from
 * the payload alone (nothing to do → no request at all) and record them as a job. Its run
 * (src/handlers/run-ticks-job.ts) checks the config and the person's permission, and either
 * hands the toggles to the batcher or undoes them in the issue.
 */
export async function handleIssueEvent(context: IssueContext, deps: IssueHandlerDeps): Promise<void> {
  const { payload } = context;
  const { issue, repository, sender } = payload;
  const log = context.log.child({ repo: repository.full_name, issue: issue.number, delivery: context.id });
  const marker = parseMarker(issue.body ?? "");
  if (!marker) {
    log.debug("issues: not a mirrored issue");
    return;
  }
  const toggles = togglesOf(payload);
  if (toggles.length === 0) {
    log.debug({ action: payload.action }, "issues: no checkbox or done state changed");
    return;
  }
  const repo = { owner: repository.owner.login, repo: repository.name, defaultBranch: repository.default_branch };
  const base = jobBaseOf(context, "ticks", repo, sender.login);
  if (!base) return;
  const job: TicksJob = {
    ...base,
    kind: "ticks",
    issue: issue.number,
    path: marker.path,
    taskKey: marker.key,
    by: { login: sender.login, id: sender.id },
    ...(issue.user?.login !== undefined ? { author: issue.user.login } : {}),
    toggles: toggles.map((toggle) => ({ itemKey: toggle.itemKey, checked: toggle.checked })),
  };
  await submitJob(deps, job);
}

function togglesOf(payload: IssueContext["payload"]): ChecklistToggle[] {
  switch (payload.action) {
    case "edited": {
      const from = payload.changes.body?.from;
      if (typeof from !== "string") return [];
      return diffIssueChecklists(from, payload.issue.body ?? "");
    }
    case "closed":
      // Closed as not planned (or as a duplicate) says nothing about the task being done.
      return closedAsDone(payload.issue.state_reason ?? null) ? [{ itemKey: DONE_ITEM_KEY, checked: true }] : [];
    case "reopened":
      return [{ itemKey: DONE_ITEM_KEY, checked: false }];
  }
}

import type { Context, Probot } from "probot";
import { parseMarker } from "../core/render/marker.js";
import { diffIssueChecklists } from "../core/sync/diff-issue-checklists.js";
import { permissionAllows } from "../core/sync/permission-allows.js";
import { closedAsDone } from "../core/sync/closed-as-done.js";
import { DONE_ITEM_KEY, type ChecklistToggle } from "../core/sync/types.js";
import { loadConfig } from "../github/load-config.js";
import type { GitHubScope } from "../github/types.js";
import { flushTicks } from "../github/write-back/flush-ticks.js";
import { loadPermission, type PermissionCache } from "../github/write-back/load-permission.js";
import { revertUnpermittedTicks } from "../github/write-back/revert-unpermitted-ticks.js";
import { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { ObservedOn } from "../ops/observe-deliveries.js";
import { repoQueue, type RepoQueue } from "../queue/repo-queue.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";

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
 * the payload alone (nothing to do → no request at all), then, on the repository's queue,
 * check the config and the person's permission, and either hand the toggles to the batcher or
 * undo them in the issue.
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

  const owner = repository.owner.login;
  const scope: GitHubScope = { octokit: context.octokit, log, repo: { owner, repo: repository.name } };
  const event = { repository: repository.full_name, sender: sender.login, name: "issues", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) => {
    if (issue.user?.login !== botLogin) {
      log.debug({ author: issue.user?.login }, "issues: a marker in an issue the app did not create");
      return undefined;
    }
    const config = deps.batcher.waitingConfig(owner, repository.name) ?? (await loadConfig(scope, repository.default_branch)).config;
    if (!config) {
      log.warn("issues: invalid .github/taskmirror.yml: not writing ticks back");
      return undefined;
    }
    if (config.writeBack.mode === "off") {
      log.debug("issues: writeBack.mode is off");
      return undefined;
    }
    const required = config.writeBack.permission;
    const granted = await loadPermission(scope, sender.login, deps.permissions);
    if (!permissionAllows(granted, required)) {
      const reverted = await revertUnpermittedTicks(scope, { issue: issue.number, login: sender.login, required, toggles });
      return { planned: toggles.length, applied: 0, details: { reverted, ticks: toggles.length } };
    }
    deps.batcher.add({
      scope,
      path: marker.path,
      config,
      defaultBranch: repository.default_branch,
      toggles: toggles.map((toggle) => ({
        taskKey: marker.key,
        itemKey: toggle.itemKey,
        checked: toggle.checked,
        issue: issue.number,
        by: { login: sender.login, id: sender.id },
      })),
    });
    log.debug({ toggles: toggles.length, path: marker.path }, "issues: ticks waiting to be written");
    // The batch is written later, with its own line ("ticks written back").
    return { planned: toggles.length, applied: 0, details: { ticksQueued: toggles.length, path: marker.path } };
  });
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

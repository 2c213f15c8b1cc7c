import { permissionAllows } from "../core/sync/permission-allows.js";
import { loadConfig } from "../github/load-config.js";
import type { GitHubScope } from "../github/types.js";
import { loadPermission, type PermissionCache } from "../github/write-back/load-permission.js";
import { revertUnpermittedTicks } from "../github/write-back/revert-unpermitted-ticks.js";
import type { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { TicksJob } from "../queue/job.js";
import type { WorkReport } from "./handler-deps.js";

export interface TicksRun {
  report: WorkReport | undefined;
  /** Settles when the batch holding the ticks was written (absent: nothing waits to be written). */
  written?: Promise<void>;
}

/**
 * A ticks job: check the config and the person's permission, then either hand the toggles to
 * the batcher (five ticks close together, one commit) or undo them in the issue.
 */
export async function runTicksJob(
  scope: GitHubScope,
  job: TicksJob,
  botLogin: string,
  deps: { batcher: TickBatcher; permissions?: PermissionCache },
): Promise<TicksRun> {
  const { log } = scope;
  if (job.author !== botLogin) {
    log.debug({ author: job.author }, "issues: a marker in an issue the app did not create");
    return { report: undefined };
  }
  const { owner, repo } = scope.repo;
  const defaultBranch = job.defaultBranch ?? (await scope.octokit.request("GET /repos/{owner}/{repo}", { owner, repo })).data.default_branch;
  const config = deps.batcher.waitingConfig(owner, repo) ?? (await loadConfig(scope, defaultBranch)).config;
  if (!config) {
    log.warn("issues: invalid .github/taskmirror.yml: not writing ticks back");
    return { report: undefined };
  }
  if (config.writeBack.mode === "off") {
    log.debug("issues: writeBack.mode is off");
    return { report: undefined };
  }
  const toggles = job.toggles;
  const required = config.writeBack.permission;
  const granted = await loadPermission(scope, job.by.login, deps.permissions);
  if (!permissionAllows(granted, required)) {
    const reverted = await revertUnpermittedTicks(scope, { issue: job.issue, login: job.by.login, required, toggles });
    return { report: { planned: toggles.length, applied: 0, details: { reverted, ticks: toggles.length } } };
  }
  const written = deps.batcher.add({
    scope,
    path: job.path,
    config,
    defaultBranch,
    toggles: toggles.map((toggle) => ({ taskKey: job.taskKey, itemKey: toggle.itemKey, checked: toggle.checked, issue: job.issue, by: job.by })),
  });
  log.debug({ toggles: toggles.length, path: job.path }, "issues: ticks waiting to be written");
  // The batch is written later, with its own line ("ticks written back").
  return { report: { planned: toggles.length, applied: 0, details: { ticksQueued: toggles.length, path: job.path } }, written };
}

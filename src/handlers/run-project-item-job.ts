import { parseProjectUrl } from "../core/project/parse-project-url.js";
import { permissionAllows } from "../core/sync/permission-allows.js";
import { DONE_ITEM_KEY } from "../core/sync/types.js";
import { loadConfig } from "../github/load-config.js";
import type { GitHubScope } from "../github/types.js";
import { loadPermission, type PermissionCache } from "../github/write-back/load-permission.js";
import type { TickBatcher } from "../github/write-back/tick-batcher.js";
import type { ProjectItemJob } from "../queue/job.js";
import type { TicksRun } from "./run-ticks-job.js";

/**
 * A board move: moved to the done option of the configured project's Status field, the task is
 * done in its file; moved out of it, not done — the same toggle a close or reopen of the issue
 * makes (the issue is closed or reopened with it), through the same permission rule and tick
 * batcher. Any other field edited on the board is the document's: the next sync sets it back.
 */
export async function runProjectItemJob(
  scope: GitHubScope,
  job: ProjectItemJob,
  botLogin: string,
  deps: { batcher: TickBatcher; permissions?: PermissionCache },
): Promise<TicksRun> {
  const { log, octokit } = scope;
  const { owner, repo } = scope.repo;
  // GraphQL gives a bot's login without `[bot]`.
  if (job.author !== botLogin.replace(/\[bot\]$/, "")) return { report: undefined };
  const defaultBranch = job.defaultBranch ?? (await octokit.request("GET /repos/{owner}/{repo}", { owner, repo })).data.default_branch;
  const config = deps.batcher.waitingConfig(owner, repo) ?? (await loadConfig(scope, defaultBranch)).config;
  const project = config?.project;
  const ref = project ? parseProjectUrl(project.url) : null;
  if (!config || !project || !ref || ref.ownerType !== "Organization" || ref.login.toLowerCase() !== job.organization.toLowerCase() || ref.number !== job.projectNumber) {
    log.debug("projects_v2_item: not the configured project");
    return { report: undefined };
  }
  const statusNames = project.fields.status === false ? [] : typeof project.fields.status === "string" ? [project.fields.status] : project.fields.status;
  if (!statusNames.some((field) => field.toLowerCase() === job.fieldName.toLowerCase())) return { report: undefined };
  const done = project.doneOption.toLowerCase();
  const checked = job.to === done ? true : job.from === done ? false : undefined;
  if (checked === undefined || config.writeBack.mode === "off") return { report: undefined };
  const required = config.writeBack.permission;
  const granted = await loadPermission(scope, job.by.login, deps.permissions);
  if (!permissionAllows(granted, required)) {
    // The next sync puts the board back as the document says.
    log.info({ login: job.by.login, required }, "projects_v2_item: no permission to change the task; the board follows the document");
    return { report: { planned: 1, applied: 0, details: { refused: 1 } } };
  }
  // The issue follows the board first, as a close or reopen by the person would have it: the
  // batcher writes a done state into the file only while its issue still shows it.
  if ((job.state === "closed") !== checked) {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: job.issue, ...(checked ? { state: "closed", state_reason: "completed" } : { state: "open" }) });
  }
  const written = deps.batcher.add({
    scope,
    path: job.path,
    config,
    defaultBranch,
    toggles: [{ taskKey: job.taskKey, itemKey: DONE_ITEM_KEY, checked, issue: job.issue, by: job.by }],
  });
  return { report: { planned: 1, applied: 0, details: { ticksQueued: 1, path: job.path } }, written };
}

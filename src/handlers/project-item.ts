import type { Context } from "probot";
import { parseProjectUrl } from "../core/project/parse-project-url.js";
import { parseMarker } from "../core/render/marker.js";
import { permissionAllows } from "../core/sync/permission-allows.js";
import { DONE_ITEM_KEY } from "../core/sync/types.js";
import { loadConfig } from "../github/load-config.js";
import { loadProjectItemIssue } from "../github/project/load-project-item-issue.js";
import type { GitHub, GitHubScope } from "../github/types.js";
import { loadPermission } from "../github/write-back/load-permission.js";
import { deliveryOf, enqueueUnlessOwnEvent } from "./handler-deps.js";
import type { IssueHandlerDeps } from "./issues.js";

export type ProjectItemContext = Context<"projects_v2_item.edited">;

interface FieldValueChange {
  field_type?: string;
  field_name?: string;
  project_number?: number;
  from?: unknown;
  to?: unknown;
}

/**
 * A person moved a mirrored issue's item on the configured project's board. Moved to the done
 * option of the Status field, the task is done in its file; moved out of it, not done — the
 * same toggle a close or reopen of the issue makes (the issue is closed or reopened with it),
 * through the same permission rule and tick batcher. Any other field edited on the board is the document's: the next sync sets it back.
 * GitHub sends this event for organization projects only; a user project's moves are not seen.
 */
export async function handleProjectItem(context: ProjectItemContext, deps: IssueHandlerDeps): Promise<void> {
  const { payload } = context;
  const { projects_v2_item: item, sender } = payload;
  const log = context.log.child({ projectItem: item.node_id, delivery: context.id });
  const change = (payload.changes as { field_value?: FieldValueChange } | undefined)?.field_value;
  if (item.content_type !== "Issue" || change?.field_type !== "single_select" || change.field_name === undefined) {
    log.debug("projects_v2_item: not a single-select change of an issue");
    return;
  }
  // The app's own writes to the board come back as this event: not worth a lookup.
  if (sender.login === (await deps.botLogin())) {
    log.debug("projects_v2_item: sent by the app itself");
    return;
  }
  const octokit = context.octokit as GitHub;
  const issue = await loadProjectItemIssue(octokit, item.content_node_id);
  const marker = issue ? parseMarker(issue.body) : null;
  if (!issue || !marker) {
    log.debug("projects_v2_item: not a mirrored issue");
    return;
  }
  const { owner, repo: name, defaultBranch } = issue.repository;
  const scope: GitHubScope = { octokit, log: log.child({ repo: `${owner}/${name}`, issue: issue.number }), repo: { owner, repo: name } };
  const event = { repository: `${owner}/${name}`, sender: sender.login, name: "projects_v2_item", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, scope.log, async (botLogin) => {
    // GraphQL gives a bot's login without `[bot]`.
    if (issue.author !== botLogin.replace(/\[bot\]$/, "")) return undefined;
    const config = deps.batcher.waitingConfig(owner, name) ?? (await loadConfig(scope, defaultBranch)).config;
    const project = config?.project;
    const ref = project ? parseProjectUrl(project.url) : null;
    if (!config || !project || !ref || ref.ownerType !== "Organization" || ref.login.toLowerCase() !== (payload.organization?.login ?? "").toLowerCase() || ref.number !== change.project_number) {
      scope.log.debug("projects_v2_item: not the configured project");
      return undefined;
    }
    const statusNames = project.fields.status === false ? [] : typeof project.fields.status === "string" ? [project.fields.status] : project.fields.status;
    if (!statusNames.some((field) => field.toLowerCase() === change.field_name!.toLowerCase())) return undefined;
    const done = project.doneOption.toLowerCase();
    const checked = optionName(change.to) === done ? true : optionName(change.from) === done ? false : undefined;
    if (checked === undefined || config.writeBack.mode === "off") return undefined;
    const required = config.writeBack.permission;
    const granted = await loadPermission(scope, sender.login, deps.permissions);
    if (!permissionAllows(granted, required)) {
      // The next sync puts the board back as the document says.
      scope.log.info({ login: sender.login, required }, "projects_v2_item: no permission to change the task; the board follows the document");
      return { planned: 1, applied: 0, details: { refused: 1 } };
    }
    // The issue follows the board first, as a close or reopen by the person would have it: the
    // batcher writes a done state into the file only while its issue still shows it.
    if ((issue.state === "closed") !== checked) {
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...scope.repo, issue_number: issue.number, ...(checked ? { state: "closed", state_reason: "completed" } : { state: "open" }) });
    }
    deps.batcher.add({
      scope,
      path: marker.path,
      config,
      defaultBranch,
      toggles: [{ taskKey: marker.key, itemKey: DONE_ITEM_KEY, checked, issue: issue.number, by: { login: sender.login, id: sender.id } }],
    });
    return { planned: 1, applied: 0, details: { ticksQueued: 1, path: marker.path } };
  });
}

/** A single-select change's `from`/`to`: the option object (`{ id, name, … }`), or null. */
function optionName(value: unknown): string | undefined {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === "string" ? name.toLowerCase() : undefined;
}

import type { Context } from "probot";
import { parseMarker } from "../core/render/marker.js";
import { loadProjectItemIssue } from "../github/project/load-project-item-issue.js";
import type { GitHub } from "../github/types.js";
import type { ProjectItemJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

export type ProjectItemContext = Context<"projects_v2_item.edited">;

interface FieldValueChange {
  field_type?: string;
  field_name?: string;
  project_number?: number;
  from?: unknown;
  to?: unknown;
}

/**
 * A person moved a mirrored issue's item on an organization project's board. The payload names
 * the item's content only by node id, so the issue (its marker, repository and state) is read
 * once here — one GraphQL query — and the move is recorded as a job for the issue's repository;
 * its run (src/handlers/run-project-item-job.ts) checks the config, the project and the
 * person's permission. GitHub sends this event for organization projects only.
 */
export async function handleProjectItem(context: ProjectItemContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { projects_v2_item: item, sender } = payload;
  const log = context.log.child({ projectItem: item.node_id, delivery: context.id });
  const change = (payload.changes as { field_value?: FieldValueChange } | undefined)?.field_value;
  if (item.content_type !== "Issue" || change?.field_type !== "single_select" || change.field_name === undefined || change.project_number === undefined) {
    log.debug("projects_v2_item: not a single-select change of an issue");
    return;
  }
  // The app's own writes to the board come back as this event: not worth a lookup.
  if (sender.login === (await deps.botLogin())) {
    log.debug("projects_v2_item: sent by the app itself");
    return;
  }
  const issue = await loadProjectItemIssue(context.octokit as GitHub, item.content_node_id);
  const marker = issue ? parseMarker(issue.body) : null;
  if (!issue || !marker) {
    log.debug("projects_v2_item: not a mirrored issue");
    return;
  }
  const { owner, repo, defaultBranch } = issue.repository;
  const base = jobBaseOf(context, "project-item", { owner, repo, defaultBranch }, sender.login);
  if (!base) return;
  const from = optionName(change.from);
  const to = optionName(change.to);
  const job: ProjectItemJob = {
    ...base,
    kind: "project-item",
    issue: issue.number,
    path: marker.path,
    taskKey: marker.key,
    author: issue.author ?? "",
    state: issue.state === "closed" ? "closed" : "open",
    by: { login: sender.login, id: sender.id },
    organization: payload.organization?.login ?? "",
    projectNumber: change.project_number,
    fieldName: change.field_name,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
  await submitJob(deps, job);
}

/** A single-select change's `from`/`to`: the option object (`{ id, name, … }`), or null. */
function optionName(value: unknown): string | undefined {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === "string" ? name.toLowerCase() : undefined;
}

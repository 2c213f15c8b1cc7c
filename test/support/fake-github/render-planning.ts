import type { FakeContext } from "./context.js";
import type { IssueTypeRecord, Iteration, Project, ProjectField, ProjectItem, SelectOption } from "./planning-state.js";
import { renderUser } from "./render-core.js";
import type { Issue } from "./types.js";

/** An `issue-type` as the REST API and webhooks show it (an issue's `type`, `GET /orgs/{org}/issue-types`). */
export function renderIssueType(type: IssueTypeRecord): Record<string, unknown> {
  return {
    id: type.id,
    node_id: type.nodeId,
    name: type.name,
    description: type.description,
    color: type.color,
    created_at: type.createdAt,
    updated_at: type.updatedAt,
    is_enabled: type.isEnabled,
  };
}

/** An issue's `type` in REST and webhook payloads: null when it has none. */
export function renderTypeOfIssue(ctx: FakeContext, issue: Issue): Record<string, unknown> | null {
  const type = ctx.state.planning.typeOfIssue(issue.id);
  return type === undefined ? null : renderIssueType(type);
}

/** `projects-v2-item`: the item of a `projects_v2_item` webhook. */
export function renderProjectItem(ctx: FakeContext, project: Project, item: ProjectItem): Record<string, unknown> {
  const issue = ctx.state.issues.get(item.issueId) as Issue;
  return {
    id: item.id,
    node_id: item.nodeId,
    project_node_id: project.nodeId,
    content_node_id: issue.nodeId,
    content_type: issue.pullNumber === null ? "Issue" : "PullRequest",
    creator: renderUser(ctx, item.creator),
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    archived_at: item.archivedAt,
  };
}

function renderOption(option: SelectOption): Record<string, unknown> {
  return { id: option.id, name: option.name, color: option.color, description: option.description };
}

function renderIteration(iteration: Iteration): Record<string, unknown> {
  return { id: iteration.id, title: iteration.title, duration: iteration.duration, start_date: iteration.startDate };
}

/**
 * A field value as `changes.field_value.from`/`to` carry it: the option or iteration object for
 * single-select and iteration fields, the plain value otherwise, null when empty.
 */
export function renderChangeValue(field: ProjectField, item: ProjectItem): unknown {
  const stored = item.values.get(field.id)?.value;
  if (stored === undefined) return null;
  switch (stored.kind) {
    case "singleSelect": {
      const option = field.options.find((candidate) => candidate.id === stored.optionId);
      return option === undefined ? null : renderOption(option);
    }
    case "iteration": {
      const iteration = field.iterations.find((candidate) => candidate.id === stored.iterationId);
      return iteration === undefined ? null : renderIteration(iteration);
    }
    case "number":
      return stored.number;
    case "date":
      return stored.date;
    case "text":
      return stored.text;
  }
}

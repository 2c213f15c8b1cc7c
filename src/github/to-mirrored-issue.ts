import type { MirroredIssue } from "../core/plan/types.js";
import { parseMarker } from "../core/render/marker.js";

/** The fields of a REST issue object that a mirrored issue is read from. */
export interface RestIssue {
  id: number;
  node_id?: string;
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string | null })[];
  assignees?: ({ login: string } | null)[] | null;
  milestone?: { number: number; title: string } | null;
  parent_issue_url?: string | null;
  /** The issue's type, where the organization defines issue types. */
  type?: { name: string } | null;
  /** GitHub's count of the issue's blocked-by links (REST "Issues" → issue_dependencies_summary). */
  issue_dependencies_summary?: { total_blocked_by?: number } | null;
  pull_request?: unknown;
  /** Who opened the issue: only the app's own issues are mirrored issues. */
  user?: { login: string } | null;
}

const STATE_REASONS = new Set(["completed", "not_planned", "reopened", "duplicate"]);

/**
 * A REST issue as a mirrored issue, or null when it is a pull request or its body holds no
 * marker (an issue the app created is only ours while it carries its marker).
 */
export function toMirroredIssue(issue: RestIssue): MirroredIssue | null {
  if (issue.pull_request) return null;
  const body = issue.body ?? "";
  const marker = parseMarker(body);
  if (!marker) return null;
  return {
    number: issue.number,
    id: issue.id,
    ...(issue.node_id ? { nodeId: issue.node_id } : {}),
    title: issue.title,
    body,
    state: issue.state === "closed" ? "closed" : "open",
    stateReason: STATE_REASONS.has(issue.state_reason ?? "") ? (issue.state_reason as MirroredIssue["stateReason"]) : null,
    labels: issue.labels.flatMap((label) => {
      const name = typeof label === "string" ? label : label.name;
      return name ? [name] : [];
    }),
    assignees: (issue.assignees ?? []).flatMap((assignee) => (assignee ? [assignee.login] : [])),
    milestone: issue.milestone ? { number: issue.milestone.number, title: issue.milestone.title } : null,
    parentNumber: parentNumberOf(issue.parent_issue_url),
    ...(issue.type !== undefined ? { issueType: issue.type?.name ?? null } : {}),
    ...(typeof issue.issue_dependencies_summary?.total_blocked_by === "number" ? { blockedByCount: issue.issue_dependencies_summary.total_blocked_by } : {}),
    marker,
  };
}

function parentNumberOf(url: string | null | undefined): number | null {
  const match = /\/issues\/(\d+)\/?$/.exec(url ?? "");
  return match ? Number(match[1]) : null;
}

import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { renderApp, renderLabel, renderMilestone, renderUser } from "./render-core.js";
import { renderTypeOfIssue } from "./render-planning.js";
import type { Account, Comment, Issue, Repo } from "./types.js";

function reactions(url: string): Record<string, unknown> {
  return { url, total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

/** How GitHub labels the author's relation to the repository. */
export function authorAssociation(repo: Repo, account: Account): string {
  if (account.type === "Bot") return "NONE";
  if (account.id === repo.owner.id) return "OWNER";
  const permission = repo.permissions.get(account.login.toLowerCase());
  return permission !== undefined && permission !== "none" ? "COLLABORATOR" : "NONE";
}

/** Labels, assignees and milestone of an issue (or a pull request's issue side), rendered. */
export function renderIssueFields(ctx: FakeContext, repo: Repo, issue: Issue): { labels: unknown[]; assignees: unknown[]; milestone: Record<string, unknown> | null } {
  const labels = issue.labelIds
    .map((id) => [...repo.labels.values()].find((label) => label.id === id))
    .filter((label) => label !== undefined)
    .map((label) => renderLabel(ctx, repo, label));
  const assignees = issue.assigneeIds
    .map((id) => [...ctx.state.accounts.values()].find((account) => account.id === id))
    .filter((account) => account !== undefined)
    .map((account) => renderUser(ctx, account));
  const milestone = issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
  return { labels, assignees, milestone: milestone === undefined ? null : renderMilestone(ctx, repo, milestone) };
}

/** An `issue` as the issues API and webhooks show it (a pull request's issue side included). */
export function renderIssue(ctx: FakeContext, issue: Issue): Record<string, unknown> {
  const repo = ctx.state.repo(issue.repoId);
  const repoApi = ctx.urls.apiPath(`/repos/${fullName(repo)}`);
  const api = `${repoApi}/issues/${issue.number}`;
  const { labels, assignees, milestone } = renderIssueFields(ctx, repo, issue);
  const children = issue.subIssueIds.map((id) => ctx.state.issues.get(id)).filter((child) => child !== undefined);
  const completed = children.filter((child) => child.state === "closed").length;
  const blockers = issue.blockedByIds.map((id) => ctx.state.issues.get(id)).filter((blocker) => blocker !== undefined);
  const blocking = [...ctx.state.issues.values()].filter((other) => other.blockedByIds.includes(issue.id));
  const parent = issue.parentId === null ? undefined : ctx.state.issues.get(issue.parentId);
  const pull = issue.pullNumber === null ? undefined : repo.pulls.get(issue.pullNumber);
  const htmlUrl = ctx.urls.html(`/${fullName(repo)}/${pull === undefined ? "issues" : "pull"}/${issue.number}`);
  const out: Record<string, unknown> = {
    url: api,
    repository_url: repoApi,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: htmlUrl,
    id: issue.id,
    node_id: issue.nodeId,
    number: issue.number,
    title: issue.title,
    user: renderUser(ctx, issue.user),
    labels,
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone,
    comments: issue.commentIds.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: authorAssociation(repo, issue.user),
    active_lock_reason: null,
    body: issue.body,
    closed_by: issue.closedBy === null ? null : renderUser(ctx, issue.closedBy),
    reactions: reactions(`${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: issue.viaApp ? renderApp(ctx) : null,
    state_reason: issue.stateReason,
    type: renderTypeOfIssue(ctx, issue),
    sub_issues_summary: {
      total: children.length,
      completed,
      percent_completed: children.length === 0 ? 0 : Math.floor((completed * 100) / children.length),
    },
    issue_dependencies_summary: {
      blocked_by: blockers.filter((blocker) => blocker.state === "open").length,
      blocking: blocking.filter((other) => other.state === "open").length,
      total_blocked_by: blockers.length,
      total_blocking: blocking.length,
    },
    parent_issue_url: parent === undefined ? null : ctx.urls.apiPath(`/repos/${fullName(ctx.state.repo(parent.repoId))}/issues/${parent.number}`),
  };
  if (pull !== undefined) {
    out.draft = pull.draft;
    out.pull_request = {
      url: `${repoApi}/pulls/${issue.number}`,
      html_url: htmlUrl,
      diff_url: `${htmlUrl}.diff`,
      patch_url: `${htmlUrl}.patch`,
      merged_at: pull.mergedAt,
    };
  }
  return out;
}

export function renderComment(ctx: FakeContext, comment: Comment): Record<string, unknown> {
  const issue = ctx.state.issues.get(comment.issueId) as Issue;
  const repo = ctx.state.repo(issue.repoId);
  const repoApi = ctx.urls.apiPath(`/repos/${fullName(repo)}`);
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${repoApi}/issues/comments/${comment.id}`,
    html_url: ctx.urls.html(`/${fullName(repo)}/issues/${issue.number}#issuecomment-${comment.id}`),
    body: comment.body,
    user: renderUser(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${repoApi}/issues/${issue.number}`,
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: comment.viaApp ? renderApp(ctx) : null,
    reactions: reactions(`${repoApi}/issues/comments/${comment.id}/reactions`),
  };
}

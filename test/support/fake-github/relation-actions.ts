import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { GitHubError, notFound, validationFailed } from "./github-error.js";
import { renderRepo } from "./render-core.js";
import { renderIssue } from "./render-issue.js";
import type { Account, Issue } from "./types.js";

/** GitHub's sub-issue limits: children per parent and levels of nesting (the top issue is level 1). */
export const SUB_ISSUE_LIMITS = { children: 100, depth: 8 } as const;

function refused(message: string, field: string): GitHubError {
  return validationFailed([{ resource: "Issue", code: "custom", field, message }]);
}

/** Level of an issue in its tree: 1 for an issue without a parent. */
function levelOf(ctx: FakeContext, issue: Issue): number {
  let level = 1;
  let current = issue;
  while (current.parentId !== null) {
    current = ctx.state.issues.get(current.parentId) as Issue;
    level += 1;
  }
  return level;
}

/** Levels in the subtree under and including an issue: 1 for an issue without children. */
function heightOf(ctx: FakeContext, issue: Issue): number {
  let deepest = 0;
  for (const id of issue.subIssueIds) deepest = Math.max(deepest, heightOf(ctx, ctx.state.issues.get(id) as Issue));
  return deepest + 1;
}

function isAncestor(ctx: FakeContext, candidate: Issue, of: Issue): boolean {
  let current: Issue | undefined = of;
  while (current !== undefined) {
    if (current.id === candidate.id) return true;
    current = current.parentId === null ? undefined : ctx.state.issues.get(current.parentId);
  }
  return false;
}

function announceSubIssue(ctx: FakeContext, parent: Issue, child: Issue, added: boolean, sender: Account): void {
  const parentRepo = ctx.state.repo(parent.repoId);
  const childRepo = ctx.state.repo(child.repoId);
  const fields = {
    sub_issue_id: child.id,
    sub_issue: renderIssue(ctx, child),
    sub_issue_repo: renderRepo(ctx, childRepo, "webhook"),
    parent_issue_id: parent.id,
    parent_issue: renderIssue(ctx, parent),
    parent_issue_repo: renderRepo(ctx, parentRepo, "webhook"),
  };
  const { parent_issue_repo: _p, ...onParent } = fields;
  const { sub_issue_repo: _s, ...onChild } = fields;
  emitRepoEvent(ctx, parentRepo, "sub_issues", { action: added ? "sub_issue_added" : "sub_issue_removed", ...onParent }, sender);
  emitRepoEvent(ctx, childRepo, "sub_issues", { action: added ? "parent_issue_added" : "parent_issue_removed", ...onChild }, sender);
}

function detach(ctx: FakeContext, child: Issue, sender: Account): void {
  if (child.parentId === null) return;
  const parent = ctx.state.issues.get(child.parentId) as Issue;
  parent.subIssueIds = parent.subIssueIds.filter((id) => id !== child.id);
  child.parentId = null;
  announceSubIssue(ctx, parent, child, false, sender);
}

function announceDependency(ctx: FakeContext, blocked: Issue, blocking: Issue, added: boolean, sender: Account): void {
  const blockedRepo = ctx.state.repo(blocked.repoId);
  const blockingRepo = ctx.state.repo(blocking.repoId);
  const fields = {
    blocked_issue_id: blocked.id,
    blocked_issue: renderIssue(ctx, blocked),
    blocking_issue_id: blocking.id,
    blocking_issue: renderIssue(ctx, blocking),
  };
  emitRepoEvent(ctx, blockedRepo, "issue_dependencies", { action: added ? "blocked_by_added" : "blocked_by_removed", ...fields, blocking_issue_repo: renderRepo(ctx, blockingRepo, "webhook") }, sender);
  emitRepoEvent(ctx, blockingRepo, "issue_dependencies", { action: added ? "blocking_added" : "blocking_removed", ...fields, blocked_issue_repo: renderRepo(ctx, blockedRepo, "webhook") }, sender);
}

/**
 * Makes `child` a sub-issue of `parent`, as `POST …/sub_issues` and GraphQL's `addSubIssue` do:
 * every refusal first (422 with GitHub's messages), then the move and its `sub_issues` webhooks.
 */
export function addSubIssue(ctx: FakeContext, parent: Issue, child: Issue, replaceParent: boolean, sender: Account): void {
  checkSubIssue(ctx, parent, child, replaceParent);
  detach(ctx, child, sender);
  parent.subIssueIds.push(child.id);
  child.parentId = parent.id;
  const now = ctx.state.now();
  parent.updatedAt = now;
  child.updatedAt = now;
  announceSubIssue(ctx, parent, child, true, sender);
}

/** The refusals of `addSubIssue`, for callers that must know before they create the child. */
export function checkSubIssue(ctx: FakeContext, parent: Issue, child: Issue | null, replaceParent: boolean): void {
  if (child !== null) {
    if (ctx.state.repo(child.repoId).owner.id !== ctx.state.repo(parent.repoId).owner.id) throw refused("The sub-issue must belong to the same repository owner as the parent issue", "sub_issue_id");
    if (child.pullNumber !== null) throw refused("Pull requests cannot be added as sub-issues", "sub_issue_id");
    if (child.id === parent.id) throw refused("An issue cannot be a sub-issue of itself", "sub_issue_id");
    if (child.parentId === parent.id) throw refused("Issue may not contain duplicate sub-issues", "sub_issue_id");
    if (child.parentId !== null && !replaceParent) throw refused("Sub issue may only have one parent", "sub_issue_id");
    if (isAncestor(ctx, child, parent)) throw refused("An issue cannot be a sub-issue of its own sub-issue", "sub_issue_id");
  }
  if (parent.subIssueIds.length >= SUB_ISSUE_LIMITS.children) throw refused(`Parent issue cannot have more than ${SUB_ISSUE_LIMITS.children} sub-issues`, "sub_issue_id");
  const height = child === null ? 1 : heightOf(ctx, child);
  if (levelOf(ctx, parent) + height > SUB_ISSUE_LIMITS.depth) throw refused(`Sub-issues cannot be nested more than ${SUB_ISSUE_LIMITS.depth} levels deep`, "sub_issue_id");
}

/** Removes a sub-issue from its parent; 404 when it is not one of the parent's. */
export function removeSubIssue(ctx: FakeContext, parent: Issue, child: Issue, sender: Account): void {
  if (child.parentId !== parent.id) throw notFound();
  detach(ctx, child, sender);
}

/** Moves a sub-issue after (or before) another one of the same parent; neither anchor: to the top. */
export function reprioritizeSubIssue(ctx: FakeContext, parent: Issue, childId: number, anchor: { afterId?: number; beforeId?: number }): void {
  if (!parent.subIssueIds.includes(childId)) throw notFound();
  const rest = parent.subIssueIds.filter((id) => id !== childId);
  const target = anchor.afterId ?? anchor.beforeId;
  const at = target === undefined ? -1 : rest.indexOf(target);
  if (target !== undefined && at === -1) throw refused("The anchor is not a sub-issue of this issue", anchor.afterId === undefined ? "before_id" : "after_id");
  rest.splice(anchor.afterId !== undefined ? at + 1 : Math.max(at, 0), 0, childId);
  parent.subIssueIds = rest;
}

/** Records that `blocking` blocks `blocked`, with the `issue_dependencies` webhooks on both sides. */
export function addBlockedBy(ctx: FakeContext, blocked: Issue, blocking: Issue, sender: Account): void {
  if (blocking.id === blocked.id) throw refused("An issue cannot be blocked by itself", "issue_id");
  if (blocked.blockedByIds.includes(blocking.id)) throw refused("Issue is already blocked by this issue", "issue_id");
  blocked.blockedByIds.push(blocking.id);
  const now = ctx.state.now();
  blocked.updatedAt = now;
  blocking.updatedAt = now;
  announceDependency(ctx, blocked, blocking, true, sender);
}

export function removeBlockedBy(ctx: FakeContext, blocked: Issue, blocking: Issue, sender: Account): void {
  if (!blocked.blockedByIds.includes(blocking.id)) throw notFound();
  blocked.blockedByIds = blocked.blockedByIds.filter((id) => id !== blocking.id);
  announceDependency(ctx, blocked, blocking, false, sender);
}

/** Issues that `issue` blocks, in the order their links were made. */
export function issuesBlockedBy(ctx: FakeContext, issue: Issue): Issue[] {
  return [...ctx.state.issues.values()].filter((other) => other.blockedByIds.includes(issue.id));
}

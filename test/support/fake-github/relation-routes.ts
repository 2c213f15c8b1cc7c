import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { GitHubError, notFound, validationFailed } from "./github-error.js";
import { requireIssue } from "./issue-routes.js";
import { paginate } from "./paginate.js";
import { renderRepo } from "./render-core.js";
import { renderIssue } from "./render-issue.js";
import type { Router } from "./router.js";
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
 * Sub-issues and "blocked by" dependencies. Both take the other issue's numeric `id` (not its
 * `number`); an id that names no issue is a 404, as on GitHub.
 */
export function relationRoutes(router: Router, ctx: FakeContext): void {
  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const page = paginate(ctx, request, parent.subIssueIds.map((id) => ctx.state.issues.get(id) as Issue));
    return { status: 200, body: page.items.map((child) => renderIssue(ctx, child)), headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const body = request.body as { sub_issue_id: number; replace_parent?: boolean };
    const child = ctx.state.issues.get(body.sub_issue_id);
    if (child === undefined) throw notFound();
    if (ctx.state.repo(child.repoId).owner.id !== request.repo.owner.id) throw refused("The sub-issue must belong to the same repository owner as the parent issue", "sub_issue_id");
    if (child.pullNumber !== null) throw refused("Pull requests cannot be added as sub-issues", "sub_issue_id");
    if (child.id === parent.id) throw refused("An issue cannot be a sub-issue of itself", "sub_issue_id");
    if (child.parentId === parent.id) throw refused("Issue may not contain duplicate sub-issues", "sub_issue_id");
    if (child.parentId !== null && body.replace_parent !== true) throw refused("Sub issue may only have one parent", "sub_issue_id");
    if (isAncestor(ctx, child, parent)) throw refused("An issue cannot be a sub-issue of its own sub-issue", "sub_issue_id");
    if (parent.subIssueIds.length >= SUB_ISSUE_LIMITS.children) throw refused(`Parent issue cannot have more than ${SUB_ISSUE_LIMITS.children} sub-issues`, "sub_issue_id");
    if (levelOf(ctx, parent) + heightOf(ctx, child) > SUB_ISSUE_LIMITS.depth) throw refused(`Sub-issues cannot be nested more than ${SUB_ISSUE_LIMITS.depth} levels deep`, "sub_issue_id");
    detach(ctx, child, request.actor.account);
    parent.subIssueIds.push(child.id);
    child.parentId = parent.id;
    const now = ctx.state.now();
    parent.updatedAt = now;
    child.updatedAt = now;
    announceSubIssue(ctx, parent, child, true, request.actor.account);
    return { status: 201, body: renderIssue(ctx, parent), headers: { location: ctx.urls.apiPath(`/repos/${request.params.owner}/${request.params.repo}/issues/${parent.number}/sub_issues`) } };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const child = ctx.state.issues.get((request.body as { sub_issue_id: number }).sub_issue_id);
    if (child === undefined || child.parentId !== parent.id) throw notFound();
    detach(ctx, child, request.actor.account);
    return { status: 200, body: renderIssue(ctx, parent) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const body = request.body as { sub_issue_id: number; after_id?: number; before_id?: number };
    if (!parent.subIssueIds.includes(body.sub_issue_id)) throw notFound();
    const rest = parent.subIssueIds.filter((id) => id !== body.sub_issue_id);
    const anchor = body.after_id ?? body.before_id;
    const at = anchor === undefined ? -1 : rest.indexOf(anchor);
    if (anchor !== undefined && at === -1) throw refused("The anchor is not a sub-issue of this issue", body.after_id === undefined ? "before_id" : "after_id");
    rest.splice(body.after_id !== undefined ? at + 1 : Math.max(at, 0), 0, body.sub_issue_id);
    parent.subIssueIds = rest;
    return { status: 200, body: renderIssue(ctx, parent) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/parent", (request) => {
    const child = requireIssue(ctx, request.repo, request.params.issue_number);
    if (child.parentId === null) throw notFound();
    return { status: 200, body: renderIssue(ctx, ctx.state.issues.get(child.parentId) as Issue) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const page = paginate(ctx, request, issue.blockedByIds.map((id) => ctx.state.issues.get(id) as Issue));
    return { status: 200, body: page.items.map((blocker) => renderIssue(ctx, blocker)), headers: page.headers };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const blocking = [...ctx.state.issues.values()].filter((other) => other.blockedByIds.includes(issue.id));
    const page = paginate(ctx, request, blocking);
    return { status: 200, body: page.items.map((other) => renderIssue(ctx, other)), headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", (request) => {
    const blocked = requireIssue(ctx, request.repo, request.params.issue_number);
    const blocking = ctx.state.issues.get((request.body as { issue_id: number }).issue_id);
    if (blocking === undefined) throw notFound();
    if (blocking.id === blocked.id) throw refused("An issue cannot be blocked by itself", "issue_id");
    if (blocked.blockedByIds.includes(blocking.id)) throw refused("Issue is already blocked by this issue", "issue_id");
    blocked.blockedByIds.push(blocking.id);
    const now = ctx.state.now();
    blocked.updatedAt = now;
    blocking.updatedAt = now;
    announceDependency(ctx, blocked, blocking, true, request.actor.account);
    return { status: 201, body: renderIssue(ctx, blocking) };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", (request) => {
    const blocked = requireIssue(ctx, request.repo, request.params.issue_number);
    const blockingId = Number(request.params.issue_id);
    const blocking = ctx.state.issues.get(blockingId);
    if (blocking === undefined || !blocked.blockedByIds.includes(blockingId)) throw notFound();
    blocked.blockedByIds = blocked.blockedByIds.filter((id) => id !== blockingId);
    announceDependency(ctx, blocked, blocking, false, request.actor.account);
    return { status: 200, body: renderIssue(ctx, blocking) };
  });
}

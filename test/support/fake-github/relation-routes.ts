import type { FakeContext } from "./context.js";
import { notFound } from "./github-error.js";
import { requireIssue } from "./issue-routes.js";
import { paginate } from "./paginate.js";
import { addBlockedBy, addSubIssue, issuesBlockedBy, removeBlockedBy, removeSubIssue, reprioritizeSubIssue } from "./relation-actions.js";
import { renderIssue } from "./render-issue.js";
import type { Router } from "./router.js";
import type { Issue } from "./types.js";

export { SUB_ISSUE_LIMITS } from "./relation-actions.js";

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
    addSubIssue(ctx, parent, child, body.replace_parent === true, request.actor.account);
    return { status: 201, body: renderIssue(ctx, parent), headers: { location: ctx.urls.apiPath(`/repos/${request.params.owner}/${request.params.repo}/issues/${parent.number}/sub_issues`) } };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const child = ctx.state.issues.get((request.body as { sub_issue_id: number }).sub_issue_id);
    if (child === undefined) throw notFound();
    removeSubIssue(ctx, parent, child, request.actor.account);
    return { status: 200, body: renderIssue(ctx, parent) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority", (request) => {
    const parent = requireIssue(ctx, request.repo, request.params.issue_number);
    const body = request.body as { sub_issue_id: number; after_id?: number; before_id?: number };
    reprioritizeSubIssue(ctx, parent, body.sub_issue_id, { ...(body.after_id === undefined ? {} : { afterId: body.after_id }), ...(body.before_id === undefined ? {} : { beforeId: body.before_id }) });
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
    const page = paginate(ctx, request, issuesBlockedBy(ctx, issue));
    return { status: 200, body: page.items.map((other) => renderIssue(ctx, other)), headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", (request) => {
    const blocked = requireIssue(ctx, request.repo, request.params.issue_number);
    const blocking = ctx.state.issues.get((request.body as { issue_id: number }).issue_id);
    if (blocking === undefined) throw notFound();
    addBlockedBy(ctx, blocked, blocking, request.actor.account);
    return { status: 201, body: renderIssue(ctx, blocking) };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", (request) => {
    const blocked = requireIssue(ctx, request.repo, request.params.issue_number);
    const blockingId = Number(request.params.issue_id);
    const blocking = ctx.state.issues.get(blockingId);
    if (blocking === undefined) throw notFound();
    removeBlockedBy(ctx, blocked, blocking, request.actor.account);
    return { status: 200, body: renderIssue(ctx, blocking) };
  });
}

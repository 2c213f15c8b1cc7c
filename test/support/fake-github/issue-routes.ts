import type { FakeContext } from "./context.js";
import { notFound, validationFailed } from "./github-error.js";
import { emitRepoEvent } from "./emit-event.js";
import { addComment, createIssue, updateIssue, type IssuePatch } from "./issue-actions.js";
import { paginate } from "./paginate.js";
import { issueTypeByName, setIssueType } from "./planning-actions.js";
import { renderComment, renderIssue } from "./render-issue.js";
import type { RepoRouteRequest, Router } from "./router.js";
import type { IssueTypeRecord } from "./planning-state.js";
import type { Comment, Issue, IssueStateReason, Repo } from "./types.js";

type LabelInput = string | { name?: string };

function labelNames(labels: LabelInput[] | undefined): string[] | undefined {
  return labels?.map((label) => (typeof label === "string" ? label : (label.name ?? ""))).filter((name) => name !== "");
}

function milestoneNumber(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return Number(value);
}

type TypeInput = string | null | { value?: string | null };

/**
 * A REST `type` (a name, null, or `{ value }`) as the issue type it names; undefined when the
 * request names none. An unknown name is a 422, checked before anything is written.
 */
function resolveType(ctx: FakeContext, repo: Repo, input: TypeInput | undefined): IssueTypeRecord | null | undefined {
  if (input === undefined) return undefined;
  const name = input !== null && typeof input === "object" ? (input.value ?? null) : input;
  if (name === null) return null;
  const type = issueTypeByName(ctx, repo, name);
  if (type === undefined) throw validationFailed([{ value: name, resource: "Issue", field: "type", code: "invalid" }]);
  return type;
}

export function requireIssue(ctx: FakeContext, repo: Repo, number: string | undefined): Issue {
  const issue = ctx.state.issueByNumber(repo, Number(number));
  if (issue === undefined) throw notFound();
  return issue;
}

function listIssues(ctx: FakeContext, request: RepoRouteRequest): Issue[] {
  const { repo, query } = request;
  const state = (query.state as string | undefined) ?? "open";
  const wanted = typeof query.labels === "string" && query.labels !== "" ? query.labels.split(",").map((name) => name.trim().toLowerCase()) : [];
  const sort = (query.sort as string | undefined) ?? "created";
  const direction = (query.direction as string | undefined) ?? "desc";
  const since = typeof query.since === "string" ? Date.parse(query.since) : undefined;
  const creator = query.creator === undefined ? undefined : ctx.state.findAccount(String(query.creator));
  const botFilterIgnored = ctx.quirks.creatorFilterIgnoresBots === true && query.creator !== undefined && (creator?.type === "Bot" || /\[bot\]$/i.test(String(query.creator)));
  const issues = [...repo.issueNumbers.values()]
    .map((id) => ctx.state.issues.get(id) as Issue)
    .filter((issue) => state === "all" || issue.state === state)
    .filter((issue) => {
      const names = issue.labelIds.map((id) => [...repo.labels.values()].find((label) => label.id === id)?.name.toLowerCase());
      return wanted.every((name) => names.includes(name));
    })
    .filter((issue) => {
      const milestone = query.milestone as string | undefined;
      if (milestone === undefined) return true;
      if (milestone === "*") return issue.milestoneNumber !== null;
      if (milestone === "none") return issue.milestoneNumber === null;
      return issue.milestoneNumber === Number(milestone);
    })
    .filter((issue) => {
      const assignee = query.assignee as string | undefined;
      if (assignee === undefined) return true;
      if (assignee === "*") return issue.assigneeIds.length > 0;
      if (assignee === "none") return issue.assigneeIds.length === 0;
      const account = ctx.state.findAccount(assignee);
      return account !== undefined && issue.assigneeIds.includes(account.id);
    })
    .filter((issue) => query.creator === undefined || (!botFilterIgnored && issue.user.login.toLowerCase() === String(query.creator).toLowerCase()))
    .filter((issue) => since === undefined || Date.parse(issue.updatedAt) >= since);
  const key = (issue: Issue): number => (sort === "updated" ? Date.parse(issue.updatedAt) : sort === "comments" ? issue.commentIds.length : Date.parse(issue.createdAt));
  // Ties (same second) fall back to the number, so pages are stable.
  issues.sort((a, b) => key(a) - key(b) || a.number - b.number);
  if (direction === "desc") issues.reverse();
  return issues;
}

export function issueRoutes(router: Router, ctx: FakeContext): void {
  router.repo("GET", "/repos/{owner}/{repo}/issues", (request) => {
    // GitHub's issues list includes pull requests (they carry a `pull_request` key).
    const page = paginate(ctx, request, listIssues(ctx, request));
    return { status: 200, body: page.items.map((issue) => renderIssue(ctx, issue)), headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues", (request) => {
    const body = request.body as { title: string | number; body?: string | null; assignee?: string | null; assignees?: string[]; milestone?: string | number | null; labels?: LabelInput[]; type?: string | null };
    const assignees = [...(body.assignees ?? []), ...(body.assignee === undefined || body.assignee === null ? [] : [body.assignee])];
    const type = resolveType(ctx, request.repo, body.type);
    const issue = createIssue(
      ctx,
      request.repo,
      { title: String(body.title), body: body.body ?? null, labels: labelNames(body.labels) ?? [], assignees, milestone: milestoneNumber(body.milestone) ?? null },
      request.actor,
    );
    if (type !== undefined && type !== null) setIssueType(ctx, request.repo, issue, type, request.actor.account);
    return { status: 201, body: renderIssue(ctx, issue), headers: { location: ctx.urls.apiPath(`/repos/${request.params.owner}/${request.params.repo}/issues/${issue.number}`) } };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    return { status: 200, body: renderIssue(ctx, issue), lastModified: issue.updatedAt };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const body = request.body as {
      title?: string | number | null;
      body?: string | null;
      assignee?: string | null;
      assignees?: string[];
      state?: "open" | "closed";
      state_reason?: IssueStateReason | null;
      milestone?: string | number | null;
      labels?: LabelInput[];
      type?: TypeInput;
    };
    const type = resolveType(ctx, request.repo, body.type);
    const patch: IssuePatch = {};
    if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
    if (body.body !== undefined) patch.body = body.body;
    if (body.state !== undefined) patch.state = body.state;
    if (body.state_reason !== undefined) patch.stateReason = body.state_reason;
    if (body.labels !== undefined) patch.labels = labelNames(body.labels);
    if (body.assignees !== undefined) patch.assignees = body.assignees;
    else if (body.assignee !== undefined) patch.assignees = body.assignee === null ? [] : [body.assignee];
    if (body.milestone !== undefined) patch.milestone = milestoneNumber(body.milestone);
    updateIssue(ctx, request.repo, issue, patch, request.actor);
    if (type !== undefined) setIssueType(ctx, request.repo, issue, type, request.actor.account);
    return { status: 200, body: renderIssue(ctx, issue) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const since = typeof request.query.since === "string" ? Date.parse(request.query.since) : undefined;
    const comments = issue.commentIds
      .map((id) => ctx.state.comments.get(id) as Comment)
      .filter((comment) => since === undefined || Date.parse(comment.updatedAt) >= since);
    const page = paginate(ctx, request, comments);
    return { status: 200, body: page.items.map((comment) => renderComment(ctx, comment)), headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const comment = addComment(ctx, request.repo, issue, (request.body as { body: string }).body, request.actor);
    return { status: 201, body: renderComment(ctx, comment) };
  });

  const requireComment = (repo: Repo, id: string | undefined): Comment => {
    const comment = ctx.state.comments.get(Number(id));
    if (comment === undefined || ctx.state.issues.get(comment.issueId)?.repoId !== repo.id) throw notFound();
    return comment;
  };

  router.repo("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => ({
    status: 200,
    body: renderComment(ctx, requireComment(request.repo, request.params.comment_id)),
  }));

  router.repo("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => {
    const comment = requireComment(request.repo, request.params.comment_id);
    const from = comment.body;
    comment.body = (request.body as { body: string }).body;
    comment.updatedAt = ctx.state.now();
    if (from !== comment.body) {
      const issue = ctx.state.issues.get(comment.issueId) as Issue;
      emitRepoEvent(ctx, request.repo, "issue_comment", { action: "edited", changes: { body: { from } }, issue: renderIssue(ctx, issue), comment: renderComment(ctx, comment) }, request.actor.account);
    }
    return { status: 200, body: renderComment(ctx, comment) };
  });

}

import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { GitHubError, notFound, validationFailed } from "./github-error.js";
import { checkLabelFields, createLabel, ensureLabels, findLabel, setIssueLabels } from "./issue-actions.js";
import { requireIssue } from "./issue-routes.js";
import { paginate } from "./paginate.js";
import { renderLabel, renderMilestone } from "./render-core.js";
import type { Router } from "./router.js";
import type { Issue, Label, Milestone, Repo } from "./types.js";

/** The five body shapes GitHub accepts for adding or setting an issue's labels. */
function labelNamesOf(body: unknown): string[] {
  const list = typeof body === "string" ? [body] : Array.isArray(body) ? body : ((body as { labels?: unknown[] } | null)?.labels ?? []);
  return list.map((item) => (typeof item === "string" ? item : String((item as { name?: string }).name ?? ""))).filter((name) => name !== "");
}

function labelsOf(repo: Repo, issue: Issue): Label[] {
  return issue.labelIds.map((id) => [...repo.labels.values()].find((label) => label.id === id)).filter((label) => label !== undefined);
}

export function labelRoutes(router: Router, ctx: FakeContext): void {
  router.repo("GET", "/repos/{owner}/{repo}/labels", (request) => {
    const page = paginate(ctx, request, [...request.repo.labels.values()].map((label) => renderLabel(ctx, request.repo, label)));
    return { status: 200, body: page.items, headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/labels", (request) => {
    const body = request.body as { name: string; color?: string; description?: string };
    const label = createLabel(ctx, request.repo, { name: body.name, color: body.color?.replace(/^#/, ""), description: body.description ?? null }, request.actor.account);
    return { status: 201, body: renderLabel(ctx, request.repo, label) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/labels/{name}", (request) => {
    const label = findLabel(request.repo, request.params.name ?? "");
    if (label === undefined) throw notFound();
    return { status: 200, body: renderLabel(ctx, request.repo, label) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/labels/{name}", (request) => {
    const { repo } = request;
    const label = findLabel(repo, request.params.name ?? "");
    if (label === undefined) throw notFound();
    const body = request.body as { new_name?: string; color?: string; description?: string };
    const color = body.color?.replace(/^#/, "");
    checkLabelFields(body.new_name, color, body.description);
    const changes: Record<string, { from: unknown }> = {};
    if (body.new_name !== undefined && body.new_name !== label.name) {
      const clash = findLabel(repo, body.new_name);
      if (clash !== undefined && clash.id !== label.id) throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      repo.labels.delete(label.name.toLowerCase());
      changes.name = { from: label.name };
      label.name = body.new_name;
      repo.labels.set(label.name.toLowerCase(), label);
    }
    if (color !== undefined && color.toLowerCase() !== label.color) {
      changes.color = { from: label.color };
      label.color = color.toLowerCase();
    }
    if (body.description !== undefined && body.description !== label.description) {
      changes.description = { from: label.description };
      label.description = body.description;
    }
    if (Object.keys(changes).length > 0) emitRepoEvent(ctx, repo, "label", { action: "edited", label: renderLabel(ctx, repo, label), changes }, request.actor.account);
    return { status: 200, body: renderLabel(ctx, repo, label) };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/labels/{name}", (request) => {
    const { repo } = request;
    const label = findLabel(repo, request.params.name ?? "");
    if (label === undefined) throw notFound();
    repo.labels.delete(label.name.toLowerCase());
    for (const id of repo.issueNumbers.values()) {
      const issue = ctx.state.issues.get(id) as Issue;
      issue.labelIds = issue.labelIds.filter((labelId) => labelId !== label.id);
    }
    emitRepoEvent(ctx, repo, "label", { action: "deleted", label: renderLabel(ctx, repo, label) }, request.actor.account);
    return { status: 204 };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (request) => {
    const issue = requireIssue(ctx, request.repo, request.params.issue_number);
    const page = paginate(ctx, request, labelsOf(request.repo, issue).map((label) => renderLabel(ctx, request.repo, label)));
    return { status: 200, body: page.items, headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (request) => {
    const { repo } = request;
    const issue = requireIssue(ctx, repo, request.params.issue_number);
    const added = ensureLabels(ctx, repo, labelNamesOf(request.body), request.actor.account);
    setIssueLabels(ctx, repo, issue, [...labelsOf(repo, issue), ...added], request.actor.account);
    return { status: 200, body: labelsOf(repo, issue).map((label) => renderLabel(ctx, repo, label)) };
  });

  router.repo("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (request) => {
    const { repo } = request;
    const issue = requireIssue(ctx, repo, request.params.issue_number);
    const labels = ensureLabels(ctx, repo, labelNamesOf(request.body), request.actor.account);
    setIssueLabels(ctx, repo, issue, labels, request.actor.account);
    return { status: 200, body: labelsOf(repo, issue).map((label) => renderLabel(ctx, repo, label)) };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (request) => {
    const { repo } = request;
    const issue = requireIssue(ctx, repo, request.params.issue_number);
    const label = findLabel(repo, request.params.name ?? "");
    if (label === undefined || !issue.labelIds.includes(label.id)) throw new GitHubError(404, "Label does not exist");
    setIssueLabels(ctx, repo, issue, labelsOf(repo, issue).filter((other) => other.id !== label.id), request.actor.account);
    return { status: 200, body: labelsOf(repo, issue).map((other) => renderLabel(ctx, repo, other)) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/milestones", (request) => {
    const state = (request.query.state as string | undefined) ?? "open";
    const sort = (request.query.sort as string | undefined) ?? "due_on";
    const direction = (request.query.direction as string | undefined) ?? "asc";
    const milestones = [...request.repo.milestones.values()].filter((milestone) => state === "all" || milestone.state === state);
    const key = (milestone: Milestone): number => (sort === "due_on" ? (milestone.dueOn === null ? Number.MAX_SAFE_INTEGER : Date.parse(milestone.dueOn)) : milestone.number);
    milestones.sort((a, b) => key(a) - key(b) || a.number - b.number);
    if (direction === "desc") milestones.reverse();
    const page = paginate(ctx, request, milestones.map((milestone) => renderMilestone(ctx, request.repo, milestone)));
    return { status: 200, body: page.items, headers: page.headers };
  });

  router.repo("POST", "/repos/{owner}/{repo}/milestones", (request) => {
    const { repo } = request;
    const body = request.body as { title: string; state?: "open" | "closed"; description?: string; due_on?: string };
    if ([...repo.milestones.values()].some((milestone) => milestone.title === body.title)) {
      throw validationFailed([{ resource: "Milestone", code: "already_exists", field: "title" }]);
    }
    const { id, nodeId } = ctx.state.nextId("milestone");
    const now = ctx.state.now();
    const milestone: Milestone = {
      id,
      nodeId,
      number: repo.nextMilestoneNumber,
      title: body.title,
      description: body.description ?? null,
      state: body.state ?? "open",
      dueOn: body.due_on ?? null,
      creator: request.actor.account,
      createdAt: now,
      updatedAt: now,
      closedAt: body.state === "closed" ? now : null,
    };
    repo.nextMilestoneNumber += 1;
    repo.milestones.set(milestone.number, milestone);
    emitRepoEvent(ctx, repo, "milestone", { action: "created", milestone: renderMilestone(ctx, repo, milestone) }, request.actor.account);
    return { status: 201, body: renderMilestone(ctx, repo, milestone) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/milestones/{milestone_number}", (request) => {
    const milestone = request.repo.milestones.get(Number(request.params.milestone_number));
    if (milestone === undefined) throw notFound();
    return { status: 200, body: renderMilestone(ctx, request.repo, milestone) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/milestones/{milestone_number}", (request) => {
    const { repo } = request;
    const milestone = repo.milestones.get(Number(request.params.milestone_number));
    if (milestone === undefined) throw notFound();
    const body = request.body as { title?: string; state?: "open" | "closed"; description?: string; due_on?: string };
    if (body.title !== undefined && [...repo.milestones.values()].some((other) => other.id !== milestone.id && other.title === body.title)) {
      throw validationFailed([{ resource: "Milestone", code: "already_exists", field: "title" }]);
    }
    const now = ctx.state.now();
    if (body.title !== undefined) milestone.title = body.title;
    if (body.description !== undefined) milestone.description = body.description;
    if (body.due_on !== undefined) milestone.dueOn = body.due_on;
    if (body.state !== undefined && body.state !== milestone.state) {
      milestone.state = body.state;
      milestone.closedAt = body.state === "closed" ? now : null;
    }
    milestone.updatedAt = now;
    return { status: 200, body: renderMilestone(ctx, repo, milestone) };
  });
}

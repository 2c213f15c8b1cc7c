import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { validationFailed } from "./github-error.js";
import { recordBodyEdit } from "./record-body-edit.js";
import { renderLabel, renderMilestone, renderUser } from "./render-core.js";
import { renderComment, renderIssue } from "./render-issue.js";
import { renderPull } from "./render-pull.js";
import type { Account, Actor, Comment, Issue, IssueStateReason, Label, Repo } from "./types.js";

/** GitHub's limits on what an issue may hold. */
export const ISSUE_LIMITS = { body: 65_536, title: 256, labelName: 50, labelDescription: 100 } as const;

/** The colour GitHub gives a label it creates implicitly. */
const DEFAULT_LABEL_COLOR = "ededed";

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: IssueStateReason | null;
  labels?: string[];
  assignees?: string[];
  milestone?: number | null;
}

/** An issue event, or the pull_request event when the issue is a pull request's. */
export function emitIssueEvent(ctx: FakeContext, repo: Repo, issue: Issue, action: string, extra: Record<string, unknown>, sender: Account): void {
  if (issue.pullNumber !== null) {
    const pull = repo.pulls.get(issue.pullNumber);
    if (pull !== undefined) {
      emitRepoEvent(ctx, repo, "pull_request", { action, number: issue.number, pull_request: renderPull(ctx, repo, pull), ...extra }, sender);
    }
    return;
  }
  emitRepoEvent(ctx, repo, "issues", { action, issue: renderIssue(ctx, issue), ...extra }, sender);
}

export function checkIssueText(title: string | undefined, body: string | null | undefined): void {
  if (title !== undefined && title.trim() === "") throw validationFailed([{ resource: "Issue", code: "missing_field", field: "title" }]);
  if (title !== undefined && title.length > ISSUE_LIMITS.title) {
    throw validationFailed([{ resource: "Issue", code: "custom", field: "title", message: `title is too long (maximum is ${ISSUE_LIMITS.title} characters)` }]);
  }
  if (typeof body === "string" && body.length > ISSUE_LIMITS.body) {
    throw validationFailed([{ resource: "Issue", code: "custom", field: "body", message: `body is too long (maximum is ${ISSUE_LIMITS.body} characters)` }]);
  }
}

export function findLabel(repo: Repo, name: string): Label | undefined {
  return repo.labels.get(name.toLowerCase());
}

export function checkLabelFields(name: string | undefined, color: string | undefined, description: string | null | undefined): void {
  const errors: Array<Record<string, unknown>> = [];
  if (name !== undefined && (name.trim() === "" || name.length > ISSUE_LIMITS.labelName)) errors.push({ resource: "Label", code: "invalid", field: "name" });
  if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) errors.push({ resource: "Label", code: "invalid", field: "color" });
  if (typeof description === "string" && description.length > ISSUE_LIMITS.labelDescription) errors.push({ resource: "Label", code: "invalid", field: "description" });
  if (errors.length > 0) throw validationFailed(errors);
}

export function createLabel(ctx: FakeContext, repo: Repo, input: { name: string; color?: string; description?: string | null }, sender: Account): Label {
  checkLabelFields(input.name, input.color, input.description);
  if (findLabel(repo, input.name) !== undefined) throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
  const { id, nodeId } = ctx.state.nextId("label");
  const label: Label = { id, nodeId, name: input.name, color: (input.color ?? DEFAULT_LABEL_COLOR).toLowerCase(), description: input.description ?? null };
  repo.labels.set(input.name.toLowerCase(), label);
  emitRepoEvent(ctx, repo, "label", { action: "created", label: renderLabel(ctx, repo, label) }, sender);
  return label;
}

/** Labels by name, creating the missing ones as GitHub does when an issue names them. */
export function ensureLabels(ctx: FakeContext, repo: Repo, names: string[], sender: Account): Label[] {
  for (const name of names) if (findLabel(repo, name) === undefined) checkLabelFields(name, undefined, undefined);
  return names.map((name) => findLabel(repo, name) ?? createLabel(ctx, repo, { name }, sender));
}

/**
 * Who may be assigned: the owner and anyone given access to the repository. Anyone else makes a
 * create or an update fail whole with 422, each refused login in `errors[].value`
 * (https://docs.github.com/rest/issues/issues#update-an-issue).
 */
export function assignableAccounts(ctx: FakeContext, repo: Repo, logins: string[]): Account[] {
  const refused = logins.filter((login) => {
    if (login.toLowerCase() === repo.owner.login.toLowerCase()) return false;
    const permission = repo.permissions.get(login.toLowerCase());
    return permission === undefined || permission === "none";
  });
  if (refused.length > 0) throw validationFailed(refused.map((login) => ({ value: login, resource: "Issue", field: "assignees", code: "invalid" })));
  return logins.map((login) => ctx.state.account(login));
}

function checkMilestone(repo: Repo, milestone: number | null | undefined): void {
  if (milestone === undefined || milestone === null) return;
  if (!repo.milestones.has(milestone)) throw validationFailed([{ value: milestone, resource: "Issue", field: "milestone", code: "invalid" }]);
}

function uniqueLabels(labels: Label[]): Label[] {
  return labels.filter((label, index) => labels.findIndex((other) => other.id === label.id) === index);
}

export function createIssue(
  ctx: FakeContext,
  repo: Repo,
  input: { title: string; body?: string | null; labels?: string[]; assignees?: string[]; milestone?: number | null; pullNumber?: number },
  actor: Actor,
): Issue {
  checkIssueText(input.title, input.body);
  const assignees = assignableAccounts(ctx, repo, input.assignees ?? []);
  checkMilestone(repo, input.milestone);
  const labels = uniqueLabels(ensureLabels(ctx, repo, input.labels ?? [], actor.account));
  const { id, nodeId } = ctx.state.nextId("issue");
  const now = ctx.state.now();
  const issue: Issue = {
    id,
    nodeId,
    repoId: repo.id,
    number: repo.nextNumber,
    title: input.title,
    body: input.body ?? null,
    state: "open",
    stateReason: null,
    labelIds: labels.map((label) => label.id),
    assigneeIds: [...new Set(assignees.map((account) => account.id))],
    milestoneNumber: input.milestone ?? null,
    user: actor.account,
    viaApp: actor.viaApp,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    parentId: null,
    subIssueIds: [],
    blockedByIds: [],
    commentIds: [],
    pullNumber: input.pullNumber ?? null,
  };
  repo.nextNumber += 1;
  repo.issueNumbers.set(issue.number, issue.id);
  ctx.state.issues.set(issue.id, issue);
  if (issue.pullNumber === null) announceNewIssue(ctx, repo, issue, actor.account);
  return issue;
}

/** GitHub follows `opened` with `labeled`, `assigned` and `milestoned` for what the issue was created with. */
export function announceNewIssue(ctx: FakeContext, repo: Repo, issue: Issue, sender: Account): void {
  emitIssueEvent(ctx, repo, issue, "opened", {}, sender);
  for (const id of issue.labelIds) {
    const label = [...repo.labels.values()].find((candidate) => candidate.id === id) as Label;
    emitIssueEvent(ctx, repo, issue, "labeled", { label: renderLabel(ctx, repo, label) }, sender);
  }
  for (const id of issue.assigneeIds) {
    const account = [...ctx.state.accounts.values()].find((candidate) => candidate.id === id) as Account;
    emitIssueEvent(ctx, repo, issue, "assigned", { assignee: renderUser(ctx, account) }, sender);
  }
  const milestone = issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
  if (milestone !== undefined) emitIssueEvent(ctx, repo, issue, "milestoned", { milestone: renderMilestone(ctx, repo, milestone) }, sender);
}

/** Replaces an issue's labels, announcing each one added or removed. */
export function setIssueLabels(ctx: FakeContext, repo: Repo, issue: Issue, labels: Label[], sender: Account): boolean {
  const next = uniqueLabels(labels).map((label) => label.id);
  const added = next.filter((id) => !issue.labelIds.includes(id));
  const removed = issue.labelIds.filter((id) => !next.includes(id));
  if (added.length === 0 && removed.length === 0) return false;
  issue.labelIds = next;
  issue.updatedAt = ctx.state.now();
  const byId = (id: number): Label => [...repo.labels.values()].find((label) => label.id === id) as Label;
  for (const id of added) emitIssueEvent(ctx, repo, issue, "labeled", { label: renderLabel(ctx, repo, byId(id)) }, sender);
  for (const id of removed) {
    const label = byId(id);
    if (label !== undefined) emitIssueEvent(ctx, repo, issue, "unlabeled", { label: renderLabel(ctx, repo, label) }, sender);
  }
  return true;
}

/**
 * Applies an issue update as GitHub does — all validation first, then each change with its
 * webhook: `edited` (with `changes.*.from`), `closed`/`reopened`, `labeled`/`unlabeled`,
 * `assigned`/`unassigned`, `milestoned`/`demilestoned`. Nothing changes, nothing is sent.
 */
export function updateIssue(ctx: FakeContext, repo: Repo, issue: Issue, patch: IssuePatch, actor: Actor): Issue {
  checkIssueText(patch.title, patch.body);
  const assignees = patch.assignees === undefined ? undefined : assignableAccounts(ctx, repo, patch.assignees);
  checkMilestone(repo, patch.milestone);
  const labels = patch.labels === undefined ? undefined : ensureLabels(ctx, repo, patch.labels, actor.account);
  const sender = actor.account;
  const now = ctx.state.now();

  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? "" };
    const before = issue.body;
    issue.body = patch.body;
    recordBodyEdit(ctx, issue, before, sender);
  }
  if (Object.keys(changes).length > 0) {
    issue.updatedAt = now;
    emitIssueEvent(ctx, repo, issue, "edited", { changes }, sender);
  }

  if (patch.state === "closed" && issue.state === "open") {
    issue.state = "closed";
    issue.stateReason = patch.stateReason === undefined || patch.stateReason === null || patch.stateReason === "reopened" ? "completed" : patch.stateReason;
    issue.closedAt = now;
    issue.closedBy = sender;
    issue.updatedAt = now;
    emitIssueEvent(ctx, repo, issue, "closed", {}, sender);
  } else if (patch.state === "open" && issue.state === "closed") {
    issue.state = "open";
    issue.stateReason = "reopened";
    issue.closedAt = null;
    issue.closedBy = null;
    issue.updatedAt = now;
    emitIssueEvent(ctx, repo, issue, "reopened", {}, sender);
  } else if (issue.state === "closed" && patch.stateReason !== undefined && patch.stateReason !== null && patch.stateReason !== "reopened" && patch.stateReason !== issue.stateReason) {
    issue.stateReason = patch.stateReason;
    issue.updatedAt = now;
  }

  if (labels !== undefined) setIssueLabels(ctx, repo, issue, labels, sender);

  if (assignees !== undefined) {
    const next = [...new Set(assignees.map((account) => account.id))];
    const added = assignees.filter((account) => !issue.assigneeIds.includes(account.id));
    const removed = issue.assigneeIds.filter((id) => !next.includes(id));
    if (added.length > 0 || removed.length > 0) {
      issue.assigneeIds = next;
      issue.updatedAt = now;
      for (const account of added) emitIssueEvent(ctx, repo, issue, "assigned", { assignee: renderUser(ctx, account) }, sender);
      for (const id of removed) {
        const account = [...ctx.state.accounts.values()].find((candidate) => candidate.id === id) as Account;
        emitIssueEvent(ctx, repo, issue, "unassigned", { assignee: renderUser(ctx, account) }, sender);
      }
    }
  }

  if (patch.milestone !== undefined && patch.milestone !== issue.milestoneNumber) {
    const previous = issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
    issue.milestoneNumber = patch.milestone;
    issue.updatedAt = now;
    if (patch.milestone === null) {
      if (previous !== undefined) emitIssueEvent(ctx, repo, issue, "demilestoned", { milestone: renderMilestone(ctx, repo, previous) }, sender);
    } else {
      const milestone = repo.milestones.get(patch.milestone);
      if (milestone !== undefined) emitIssueEvent(ctx, repo, issue, "milestoned", { milestone: renderMilestone(ctx, repo, milestone) }, sender);
    }
  }
  return issue;
}

export function addComment(ctx: FakeContext, repo: Repo, issue: Issue, body: string, actor: Actor): Comment {
  if (body.length > ISSUE_LIMITS.body) {
    throw validationFailed([{ resource: "IssueComment", code: "custom", field: "body", message: `body is too long (maximum is ${ISSUE_LIMITS.body} characters)` }]);
  }
  if (body.trim() === "") throw validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }]);
  const { id, nodeId } = ctx.state.nextId("comment");
  const now = ctx.state.now();
  const comment: Comment = { id, nodeId, issueId: issue.id, body, user: actor.account, viaApp: actor.viaApp, createdAt: now, updatedAt: now };
  ctx.state.comments.set(id, comment);
  issue.commentIds.push(id);
  issue.updatedAt = now;
  emitRepoEvent(ctx, repo, "issue_comment", { action: "created", issue: renderIssue(ctx, issue), comment: renderComment(ctx, comment) }, actor.account);
  return comment;
}

import { actorRef, fieldRef, issueRef, projectOf, requireIssueNode, requireNode, unprocessable, visibleRepo, type GraphqlContext } from "./graphql-context.js";
import { NotImplementedFault } from "./graphql-errors.js";
import type { Resolver } from "./graphql-resolvers.js";
import { addComment, createIssue, setIssueLabels, updateIssue, type IssuePatch } from "./issue-actions.js";
import {
  addProjectItem,
  createProjectField,
  deleteProjectItem,
  setIssueType,
  setItemFieldValue,
  updateProjectField,
  type ProjectFieldInput,
} from "./planning-actions.js";
import type { FieldValue, IssueTypeRecord, OptionColor, Project, ProjectField, ProjectItem } from "./planning-state.js";
import { addBlockedBy, addSubIssue, checkSubIssue, removeBlockedBy, removeSubIssue, reprioritizeSubIssue } from "./relation-actions.js";
import type { Issue, Label, Repo } from "./types.js";

type Input<T> = { input: T & { clientMutationId?: string | null } };

function done<T extends Record<string, unknown>>(input: { clientMutationId?: string | null }, payload: T): T & { clientMutationId: string | null } {
  return { clientMutationId: input.clientMutationId ?? null, ...payload };
}

function repoOf(g: GraphqlContext, issue: Issue): Repo {
  return g.fake.state.repo(issue.repoId);
}

function labelsByIds(g: GraphqlContext, repo: Repo, ids: readonly string[]): Label[] {
  return ids.map((id) => {
    const ref = requireNode(g, id, ["Label"]);
    if (ref.repo.id !== repo.id) throw unprocessable(`Label ${id} does not belong to ${repo.owner.login}/${repo.name}`);
    return ref.label;
  });
}

function loginsByIds(g: GraphqlContext, ids: readonly string[]): string[] {
  return ids.map((id) => requireNode(g, id, ["User"]).account.login);
}

function milestoneNumberById(g: GraphqlContext, repo: Repo, id: string): number {
  const ref = requireNode(g, id, ["Milestone"]);
  if (ref.repo.id !== repo.id) throw unprocessable(`Milestone ${id} does not belong to ${repo.owner.login}/${repo.name}`);
  return ref.milestone.number;
}

/** An issue type for an issue of `repo`: one of its organization's enabled types. */
function issueTypeFor(g: GraphqlContext, repo: Repo, id: string): IssueTypeRecord {
  const { type } = requireNode(g, id, ["IssueType"]);
  if (type.ownerId !== repo.owner.id || !type.isEnabled) throw unprocessable(`Issue type ${type.name} is not available for ${repo.owner.login}/${repo.name}`);
  return type;
}

/**
 * Classic projects (the `projectIds` of createIssue / updateIssue) were sunset; items of
 * projects (v2) are added with addProjectV2ItemById. The fake has no classic projects.
 */
function refuseClassicProjects(projectIds: readonly string[] | null | undefined, mutation: string): void {
  if (projectIds !== undefined && projectIds !== null && projectIds.length > 0) throw new NotImplementedFault(`${mutation}(input: { projectIds })`);
}

/** An issue by the URL `addSubIssue` also accepts (`subIssueUrl`). */
function issueByUrl(g: GraphqlContext, url: string): Issue {
  const match = /\/([^/]+)\/([^/]+)\/issues\/(\d+)\/?$/.exec(new URL(url).pathname);
  const repo = match === null ? undefined : visibleRepo(g, match[1] as string, match[2] as string);
  const issue = repo === undefined ? undefined : g.fake.state.issueByNumber(repo, Number(match?.[3]));
  if (issue === undefined) throw unprocessable(`Could not resolve to an issue with the URL ${url}`);
  return issue;
}

function itemOfProject(g: GraphqlContext, project: Project, itemId: string): ProjectItem {
  const { item } = requireNode(g, itemId, ["ProjectV2Item"]);
  if (item.projectId !== project.id) throw unprocessable(`The item ${itemId} does not belong to the project`);
  return item;
}

function fieldOfProject(g: GraphqlContext, project: Project, fieldId: string): ProjectField {
  const { field } = requireNode(g, fieldId, ["ProjectV2Field", "ProjectV2SingleSelectField", "ProjectV2IterationField"]);
  if (field.projectId !== project.id) throw unprocessable(`The field ${fieldId} does not belong to the project`);
  return field;
}

/** `ProjectV2FieldValue`: exactly one of its keys. */
function fieldValue(value: { text?: string | null; number?: number | null; date?: string | null; singleSelectOptionId?: string | null; iterationId?: string | null }): FieldValue {
  const given = Object.entries(value).filter(([, inner]) => inner !== undefined && inner !== null);
  if (given.length !== 1) throw unprocessable("Exactly one value (text, number, date, singleSelectOptionId, iterationId) must be given");
  if (typeof value.text === "string") return { kind: "text", text: value.text };
  if (typeof value.number === "number") return { kind: "number", number: value.number };
  if (typeof value.date === "string") return { kind: "date", date: value.date.slice(0, 10) };
  if (typeof value.singleSelectOptionId === "string") return { kind: "singleSelect", optionId: value.singleSelectOptionId };
  return { kind: "iteration", iterationId: value.iterationId as string };
}

type OptionInput = { name: string; color: OptionColor; description: string };
type IterationConfig = { duration: number; startDate: string; iterations: Array<{ title: string; startDate: string; duration: number }> };

/** The mutations the fake serves; each one goes through the same actions (and webhooks) as REST. */
export const MUTATIONS: Record<string, Resolver> = {
  createIssue: (_s, args: Input<{ repositoryId: string; title: string; body?: string | null; labelIds?: string[] | null; assigneeIds?: string[] | null; milestoneId?: string | null; parentIssueId?: string | null; issueTypeId?: string | null; projectIds?: string[] | null }>, g) => {
    const { input } = args;
    const { repo } = requireNode(g, input.repositoryId, ["Repository"]);
    refuseClassicProjects(input.projectIds, "createIssue");
    const labels = labelsByIds(g, repo, input.labelIds ?? []).map((label) => label.name);
    const assignees = loginsByIds(g, input.assigneeIds ?? []);
    const milestone = input.milestoneId === undefined || input.milestoneId === null ? null : milestoneNumberById(g, repo, input.milestoneId);
    const type = input.issueTypeId === undefined || input.issueTypeId === null ? null : issueTypeFor(g, repo, input.issueTypeId);
    const parent = input.parentIssueId === undefined || input.parentIssueId === null ? null : requireIssueNode(g, input.parentIssueId);
    // Everything is checked before anything is written: one mutation, one outcome.
    if (parent !== null) {
      if (repoOf(g, parent).owner.id !== repo.owner.id) throw unprocessable("The sub-issue must belong to the same repository owner as the parent issue");
      checkSubIssue(g.fake, parent, null, false);
    }
    const issue = createIssue(g.fake, repo, { title: input.title, body: input.body ?? null, labels, assignees, milestone }, g.actor);
    if (type !== null) setIssueType(g.fake, repo, issue, type, g.actor.account);
    if (parent !== null) addSubIssue(g.fake, parent, issue, false, g.actor.account);
    return done(input, { issue: issueRef(issue) });
  },

  updateIssue: (_s, args: Input<{ id: string; title?: string | null; body?: string | null; state?: "OPEN" | "CLOSED" | null; labelIds?: string[] | null; assigneeIds?: string[] | null; milestoneId?: string | null; issueTypeId?: string | null; projectIds?: string[] | null }>, g) => {
    const { input } = args;
    const issue = requireIssueNode(g, input.id);
    const repo = repoOf(g, issue);
    refuseClassicProjects(input.projectIds, "updateIssue");
    const patch: IssuePatch = {};
    if (typeof input.title === "string") patch.title = input.title;
    if (typeof input.body === "string") patch.body = input.body;
    if (typeof input.state === "string") patch.state = input.state === "OPEN" ? "open" : "closed";
    if (Array.isArray(input.labelIds)) patch.labels = labelsByIds(g, repo, input.labelIds).map((label) => label.name);
    if (Array.isArray(input.assigneeIds)) patch.assignees = loginsByIds(g, input.assigneeIds);
    if (input.milestoneId !== undefined) patch.milestone = input.milestoneId === null ? null : milestoneNumberById(g, repo, input.milestoneId);
    const type = input.issueTypeId === undefined ? undefined : input.issueTypeId === null ? null : issueTypeFor(g, repo, input.issueTypeId);
    updateIssue(g.fake, repo, issue, patch, g.actor);
    if (type !== undefined) setIssueType(g.fake, repo, issue, type, g.actor.account);
    return done(input, { actor: actorRef(g.actor.account), issue: issueRef(issue) });
  },

  closeIssue: (_s, args: Input<{ issueId: string; stateReason?: "COMPLETED" | "NOT_PLANNED" | "DUPLICATE" | null; duplicateIssueId?: string | null }>, g) => {
    const { input } = args;
    const issue = requireIssueNode(g, input.issueId);
    const reason = input.stateReason === undefined || input.stateReason === null ? "completed" : (input.stateReason.toLowerCase() as "completed" | "not_planned" | "duplicate");
    updateIssue(g.fake, repoOf(g, issue), issue, { state: "closed", stateReason: reason }, g.actor);
    return done(input, { issue: issueRef(issue) });
  },

  reopenIssue: (_s, args: Input<{ issueId: string }>, g) => {
    const { input } = args;
    const issue = requireIssueNode(g, input.issueId);
    updateIssue(g.fake, repoOf(g, issue), issue, { state: "open" }, g.actor);
    return done(input, { issue: issueRef(issue) });
  },

  addComment: (_s, args: Input<{ subjectId: string; body: string }>, g) => {
    const { input } = args;
    const { issue } = requireNode(g, input.subjectId, ["Issue", "PullRequest"]);
    const comment = addComment(g.fake, repoOf(g, issue), issue, input.body, g.actor);
    const cursor = Buffer.from(`cursor:v2:${issue.commentIds.length - 1}`).toString("base64");
    return done(input, { commentEdge: { cursor, node: { __typename: "IssueComment", comment } }, subject: issueRef(issue), timelineEdge: null });
  },

  addLabelsToLabelable: (_s, args: Input<{ labelableId: string; labelIds: string[] }>, g) => {
    const { input } = args;
    const { issue } = requireNode(g, input.labelableId, ["Issue", "PullRequest"]);
    const repo = repoOf(g, issue);
    const current = [...repo.labels.values()].filter((label) => issue.labelIds.includes(label.id));
    setIssueLabels(g.fake, repo, issue, [...current, ...labelsByIds(g, repo, input.labelIds)], g.actor.account);
    return done(input, { labelable: issueRef(issue) });
  },

  removeLabelsFromLabelable: (_s, args: Input<{ labelableId: string; labelIds: string[] }>, g) => {
    const { input } = args;
    const { issue } = requireNode(g, input.labelableId, ["Issue", "PullRequest"]);
    const repo = repoOf(g, issue);
    const removed = new Set(labelsByIds(g, repo, input.labelIds).map((label) => label.id));
    setIssueLabels(g.fake, repo, issue, [...repo.labels.values()].filter((label) => issue.labelIds.includes(label.id) && !removed.has(label.id)), g.actor.account);
    return done(input, { labelable: issueRef(issue) });
  },

  addSubIssue: (_s, args: Input<{ issueId: string; subIssueId?: string | null; subIssueUrl?: string | null; replaceParent?: boolean | null }>, g) => {
    const { input } = args;
    const parent = requireIssueNode(g, input.issueId);
    if ((input.subIssueId ?? null) === null && (input.subIssueUrl ?? null) === null) throw unprocessable("Either subIssueId or subIssueUrl must be given");
    const child = typeof input.subIssueId === "string" ? requireIssueNode(g, input.subIssueId) : issueByUrl(g, input.subIssueUrl as string);
    addSubIssue(g.fake, parent, child, input.replaceParent === true, g.actor.account);
    return done(input, { issue: issueRef(parent), subIssue: issueRef(child) });
  },

  removeSubIssue: (_s, args: Input<{ issueId: string; subIssueId: string }>, g) => {
    const { input } = args;
    const parent = requireIssueNode(g, input.issueId);
    const child = requireIssueNode(g, input.subIssueId);
    removeSubIssue(g.fake, parent, child, g.actor.account);
    return done(input, { issue: issueRef(parent), subIssue: issueRef(child) });
  },

  reprioritizeSubIssue: (_s, args: Input<{ issueId: string; subIssueId: string; afterId?: string | null; beforeId?: string | null }>, g) => {
    const { input } = args;
    const parent = requireIssueNode(g, input.issueId);
    const child = requireIssueNode(g, input.subIssueId);
    const anchor: { afterId?: number; beforeId?: number } = {};
    if (typeof input.afterId === "string") anchor.afterId = requireIssueNode(g, input.afterId).id;
    if (typeof input.beforeId === "string") anchor.beforeId = requireIssueNode(g, input.beforeId).id;
    reprioritizeSubIssue(g.fake, parent, child.id, anchor);
    return done(input, { issue: issueRef(parent) });
  },

  addBlockedBy: (_s, args: Input<{ issueId: string; blockingIssueId: string }>, g) => {
    const { input } = args;
    const blocked = requireIssueNode(g, input.issueId);
    const blocking = requireIssueNode(g, input.blockingIssueId);
    addBlockedBy(g.fake, blocked, blocking, g.actor.account);
    return done(input, { issue: issueRef(blocked), blockingIssue: issueRef(blocking) });
  },

  removeBlockedBy: (_s, args: Input<{ issueId: string; blockingIssueId: string }>, g) => {
    const { input } = args;
    const blocked = requireIssueNode(g, input.issueId);
    const blocking = requireIssueNode(g, input.blockingIssueId);
    removeBlockedBy(g.fake, blocked, blocking, g.actor.account);
    return done(input, { issue: issueRef(blocked), blockingIssue: issueRef(blocking) });
  },

  updateIssueIssueType: (_s, args: Input<{ issueId: string; issueTypeId?: string | null }>, g) => {
    const { input } = args;
    const issue = requireIssueNode(g, input.issueId);
    const repo = repoOf(g, issue);
    setIssueType(g.fake, repo, issue, input.issueTypeId === undefined || input.issueTypeId === null ? null : issueTypeFor(g, repo, input.issueTypeId), g.actor.account);
    return done(input, { issue: issueRef(issue) });
  },

  addProjectV2ItemById: (_s, args: Input<{ projectId: string; contentId: string }>, g) => {
    const { input } = args;
    const project = projectOf(g, input.projectId, true);
    const { issue } = requireNode(g, input.contentId, ["Issue", "PullRequest"]);
    const { item } = addProjectItem(g.fake, project, issue, g.actor.account);
    return done(input, { item: { __typename: "ProjectV2Item", item } });
  },

  updateProjectV2ItemFieldValue: (_s, args: Input<{ projectId: string; itemId: string; fieldId: string; value: Parameters<typeof fieldValue>[0] }>, g) => {
    const { input } = args;
    const project = projectOf(g, input.projectId, true);
    const item = itemOfProject(g, project, input.itemId);
    setItemFieldValue(g.fake, project, item, fieldOfProject(g, project, input.fieldId), fieldValue(input.value), g.actor.account);
    return done(input, { projectV2Item: { __typename: "ProjectV2Item", item } });
  },

  clearProjectV2ItemFieldValue: (_s, args: Input<{ projectId: string; itemId: string; fieldId: string }>, g) => {
    const { input } = args;
    const project = projectOf(g, input.projectId, true);
    const item = itemOfProject(g, project, input.itemId);
    setItemFieldValue(g.fake, project, item, fieldOfProject(g, project, input.fieldId), null, g.actor.account);
    return done(input, { projectV2Item: { __typename: "ProjectV2Item", item } });
  },

  deleteProjectV2Item: (_s, args: Input<{ projectId: string; itemId: string }>, g) => {
    const { input } = args;
    const project = projectOf(g, input.projectId, true);
    const item = itemOfProject(g, project, input.itemId);
    deleteProjectItem(g.fake, project, item, g.actor.account);
    return done(input, { deletedItemId: item.nodeId });
  },

  createProjectV2Field: (_s, args: Input<{ projectId: string; dataType: "TEXT" | "NUMBER" | "DATE" | "SINGLE_SELECT" | "ITERATION"; name: string; singleSelectOptions?: OptionInput[] | null; iterationConfiguration?: IterationConfig | null }>, g) => {
    const { input } = args;
    const project = projectOf(g, input.projectId, true);
    let spec: ProjectFieldInput;
    if (input.dataType === "SINGLE_SELECT") {
      if (input.singleSelectOptions === undefined || input.singleSelectOptions === null || input.singleSelectOptions.length === 0) throw unprocessable("Single select fields need at least one option (singleSelectOptions)");
      spec = { name: input.name, dataType: "SINGLE_SELECT", options: input.singleSelectOptions };
    } else if (input.dataType === "ITERATION") {
      const config = input.iterationConfiguration;
      spec = { name: input.name, dataType: "ITERATION", iterations: config?.iterations ?? [], ...(config === undefined || config === null ? {} : { duration: config.duration }) };
    } else {
      spec = { name: input.name, dataType: input.dataType };
    }
    return done(input, { projectV2Field: fieldRef(createProjectField(g.fake, project, spec)) });
  },

  updateProjectV2Field: (_s, args: Input<{ fieldId: string; name?: string | null; singleSelectOptions?: OptionInput[] | null; iterationConfiguration?: IterationConfig | null }>, g) => {
    const { input } = args;
    const { field } = requireNode(g, input.fieldId, ["ProjectV2Field", "ProjectV2SingleSelectField", "ProjectV2IterationField"]);
    const project = g.fake.state.planning.projects.get(field.projectId) as Project;
    projectOf(g, project.nodeId, true);
    const change: Parameters<typeof updateProjectField>[3] = {};
    if (typeof input.name === "string") change.name = input.name;
    if (Array.isArray(input.singleSelectOptions)) change.options = input.singleSelectOptions;
    if (input.iterationConfiguration !== undefined && input.iterationConfiguration !== null) {
      change.iterations = input.iterationConfiguration.iterations;
      change.duration = input.iterationConfiguration.duration;
    }
    return done(input, { projectV2Field: fieldRef(updateProjectField(g.fake, project, field, change)) });
  },
};


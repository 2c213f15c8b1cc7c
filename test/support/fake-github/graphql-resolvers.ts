import type { GraphQLResolveInfo } from "graphql";
import { fullName } from "./fake-state.js";
import { connection, type PageArgs } from "./graphql-connection.js";
import {
  actorRef,
  canSeeRepo,
  checkProjectAccess,
  fieldRef,
  issueRef,
  issueUrl,
  lookupNode,
  repoRef,
  visibleRepo,
  type GraphqlContext,
  type Ref,
} from "./graphql-context.js";
import { notFoundFault } from "./graphql-errors.js";
import type { ContentEdit, Iteration, Project, ProjectField, ProjectItem, SelectOption, StoredValue } from "./planning-state.js";
import { issuesBlockedBy } from "./relation-actions.js";
import { authorAssociation } from "./render-issue.js";
import type { Account, Comment, Issue, Label, Milestone, Pull, Repo } from "./types.js";

export type Resolver = (source: any, args: any, g: GraphqlContext, info: GraphQLResolveInfo) => unknown;
export type ResolverMap = Record<string, Record<string, Resolver>>;

/** GraphQL's Int is 32-bit; GitHub answers null for a `databaseId` past it (use `fullDatabaseId`). */
const INT_MAX = 2_147_483_647;

function databaseId(id: number): number | null {
  return id <= INT_MAX ? id : null;
}

type IssueSource = { issue: Issue };
type AccountSource = { account: Account };

function repoOf(g: GraphqlContext, issue: Issue): Repo {
  return g.fake.state.repo(issue.repoId);
}

function issuesIn(g: GraphqlContext, ids: readonly number[]): Issue[] {
  return ids.map((id) => g.fake.state.issues.get(id)).filter((issue): issue is Issue => issue !== undefined && canSeeRepo(g, repoOf(g, issue)));
}

function labelsOf(repo: Repo, issue: Issue): Label[] {
  return issue.labelIds.map((id) => [...repo.labels.values()].find((label) => label.id === id)).filter((label): label is Label => label !== undefined);
}

function assigneesOf(g: GraphqlContext, issue: Issue): Account[] {
  return issue.assigneeIds.map((id) => g.fake.state.accountById(id)).filter((account): account is Account => account !== undefined);
}

/** An issue body's versions, newest first, as GitHub lists `userContentEdits`. */
function editsOf(g: GraphqlContext, issue: Issue): ContentEdit[] {
  return [...(g.fake.state.planning.edits.get(issue.id) ?? [])].reverse();
}

function labelRef(repo: Repo, label: Label): Ref {
  return { __typename: "Label", repo, label };
}

function milestoneRef(repo: Repo, milestone: Milestone): Ref {
  return { __typename: "Milestone", repo, milestone };
}

const upper = (value: string | null): string | null => (value === null ? null : value.toUpperCase());

/** Projects the installation reaches that hold this issue, with their items. */
function projectItemsOf(g: GraphqlContext, issue: Issue, includeArchived: boolean): ProjectItem[] {
  return g.fake.state.planning.itemsOfIssue(issue.id).filter((item) => {
    const project = g.fake.state.planning.projects.get(item.projectId) as Project;
    if (!includeArchived && item.archivedAt !== null) return false;
    try {
      checkProjectAccess(g, project, false);
      return true;
    } catch {
      return false;
    }
  });
}

/** Issue filters of `Repository.issues` and friends (`states`, `labels`, `filterBy`, `orderBy`). */
function filterIssues(g: GraphqlContext, repo: Repo, args: Record<string, any>): Issue[] {
  const filterBy = (args.filterBy ?? {}) as { assignee?: string; createdBy?: string; labels?: string[]; milestoneNumber?: string; since?: string; states?: string[] };
  const states = (args.states ?? filterBy.states) as string[] | undefined;
  const labels = ((args.labels ?? filterBy.labels) as string[] | undefined)?.map((name) => name.toLowerCase());
  const since = filterBy.since === undefined ? undefined : Date.parse(filterBy.since);
  const issues = [...repo.issueNumbers.values()]
    .map((id) => g.fake.state.issues.get(id) as Issue)
    .filter((issue) => issue.pullNumber === null)
    .filter((issue) => states === undefined || states.includes(issue.state.toUpperCase()))
    .filter((issue) => labels === undefined || labels.every((name) => labelsOf(repo, issue).some((label) => label.name.toLowerCase() === name)))
    .filter((issue) => filterBy.createdBy === undefined || issue.user.login.toLowerCase() === filterBy.createdBy.toLowerCase())
    .filter((issue) => filterBy.assignee === undefined || assigneesOf(g, issue).some((account) => account.login.toLowerCase() === filterBy.assignee?.toLowerCase()))
    .filter((issue) => filterBy.milestoneNumber === undefined || String(issue.milestoneNumber) === filterBy.milestoneNumber)
    .filter((issue) => since === undefined || Date.parse(issue.updatedAt) >= since);
  // Without orderBy GitHub lists issues oldest first.
  const order = (args.orderBy ?? { field: "CREATED_AT", direction: "ASC" }) as { field: string; direction: string };
  const key = (issue: Issue): number => (order.field === "UPDATED_AT" ? Date.parse(issue.updatedAt) : order.field === "COMMENTS" ? issue.commentIds.length : Date.parse(issue.createdAt));
  issues.sort((a, b) => key(a) - key(b) || a.number - b.number);
  if (order.direction === "DESC") issues.reverse();
  return issues;
}

function page<T>(items: readonly T[], args: PageArgs, toNode: (item: T) => unknown): unknown {
  return connection(items, args, toNode);
}

function accountUrl(g: GraphqlContext, account: Account): string {
  return account.type === "Bot" ? g.fake.urls.html(`/apps/${account.login.replace(/\[bot\]$/, "")}`) : g.fake.urls.html(`/${account.login}`);
}

function projectUrl(g: GraphqlContext, project: Project): string {
  return g.fake.urls.html(`/${project.owner.type === "Organization" ? "orgs" : "users"}/${project.owner.login}/projects/${project.number}`);
}

function projectByNumber(g: GraphqlContext, owner: Account, number: number): Ref {
  const project = g.fake.state.planning.projectByNumber(owner.id, number);
  if (project === undefined) throw notFoundFault(`Could not resolve to a ProjectV2 with the number ${number}.`);
  checkProjectAccess(g, project, false);
  return { __typename: "ProjectV2", project };
}

function projectsOf(g: GraphqlContext, owner: Account, args: PageArgs): unknown {
  const projects = g.fake.state.planning.projectsOf(owner.id);
  for (const project of projects) checkProjectAccess(g, project, false);
  return page(projects, args, (project) => ({ __typename: "ProjectV2", project }));
}

/** A value on a project item: a stored custom value, or a built-in one read from the issue. */
type ValueRef = { __typename: string; item: ProjectItem; field: ProjectField; stored?: StoredValue; text?: string; labels?: Ref[]; users?: Account[]; milestone?: Ref; repository?: Ref };

function iterationsOf(field: ProjectField, completed: boolean): Iteration[] {
  const today = new Date().toISOString().slice(0, 10);
  return field.iterations.filter((iteration) => {
    const end = new Date(Date.parse(`${iteration.startDate}T00:00:00Z`) + iteration.duration * 86_400_000).toISOString().slice(0, 10);
    return (end <= today) === completed;
  });
}

/** An item's field values in the project's field order, as `fieldValues` lists them. */
function valuesOf(g: GraphqlContext, item: ProjectItem): ValueRef[] {
  const project = g.fake.state.planning.projects.get(item.projectId) as Project;
  const issue = g.fake.state.issues.get(item.issueId) as Issue;
  const repo = repoOf(g, issue);
  const values: ValueRef[] = [];
  for (const field of g.fake.state.planning.fieldsOf(project)) {
    const stored = item.values.get(field.id);
    switch (field.dataType) {
      case "TITLE":
        values.push({ __typename: "ProjectV2ItemFieldTextValue", item, field, text: issue.title });
        break;
      case "ASSIGNEES":
        if (issue.assigneeIds.length > 0) values.push({ __typename: "ProjectV2ItemFieldUserValue", item, field, users: assigneesOf(g, issue) });
        break;
      case "LABELS":
        if (issue.labelIds.length > 0) values.push({ __typename: "ProjectV2ItemFieldLabelValue", item, field, labels: labelsOf(repo, issue).map((label) => labelRef(repo, label)) });
        break;
      case "MILESTONE": {
        const milestone = issue.milestoneNumber === null ? undefined : repo.milestones.get(issue.milestoneNumber);
        if (milestone !== undefined) values.push({ __typename: "ProjectV2ItemFieldMilestoneValue", item, field, milestone: milestoneRef(repo, milestone) });
        break;
      }
      case "REPOSITORY":
        values.push({ __typename: "ProjectV2ItemFieldRepositoryValue", item, field, repository: repoRef(repo) });
        break;
      default:
        if (stored !== undefined) {
          const typename = { text: "ProjectV2ItemFieldTextValue", number: "ProjectV2ItemFieldNumberValue", date: "ProjectV2ItemFieldDateValue", singleSelect: "ProjectV2ItemFieldSingleSelectValue", iteration: "ProjectV2ItemFieldIterationValue" }[stored.value.kind];
          values.push({ __typename: typename, item, field, stored });
        }
    }
  }
  return values;
}

function optionOf(value: ValueRef): SelectOption | undefined {
  const stored = value.stored?.value;
  return stored?.kind === "singleSelect" ? value.field.options.find((option) => option.id === stored.optionId) : undefined;
}

function iterationOf(value: ValueRef): Iteration | undefined {
  const stored = value.stored?.value;
  return stored?.kind === "iteration" ? value.field.iterations.find((iteration) => iteration.id === stored.iterationId) : undefined;
}

const nodeFields = {
  __typename: (source: { __typename: string }) => source.__typename,
};

const actorFields: Record<string, Resolver> = {
  ...nodeFields,
  id: (s: AccountSource) => s.account.nodeId,
  databaseId: (s: AccountSource) => databaseId(s.account.id),
  // GraphQL names a GitHub App's bot without the REST login's `[bot]` suffix.
  login: (s: AccountSource & { __typename: string }) => (s.__typename === "Bot" ? s.account.login.replace(/\[bot\]$/, "") : s.account.login),
  name: () => null,
  url: (s: AccountSource, _a, g) => accountUrl(g, s.account),
  resourcePath: (s: AccountSource, _a, g) => new URL(accountUrl(g, s.account)).pathname,
  avatarUrl: (s: AccountSource, _a, g) => g.fake.urls.html(`/avatars/u/${s.account.id}?v=4`),
  createdAt: (_s, _a, g) => g.fake.app.createdAt,
  updatedAt: (_s, _a, g) => g.fake.app.createdAt,
  projectV2: (s: AccountSource, args: { number: number }, g) => projectByNumber(g, s.account, args.number),
  projectsV2: (s: AccountSource, args: PageArgs, g) => projectsOf(g, s.account, args),
  repository: (s: AccountSource, args: { name: string }, g) => {
    try {
      return repoRef(visibleRepo(g, s.account.login, args.name));
    } catch {
      return null;
    }
  },
};

const issueFields: Record<string, Resolver> = {
  ...nodeFields,
  id: (s: IssueSource) => s.issue.nodeId,
  databaseId: (s: IssueSource) => databaseId(s.issue.id),
  fullDatabaseId: (s: IssueSource) => String(s.issue.id),
  number: (s: IssueSource) => s.issue.number,
  title: (s: IssueSource) => s.issue.title,
  body: (s: IssueSource) => s.issue.body ?? "",
  bodyText: (s: IssueSource) => s.issue.body ?? "",
  url: (s: IssueSource, _a, g) => issueUrl(g, s.issue),
  resourcePath: (s: IssueSource, _a, g) => new URL(issueUrl(g, s.issue)).pathname,
  state: (s: IssueSource, _a, g) => {
    const pull = s.issue.pullNumber === null ? undefined : repoOf(g, s.issue).pulls.get(s.issue.pullNumber);
    return pull?.merged === true ? "MERGED" : s.issue.state.toUpperCase();
  },
  stateReason: (s: IssueSource) => upper(s.issue.stateReason),
  closed: (s: IssueSource) => s.issue.state === "closed",
  closedAt: (s: IssueSource) => s.issue.closedAt,
  createdAt: (s: IssueSource) => s.issue.createdAt,
  updatedAt: (s: IssueSource) => s.issue.updatedAt,
  publishedAt: (s: IssueSource) => s.issue.createdAt,
  locked: () => false,
  author: (s: IssueSource) => actorRef(s.issue.user),
  authorAssociation: (s: IssueSource, _a, g) => authorAssociation(repoOf(g, s.issue), s.issue.user),
  viewerDidAuthor: (s: IssueSource, _a, g) => s.issue.user.id === g.actor.account.id,
  repository: (s: IssueSource, _a, g) => repoRef(repoOf(g, s.issue)),
  labels: (s: IssueSource, args: PageArgs, g) => {
    const repo = repoOf(g, s.issue);
    return page(labelsOf(repo, s.issue), args, (label) => labelRef(repo, label));
  },
  assignees: (s: IssueSource, args: PageArgs, g) => page(assigneesOf(g, s.issue), args, actorRef),
  milestone: (s: IssueSource, _a, g) => {
    const repo = repoOf(g, s.issue);
    const milestone = s.issue.milestoneNumber === null ? undefined : repo.milestones.get(s.issue.milestoneNumber);
    return milestone === undefined ? null : milestoneRef(repo, milestone);
  },
  comments: (s: IssueSource, args: PageArgs, g) =>
    page(
      s.issue.commentIds.map((id) => g.fake.state.comments.get(id) as Comment),
      args,
      (comment) => ({ __typename: "IssueComment", comment }),
    ),
  parent: (s: IssueSource, _a, g) => issuesIn(g, s.issue.parentId === null ? [] : [s.issue.parentId]).map(issueRef)[0] ?? null,
  subIssues: (s: IssueSource, args: PageArgs, g) => page(issuesIn(g, s.issue.subIssueIds), args, issueRef),
  subIssuesSummary: (s: IssueSource, _a, g) => {
    const children = issuesIn(g, s.issue.subIssueIds);
    const completed = children.filter((child) => child.state === "closed").length;
    return { total: children.length, completed, percentCompleted: children.length === 0 ? 0 : Math.floor((completed * 100) / children.length) };
  },
  // Tasklist tracking ("tracked issues") is retired on GitHub; the fake has none.
  trackedIssues: (_s, args: PageArgs) => page([], args, (item) => item),
  trackedInIssues: (_s, args: PageArgs) => page([], args, (item) => item),
  trackedIssuesCount: () => 0,
  blockedBy: (s: IssueSource, args: PageArgs, g) => page(issuesIn(g, s.issue.blockedByIds), args, issueRef),
  blocking: (s: IssueSource, args: PageArgs, g) => page(issuesBlockedBy(g.fake, s.issue).filter((other) => canSeeRepo(g, repoOf(g, other))), args, issueRef),
  issueDependenciesSummary: (s: IssueSource, _a, g) => {
    const blockers = issuesIn(g, s.issue.blockedByIds);
    const blocked = issuesBlockedBy(g.fake, s.issue);
    return {
      blockedBy: blockers.filter((issue) => issue.state === "open").length,
      blocking: blocked.filter((issue) => issue.state === "open").length,
      totalBlockedBy: blockers.length,
      totalBlocking: blocked.length,
    };
  },
  issueType: (s: IssueSource, _a, g) => {
    const type = g.fake.state.planning.typeOfIssue(s.issue.id);
    return type === undefined ? null : { __typename: "IssueType", type };
  },
  userContentEdits: (s: IssueSource, args: PageArgs, g) => page(editsOf(g, s.issue), args, (edit) => ({ __typename: "UserContentEdit", issue: s.issue, edit })),
  lastEditedAt: (s: IssueSource, _a, g) => editsOf(g, s.issue)[0]?.editedAt ?? null,
  editor: (s: IssueSource, _a, g) => {
    const last = editsOf(g, s.issue)[0];
    return last === undefined ? null : actorRef(last.editor);
  },
  includesCreatedEdit: (s: IssueSource, _a, g) => editsOf(g, s.issue).length > 0,
  projectItems: (s: IssueSource, args: PageArgs & { includeArchived?: boolean }, g) =>
    page(projectItemsOf(g, s.issue, args.includeArchived ?? true), args, (item) => ({ __typename: "ProjectV2Item", item })),
  viewerCanUpdate: () => true,
  viewerCanClose: (s: IssueSource) => s.issue.state === "open",
  viewerCanReopen: (s: IssueSource) => s.issue.state === "closed",
  merged: (s: IssueSource, _a, g) => (s.issue.pullNumber === null ? false : repoOf(g, s.issue).pulls.get(s.issue.pullNumber)?.merged === true),
  isDraft: (s: IssueSource, _a, g) => (s.issue.pullNumber === null ? false : repoOf(g, s.issue).pulls.get(s.issue.pullNumber)?.draft === true),
};

function pullOf(g: GraphqlContext, issue: Issue): Pull {
  return repoOf(g, issue).pulls.get(issue.pullNumber as number) as Pull;
}

/** A pull request has its own node id and database id; its issue side's are not its. */
const pullRequestFields: Record<string, Resolver> = {
  ...issueFields,
  id: (s: IssueSource, _a, g) => pullOf(g, s.issue).nodeId,
  databaseId: (s: IssueSource, _a, g) => databaseId(pullOf(g, s.issue).id),
  fullDatabaseId: (s: IssueSource, _a, g) => String(pullOf(g, s.issue).id),
};

const repositoryFields: Record<string, Resolver> = {
  ...nodeFields,
  id: (s: { repo: Repo }) => s.repo.nodeId,
  databaseId: (s: { repo: Repo }) => databaseId(s.repo.id),
  name: (s: { repo: Repo }) => s.repo.name,
  nameWithOwner: (s: { repo: Repo }) => fullName(s.repo),
  owner: (s: { repo: Repo }) => actorRef(s.repo.owner),
  description: (s: { repo: Repo }) => s.repo.description,
  url: (s: { repo: Repo }, _a, g) => g.fake.urls.html(`/${fullName(s.repo)}`),
  resourcePath: (s: { repo: Repo }) => `/${fullName(s.repo)}`,
  isPrivate: (s: { repo: Repo }) => s.repo.private,
  visibility: (s: { repo: Repo }) => (s.repo.private ? "PRIVATE" : "PUBLIC"),
  isFork: (s: { repo: Repo }) => s.repo.parentId !== null,
  hasIssuesEnabled: () => true,
  // "defaultBranchRef: The Ref associated with the repository's default branch" (GraphQL reference, Repository object).
  defaultBranchRef: (s: { repo: Repo }) => ({ __typename: "Ref", name: s.repo.defaultBranch }),
  createdAt: (s: { repo: Repo }) => s.repo.createdAt,
  updatedAt: (s: { repo: Repo }) => s.repo.updatedAt,
  issue: (s: { repo: Repo }, args: { number: number }, g) => {
    const issue = g.fake.state.issueByNumber(s.repo, args.number);
    if (issue === undefined || issue.pullNumber !== null) throw notFoundFault(`Could not resolve to an Issue with the number of ${args.number}.`);
    return issueRef(issue);
  },
  pullRequest: (s: { repo: Repo }, args: { number: number }, g) => {
    const issue = g.fake.state.issueByNumber(s.repo, args.number);
    if (issue === undefined || issue.pullNumber === null) throw notFoundFault(`Could not resolve to a PullRequest with the number of ${args.number}.`);
    return issueRef(issue);
  },
  issueOrPullRequest: (s: { repo: Repo }, args: { number: number }, g) => {
    const issue = g.fake.state.issueByNumber(s.repo, args.number);
    if (issue === undefined) throw notFoundFault(`Could not resolve to an issue or pull request with the number of ${args.number}.`);
    return issueRef(issue);
  },
  issues: (s: { repo: Repo }, args: Record<string, any>, g) => page(filterIssues(g, s.repo, args), args, issueRef),
  labels: (s: { repo: Repo }, args: PageArgs & { query?: string }) => {
    const labels = [...s.repo.labels.values()].filter((label) => args.query === undefined || label.name.toLowerCase().includes(args.query.toLowerCase()));
    return page(labels, args, (label) => labelRef(s.repo, label));
  },
  label: (s: { repo: Repo }, args: { name: string }) => {
    const label = s.repo.labels.get(args.name.toLowerCase());
    return label === undefined ? null : labelRef(s.repo, label);
  },
  milestone: (s: { repo: Repo }, args: { number: number }) => {
    const milestone = s.repo.milestones.get(args.number);
    return milestone === undefined ? null : milestoneRef(s.repo, milestone);
  },
  milestones: (s: { repo: Repo }, args: PageArgs & { states?: string[] }) =>
    page(
      [...s.repo.milestones.values()].filter((milestone) => args.states === undefined || args.states.includes(milestone.state.toUpperCase())),
      args,
      (milestone) => milestoneRef(s.repo, milestone),
    ),
  issueTypes: (s: { repo: Repo }, args: PageArgs, g) => {
    if (s.repo.owner.type !== "Organization") return null;
    return page(g.fake.state.planning.typesOf(s.repo.owner.id).filter((type) => type.isEnabled), args, (type) => ({ __typename: "IssueType", type }));
  },
  issueType: (s: { repo: Repo }, args: { name: string }, g) => {
    const type = g.fake.state.planning.typesOf(s.repo.owner.id).find((candidate) => candidate.isEnabled && candidate.name.toLowerCase() === args.name.toLowerCase());
    return type === undefined ? null : { __typename: "IssueType", type };
  },
};

const projectFieldFields: Record<string, Resolver> = {
  ...nodeFields,
  id: (s: { field: ProjectField }) => s.field.nodeId,
  databaseId: (s: { field: ProjectField }) => databaseId(s.field.id),
  name: (s: { field: ProjectField }) => s.field.name,
  dataType: (s: { field: ProjectField }) => s.field.dataType,
  createdAt: (s: { field: ProjectField }) => s.field.createdAt,
  updatedAt: (s: { field: ProjectField }) => s.field.updatedAt,
  project: (s: { field: ProjectField }, _a, g) => ({ __typename: "ProjectV2", project: g.fake.state.planning.projects.get(s.field.projectId) }),
  options: (s: { field: ProjectField }, args: { names?: string[] }) => s.field.options.filter((option) => args.names === undefined || args.names.includes(option.name)),
  configuration: (s: { field: ProjectField }) => ({
    iterations: iterationsOf(s.field, false),
    completedIterations: iterationsOf(s.field, true),
    duration: s.field.iterationDuration,
    startDay: s.field.iterationStartDay,
  }),
};

const valueCommon: Record<string, Resolver> = {
  ...nodeFields,
  id: (s: ValueRef) => s.stored?.nodeId ?? `PVTFSV_lQDO${Buffer.from(`${s.item.id}:${s.field.id}`).toString("base64url")}`,
  field: (s: ValueRef) => fieldRef(s.field),
  item: (s: ValueRef) => ({ __typename: "ProjectV2Item", item: s.item }),
  createdAt: (s: ValueRef) => s.stored?.createdAt ?? s.item.createdAt,
  updatedAt: (s: ValueRef) => s.stored?.updatedAt ?? s.item.updatedAt,
  creator: (s: ValueRef) => actorRef(s.stored?.creator ?? s.item.creator),
  databaseId: () => null,
};

/** Every object type the fake serves, field by field; a field not listed is reported as not implemented. */
export const RESOLVERS: ResolverMap = {
  Query: {
    repository: (_s, args: { owner: string; name: string }, g) => repoRef(visibleRepo(g, args.owner, args.name)),
    node: (_s, args: { id: string }, g) => {
      const ref = lookupNode(g, args.id);
      if (ref === null) throw notFoundFault(`Could not resolve to a node with the global id of '${args.id}'`);
      return ref;
    },
    // An id that names nothing is null in the list and a NOT_FOUND error at its index.
    nodes: (_s, args: { ids: string[] }, g) => args.ids.map((id) => lookupNode(g, id) ?? notFoundFault(`Could not resolve to a node with the global id of '${id}'`)),
    organization: (_s, args: { login: string }, g) => {
      const account = g.fake.state.findAccount(args.login);
      if (account === undefined || account.type !== "Organization") throw notFoundFault(`Could not resolve to an Organization with the login of '${args.login}'.`);
      return actorRef(account);
    },
    user: (_s, args: { login: string }, g) => {
      const account = g.fake.state.findAccount(args.login);
      if (account === undefined || account.type !== "User") throw notFoundFault(`Could not resolve to a User with the login of '${args.login}'.`);
      return actorRef(account);
    },
    repositoryOwner: (_s, args: { login: string }, g) => {
      const account = g.fake.state.findAccount(args.login);
      return account === undefined || account.type === "Bot" ? null : actorRef(account);
    },
    // `viewer` is typed User; for an installation token GitHub answers with the bot, `[bot]` included.
    viewer: (_s, _a, g) => ({ __typename: "User", account: g.actor.account }),
    rateLimit: (_s, _a, g) => g.rateLimit,
  },
  Issue: issueFields,
  PullRequest: pullRequestFields,
  Repository: repositoryFields,
  Ref: {
    ...nodeFields,
    id: (s: { name: string }) => `REF_${Buffer.from(s.name).toString("base64url")}`,
    name: (s: { name: string }) => s.name,
    prefix: () => "refs/heads/",
  },
  User: actorFields,
  Organization: {
    ...actorFields,
    issueTypes: (s: AccountSource, args: PageArgs, g) => page(g.fake.state.planning.typesOf(s.account.id), args, (type) => ({ __typename: "IssueType", type })),
  },
  Bot: actorFields,
  Label: {
    ...nodeFields,
    id: (s: { label: Label }) => s.label.nodeId,
    name: (s: { label: Label }) => s.label.name,
    color: (s: { label: Label }) => s.label.color,
    description: (s: { label: Label }) => s.label.description,
    isDefault: () => false,
    url: (s: { repo: Repo; label: Label }, _a, g) => g.fake.urls.html(`/${fullName(s.repo)}/labels/${encodeURIComponent(s.label.name)}`),
    repository: (s: { repo: Repo }) => repoRef(s.repo),
  },
  Milestone: {
    ...nodeFields,
    id: (s: { milestone: Milestone }) => s.milestone.nodeId,
    number: (s: { milestone: Milestone }) => s.milestone.number,
    title: (s: { milestone: Milestone }) => s.milestone.title,
    description: (s: { milestone: Milestone }) => s.milestone.description,
    state: (s: { milestone: Milestone }) => s.milestone.state.toUpperCase(),
    dueOn: (s: { milestone: Milestone }) => s.milestone.dueOn,
    closed: (s: { milestone: Milestone }) => s.milestone.state === "closed",
    createdAt: (s: { milestone: Milestone }) => s.milestone.createdAt,
    url: (s: { repo: Repo; milestone: Milestone }, _a, g) => g.fake.urls.html(`/${fullName(s.repo)}/milestone/${s.milestone.number}`),
  },
  IssueComment: {
    ...nodeFields,
    id: (s: { comment: Comment }) => s.comment.nodeId,
    databaseId: (s: { comment: Comment }) => databaseId(s.comment.id),
    fullDatabaseId: (s: { comment: Comment }) => String(s.comment.id),
    body: (s: { comment: Comment }) => s.comment.body,
    author: (s: { comment: Comment }) => actorRef(s.comment.user),
    createdAt: (s: { comment: Comment }) => s.comment.createdAt,
    updatedAt: (s: { comment: Comment }) => s.comment.updatedAt,
    issue: (s: { comment: Comment }, _a, g) => issueRef(g.fake.state.issues.get(s.comment.issueId) as Issue),
    url: (s: { comment: Comment }, _a, g) => `${issueUrl(g, g.fake.state.issues.get(s.comment.issueId) as Issue)}#issuecomment-${s.comment.id}`,
  },
  IssueType: {
    ...nodeFields,
    id: (s: { type: { nodeId: string } }) => s.type.nodeId,
    name: (s: { type: { name: string } }) => s.type.name,
    description: (s: { type: { description: string | null } }) => s.type.description,
    color: (s: { type: { color: string | null } }) => (s.type.color ?? "gray").toUpperCase(),
    isEnabled: (s: { type: { isEnabled: boolean } }) => s.type.isEnabled,
  },
  UserContentEdit: {
    ...nodeFields,
    id: (s: { edit: ContentEdit }) => s.edit.nodeId,
    editor: (s: { edit: ContentEdit }) => actorRef(s.edit.editor),
    editedAt: (s: { edit: ContentEdit }) => s.edit.editedAt,
    createdAt: (s: { edit: ContentEdit }) => s.edit.editedAt,
    updatedAt: (s: { edit: ContentEdit }) => s.edit.editedAt,
    diff: (s: { edit: ContentEdit }) => s.edit.body,
    deletedAt: () => null,
    deletedBy: () => null,
  },
  ProjectV2: {
    ...nodeFields,
    id: (s: { project: Project }) => s.project.nodeId,
    fullDatabaseId: (s: { project: Project }) => String(s.project.id),
    number: (s: { project: Project }) => s.project.number,
    title: (s: { project: Project }) => s.project.title,
    shortDescription: (s: { project: Project }) => s.project.shortDescription,
    readme: (s: { project: Project }) => s.project.readme,
    public: (s: { project: Project }) => s.project.public,
    closed: (s: { project: Project }) => s.project.closed,
    closedAt: () => null,
    template: () => false,
    createdAt: (s: { project: Project }) => s.project.createdAt,
    updatedAt: (s: { project: Project }) => s.project.updatedAt,
    url: (s: { project: Project }, _a, g) => projectUrl(g, s.project),
    resourcePath: (s: { project: Project }, _a, g) => new URL(projectUrl(g, s.project)).pathname,
    owner: (s: { project: Project }) => actorRef(s.project.owner),
    creator: (s: { project: Project }) => actorRef(s.project.creator),
    viewerCanUpdate: (s: { project: Project }, _a, g) => g.fake.app.permissions.organization_projects === "write" || s.project.owner.type === "User",
    fields: (s: { project: Project }, args: PageArgs, g) => page(g.fake.state.planning.fieldsOf(s.project), args, fieldRef),
    field: (s: { project: Project }, args: { name: string }, g) => {
      const field = g.fake.state.planning.fieldsOf(s.project).find((candidate) => candidate.name === args.name);
      return field === undefined ? null : fieldRef(field);
    },
    items: (s: { project: Project }, args: PageArgs, g) => page(g.fake.state.planning.itemsOf(s.project), args, (item) => ({ __typename: "ProjectV2Item", item })),
  },
  ProjectV2Field: projectFieldFields,
  ProjectV2SingleSelectField: projectFieldFields,
  ProjectV2IterationField: projectFieldFields,
  ProjectV2SingleSelectFieldOption: {
    id: (s: SelectOption) => s.id,
    name: (s: SelectOption) => s.name,
    nameHTML: (s: SelectOption) => s.name,
    color: (s: SelectOption) => s.color,
    description: (s: SelectOption) => s.description,
    descriptionHTML: (s: SelectOption) => s.description,
  },
  ProjectV2IterationFieldIteration: {
    id: (s: Iteration) => s.id,
    title: (s: Iteration) => s.title,
    titleHTML: (s: Iteration) => s.title,
    startDate: (s: Iteration) => s.startDate,
    duration: (s: Iteration) => s.duration,
  },
  ProjectV2Item: {
    ...nodeFields,
    id: (s: { item: ProjectItem }) => s.item.nodeId,
    databaseId: (s: { item: ProjectItem }) => databaseId(s.item.id),
    fullDatabaseId: (s: { item: ProjectItem }) => String(s.item.id),
    type: (s: { item: ProjectItem }, _a, g) => {
      const issue = g.fake.state.issues.get(s.item.issueId) as Issue;
      if (!canSeeRepo(g, repoOf(g, issue))) return "REDACTED";
      return issue.pullNumber === null ? "ISSUE" : "PULL_REQUEST";
    },
    content: (s: { item: ProjectItem }, _a, g) => issuesIn(g, [s.item.issueId]).map(issueRef)[0] ?? null,
    isArchived: (s: { item: ProjectItem }) => s.item.archivedAt !== null,
    createdAt: (s: { item: ProjectItem }) => s.item.createdAt,
    updatedAt: (s: { item: ProjectItem }) => s.item.updatedAt,
    creator: (s: { item: ProjectItem }) => actorRef(s.item.creator),
    project: (s: { item: ProjectItem }, _a, g) => ({ __typename: "ProjectV2", project: g.fake.state.planning.projects.get(s.item.projectId) }),
    fieldValues: (s: { item: ProjectItem }, args: PageArgs, g) => page(valuesOf(g, s.item), args, (value) => value),
    fieldValueByName: (s: { item: ProjectItem }, args: { name: string }, g) => valuesOf(g, s.item).find((value) => value.field.name === args.name) ?? null,
  },
  ProjectV2ItemFieldTextValue: { ...valueCommon, text: (s: ValueRef) => s.text ?? (s.stored?.value.kind === "text" ? s.stored.value.text : null) },
  ProjectV2ItemFieldNumberValue: { ...valueCommon, number: (s: ValueRef) => (s.stored?.value.kind === "number" ? s.stored.value.number : null) },
  ProjectV2ItemFieldDateValue: { ...valueCommon, date: (s: ValueRef) => (s.stored?.value.kind === "date" ? s.stored.value.date : null) },
  ProjectV2ItemFieldSingleSelectValue: {
    ...valueCommon,
    optionId: (s: ValueRef) => optionOf(s)?.id ?? null,
    name: (s: ValueRef) => optionOf(s)?.name ?? null,
    nameHTML: (s: ValueRef) => optionOf(s)?.name ?? null,
    color: (s: ValueRef) => optionOf(s)?.color ?? "GRAY",
    description: (s: ValueRef) => optionOf(s)?.description ?? null,
    descriptionHTML: (s: ValueRef) => optionOf(s)?.description ?? null,
  },
  ProjectV2ItemFieldIterationValue: {
    ...valueCommon,
    iterationId: (s: ValueRef) => iterationOf(s)?.id,
    title: (s: ValueRef) => iterationOf(s)?.title,
    titleHTML: (s: ValueRef) => iterationOf(s)?.title,
    startDate: (s: ValueRef) => iterationOf(s)?.startDate,
    duration: (s: ValueRef) => iterationOf(s)?.duration,
  },
  ProjectV2ItemFieldLabelValue: { __typename: (s: ValueRef) => s.__typename, field: valueCommon.field as Resolver, labels: (s: ValueRef, args: PageArgs) => page(s.labels ?? [], args, (label) => label) },
  ProjectV2ItemFieldUserValue: { __typename: (s: ValueRef) => s.__typename, field: valueCommon.field as Resolver, users: (s: ValueRef, args: PageArgs) => page(s.users ?? [], args, actorRef) },
  ProjectV2ItemFieldMilestoneValue: { __typename: (s: ValueRef) => s.__typename, field: valueCommon.field as Resolver, milestone: (s: ValueRef) => s.milestone ?? null },
  ProjectV2ItemFieldRepositoryValue: { __typename: (s: ValueRef) => s.__typename, field: valueCommon.field as Resolver, repository: (s: ValueRef) => s.repository ?? null },
};

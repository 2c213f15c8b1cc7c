import type { FakeContext } from "./context.js";
import { GitHubError, notFound, validationFailed } from "./github-error.js";
import { emitIssueEvent } from "./issue-actions.js";
import type {
  FieldValue,
  IssueTypeColor,
  IssueTypeRecord,
  Iteration,
  OptionColor,
  Project,
  ProjectField,
  ProjectFieldType,
  ProjectItem,
  SelectOption,
} from "./planning-state.js";
import { renderOrganizationBrief, renderUser } from "./render-core.js";
import { renderChangeValue, renderIssueType, renderProjectItem } from "./render-planning.js";
import type { Account, Issue, Repo } from "./types.js";

export interface IssueTypeInput {
  name: string;
  description?: string | null;
  color?: IssueTypeColor | null;
  isEnabled?: boolean;
}

/**
 * Sets an organization's issue types (Settings → Planning → Issue types). A type keeps its id
 * when it is defined again under the same name, so issues that have it keep it.
 * https://docs.github.com/en/issues/tracking-your-work-with-issues/configuring-issues/managing-issue-types-in-an-organization
 */
export function defineIssueTypes(ctx: FakeContext, org: Account, types: IssueTypeInput[]): IssueTypeRecord[] {
  if (org.type !== "Organization") throw new GitHubError(422, `fake GitHub: ${org.login} is not an organization; only organizations have issue types`);
  const { planning } = ctx.state;
  const existing = planning.typesOf(org.id);
  const now = ctx.state.now();
  const kept = new Set<number>();
  const result = types.map((input) => {
    const previous = existing.find((type) => type.name.toLowerCase() === input.name.toLowerCase());
    const record: IssueTypeRecord = previous ?? { ...ctx.state.nextId("issueType"), ownerId: org.id, name: input.name, description: null, color: null, isEnabled: true, createdAt: now, updatedAt: now };
    record.name = input.name;
    record.description = input.description ?? null;
    record.color = input.color ?? null;
    record.isEnabled = input.isEnabled ?? true;
    record.updatedAt = now;
    planning.issueTypes.set(record.id, record);
    kept.add(record.id);
    return record;
  });
  for (const type of existing) {
    if (kept.has(type.id)) continue;
    planning.issueTypes.delete(type.id);
    for (const [issueId, typeId] of planning.issueTypeOf) if (typeId === type.id) planning.issueTypeOf.delete(issueId);
  }
  return result;
}

/** The enabled issue type of a repository's organization with this name (case-insensitive). */
export function issueTypeByName(ctx: FakeContext, repo: Repo, name: string): IssueTypeRecord | undefined {
  return ctx.state.planning.typesOf(repo.owner.id).find((type) => type.isEnabled && type.name.toLowerCase() === name.toLowerCase());
}

/**
 * Gives an issue a type (null removes it) and sends `issues.typed` / `issues.untyped`. The type
 * must be an enabled type of the repository's organization: user-owned repositories have none.
 */
export function setIssueType(ctx: FakeContext, repo: Repo, issue: Issue, type: IssueTypeRecord | null, sender: Account): void {
  const { planning } = ctx.state;
  if (type !== null && (type.ownerId !== repo.owner.id || !type.isEnabled)) {
    throw validationFailed([{ resource: "Issue", code: "invalid", field: "type", value: type.name }]);
  }
  const previous = planning.typeOfIssue(issue.id);
  if ((previous?.id ?? null) === (type?.id ?? null)) return;
  if (type === null) planning.issueTypeOf.delete(issue.id);
  else planning.issueTypeOf.set(issue.id, type.id);
  issue.updatedAt = ctx.state.now();
  if (type === null) emitIssueEvent(ctx, repo, issue, "untyped", { type: renderIssueType(previous as IssueTypeRecord) }, sender);
  else emitIssueEvent(ctx, repo, issue, "typed", { type: renderIssueType(type) }, sender);
}

export type ProjectFieldInput =
  | { name: string; dataType: "TEXT" | "NUMBER" | "DATE" }
  | { name: string; dataType: "SINGLE_SELECT"; options: Array<string | { name: string; color?: OptionColor; description?: string }> }
  | { name: string; dataType: "ITERATION"; iterations: Array<{ title: string; startDate: string; duration?: number }>; duration?: number };

export interface CreateProjectInput {
  owner: string;
  /** The owner's account type when the fake has not seen the account yet. */
  ownerType?: "Organization" | "User";
  title: string;
  /** Custom fields; a single-select named Status replaces the default Status options. */
  fields?: ProjectFieldInput[];
  public?: boolean;
  creator?: string;
}

/** The fields a new project has before anyone adds one, as GitHub creates them. */
const BUILT_IN_FIELDS: Array<{ name: string; dataType: ProjectFieldType }> = [
  { name: "Title", dataType: "TITLE" },
  { name: "Assignees", dataType: "ASSIGNEES" },
  { name: "Status", dataType: "SINGLE_SELECT" },
  { name: "Labels", dataType: "LABELS" },
  { name: "Linked pull requests", dataType: "LINKED_PULL_REQUESTS" },
  { name: "Milestone", dataType: "MILESTONE" },
  { name: "Repository", dataType: "REPOSITORY" },
  { name: "Reviewers", dataType: "REVIEWERS" },
  { name: "Parent issue", dataType: "PARENT_ISSUE" },
  { name: "Sub-issues progress", dataType: "SUB_ISSUES_PROGRESS" },
];

/** The default Status options of a new project. */
const DEFAULT_STATUS: Array<{ name: string; color: OptionColor; description: string }> = [
  { name: "Todo", color: "GREEN", description: "This item hasn't been started" },
  { name: "In Progress", color: "YELLOW", description: "This is actively being worked on" },
  { name: "Done", color: "PURPLE", description: "This has been completed" },
];

/** Iterations GitHub starts an iteration field with when none are given: two weeks each. */
const DEFAULT_ITERATION_DAYS = 14;

function makeOptions(ctx: FakeContext, options: Array<string | { name: string; color?: OptionColor; description?: string }>, previous: SelectOption[] = []): SelectOption[] {
  return options.map((option) => {
    const spec = typeof option === "string" ? { name: option } : option;
    // An option kept under the same name keeps its id, so item values that use it survive.
    const same = previous.find((candidate) => candidate.name === spec.name);
    return { id: same?.id ?? ctx.state.planning.nextOptionId(), name: spec.name, color: spec.color ?? same?.color ?? "GRAY", description: spec.description ?? same?.description ?? "" };
  });
}

function makeIterations(ctx: FakeContext, iterations: Array<{ title: string; startDate: string; duration?: number }>, duration: number, previous: Iteration[] = []): Iteration[] {
  return iterations.map((iteration) => {
    const same = previous.find((candidate) => candidate.title === iteration.title);
    return { id: same?.id ?? ctx.state.planning.nextOptionId(), title: iteration.title, startDate: iteration.startDate, duration: iteration.duration ?? duration };
  });
}

function fieldPrefix(dataType: ProjectFieldType): string {
  if (dataType === "SINGLE_SELECT") return "PVTSSF_lADO";
  if (dataType === "ITERATION") return "PVTIF_lADO";
  return "PVTF_lADO";
}

function checkFieldName(project: Project, ctx: FakeContext, name: string, except?: number): void {
  if (name.trim() === "") throw new GitHubError(422, "Name can't be blank");
  const clash = ctx.state.planning.fieldsOf(project).some((field) => field.id !== except && field.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new GitHubError(422, "Name has already been taken");
}

/** Adds a custom field to a project (GraphQL `createProjectV2Field`). */
export function createProjectField(ctx: FakeContext, project: Project, input: ProjectFieldInput): ProjectField {
  checkFieldName(project, ctx, input.name);
  const now = ctx.state.now();
  const duration = input.dataType === "ITERATION" ? (input.duration ?? DEFAULT_ITERATION_DAYS) : DEFAULT_ITERATION_DAYS;
  const field: ProjectField = {
    ...ctx.state.nextId("projectField", fieldPrefix(input.dataType)),
    projectId: project.id,
    name: input.name,
    dataType: input.dataType,
    options: input.dataType === "SINGLE_SELECT" ? makeOptions(ctx, input.options) : [],
    iterations: input.dataType === "ITERATION" ? makeIterations(ctx, input.iterations, duration) : [],
    iterationDuration: duration,
    iterationStartDay: 1,
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.planning.fields.set(field.id, field);
  project.fieldIds.push(field.id);
  project.updatedAt = now;
  return field;
}

/**
 * Renames a field or replaces its options / iterations (GraphQL `updateProjectV2Field`). Item
 * values whose option or iteration is gone are cleared, as the board then shows them empty.
 */
export function updateProjectField(
  ctx: FakeContext,
  project: Project,
  field: ProjectField,
  input: { name?: string; options?: Array<{ name: string; color?: OptionColor; description?: string }>; iterations?: Array<{ title: string; startDate: string; duration?: number }>; duration?: number },
): ProjectField {
  if (input.name !== undefined) {
    checkFieldName(project, ctx, input.name, field.id);
    field.name = input.name;
  }
  if (input.options !== undefined) {
    if (field.dataType !== "SINGLE_SELECT") throw new GitHubError(422, "Single select options can only be set on a single select field");
    field.options = makeOptions(ctx, input.options, field.options);
  }
  if (input.iterations !== undefined) {
    if (field.dataType !== "ITERATION") throw new GitHubError(422, "Iterations can only be set on an iteration field");
    if (input.duration !== undefined) field.iterationDuration = input.duration;
    field.iterations = makeIterations(ctx, input.iterations, field.iterationDuration, field.iterations);
  }
  for (const item of ctx.state.planning.itemsOf(project)) {
    const stored = item.values.get(field.id)?.value;
    if (stored?.kind === "singleSelect" && !field.options.some((option) => option.id === stored.optionId)) item.values.delete(field.id);
    if (stored?.kind === "iteration" && !field.iterations.some((iteration) => iteration.id === stored.iterationId)) item.values.delete(field.id);
  }
  field.updatedAt = ctx.state.now();
  return field;
}

export function createProject(ctx: FakeContext, input: CreateProjectInput): Project {
  const { state } = ctx;
  const owner = state.findAccount(input.owner) ?? state.account(input.owner, input.ownerType ?? "User");
  if (input.ownerType !== undefined && owner.type !== input.ownerType) throw new GitHubError(422, `fake GitHub: ${owner.login} is a ${owner.type}, not a ${input.ownerType}`);
  const now = state.now();
  const project: Project = {
    ...state.nextId("project"),
    number: state.planning.projectsOf(owner.id).reduce((max, other) => Math.max(max, other.number), 0) + 1,
    owner,
    title: input.title,
    shortDescription: null,
    readme: null,
    public: input.public ?? false,
    closed: false,
    creator: state.account(input.creator ?? (owner.type === "Organization" ? `${owner.login}-admin` : owner.login)),
    createdAt: now,
    updatedAt: now,
    fieldIds: [],
    itemIds: [],
  };
  state.planning.projects.set(project.id, project);
  const custom = input.fields ?? [];
  const status = custom.find((field) => field.name.toLowerCase() === "status" && field.dataType === "SINGLE_SELECT");
  for (const builtIn of BUILT_IN_FIELDS) {
    if (builtIn.name === "Status") {
      createProjectField(ctx, project, { name: "Status", dataType: "SINGLE_SELECT", options: status?.dataType === "SINGLE_SELECT" ? status.options : DEFAULT_STATUS });
      continue;
    }
    const field: ProjectField = { ...state.nextId("projectField"), projectId: project.id, name: builtIn.name, dataType: builtIn.dataType, options: [], iterations: [], iterationDuration: 0, iterationStartDay: 0, createdAt: now, updatedAt: now };
    state.planning.fields.set(field.id, field);
    project.fieldIds.push(field.id);
  }
  for (const field of custom) if (field !== status) createProjectField(ctx, project, field);
  return project;
}

/**
 * Sends a `projects_v2_item` webhook. GitHub sends these for organization projects only ("This
 * event occurs when there is activity relating to an item on an organization-level project",
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#projects_v2_item): a user
 * project's changes reach no app.
 */
function emitItemEvent(ctx: FakeContext, project: Project, item: ProjectItem, action: string, extra: Record<string, unknown>, sender: Account): void {
  if (project.owner.type !== "Organization") return;
  const installation = [...ctx.state.installations.values()].find((candidate) => candidate.account.id === project.owner.id);
  if (installation === undefined) return;
  void ctx.webhooks.send("projects_v2_item", {
    action,
    projects_v2_item: renderProjectItem(ctx, project, item),
    ...extra,
    organization: renderOrganizationBrief(ctx, project.owner),
    sender: renderUser(ctx, sender),
    installation: { id: installation.id, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}` },
  });
}

/**
 * Adds an issue (or pull request) to a project. Adding one that is already there returns the
 * existing item, as GitHub documents for `addProjectV2ItemById`
 * (https://docs.github.com/en/issues/planning-and-tracking-with-projects/automating-your-project/using-the-api-to-manage-projects#adding-an-item-to-a-project).
 */
export function addProjectItem(ctx: FakeContext, project: Project, issue: Issue, sender: Account): { item: ProjectItem; created: boolean } {
  const existing = ctx.state.planning.itemOf(project, issue.id);
  if (existing !== undefined) return { item: existing, created: false };
  const now = ctx.state.now();
  const item: ProjectItem = { ...ctx.state.nextId("projectItem"), projectId: project.id, issueId: issue.id, creator: sender, createdAt: now, updatedAt: now, archivedAt: null, values: new Map() };
  ctx.state.planning.items.set(item.id, item);
  project.itemIds.push(item.id);
  project.updatedAt = now;
  emitItemEvent(ctx, project, item, "created", {}, sender);
  return { item, created: true };
}

export function deleteProjectItem(ctx: FakeContext, project: Project, item: ProjectItem, sender: Account): void {
  project.itemIds = project.itemIds.filter((id) => id !== item.id);
  ctx.state.planning.items.delete(item.id);
  project.updatedAt = ctx.state.now();
  emitItemEvent(ctx, project, item, "deleted", {}, sender);
}

function sameValue(a: FieldValue | undefined, b: FieldValue | null): boolean {
  if (a === undefined || b === null) return a === undefined && b === null;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets (or, with null, clears) a custom field's value on an item, refusing a value of the wrong
 * kind or an option the field lacks; an unchanged value is no write and sends nothing.
 * Built-in fields (Title, Assignees, Labels, …) follow the issue and cannot be set here.
 */
export function setItemFieldValue(ctx: FakeContext, project: Project, item: ProjectItem, field: ProjectField, value: FieldValue | null, sender: Account): boolean {
  const expected: Partial<Record<ProjectFieldType, FieldValue["kind"]>> = { TEXT: "text", NUMBER: "number", DATE: "date", SINGLE_SELECT: "singleSelect", ITERATION: "iteration" };
  const kind = expected[field.dataType];
  if (kind === undefined) throw new GitHubError(422, `The field ${field.name} cannot be updated: its value follows the item's content`);
  if (value !== null) {
    if (value.kind !== kind) throw new GitHubError(422, `The field ${field.name} is a ${field.dataType} field; the value given is a ${value.kind} value`);
    if (value.kind === "singleSelect" && !field.options.some((option) => option.id === value.optionId)) throw notFound(`The single select option Id does not belong to the field`);
    if (value.kind === "iteration" && !field.iterations.some((iteration) => iteration.id === value.iterationId)) throw notFound(`The iteration Id does not belong to the field`);
    if (value.kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value.date)) throw new GitHubError(422, `${value.date} is not a date (YYYY-MM-DD)`);
  }
  const previous = item.values.get(field.id);
  if (sameValue(previous?.value, value)) return false;
  const from = renderChangeValue(field, item);
  const now = ctx.state.now();
  // A changed value is the sender's: its `creator` names who set what the item shows now (the
  // GraphQL reference, https://docs.github.com/en/graphql/reference/objects#projectv2itemfieldsingleselectvalue,
  // gives `creator` and `updatedAt` and says no more; the app credits board moves on user
  // projects, which send no webhook, by it).
  if (value === null) item.values.delete(field.id);
  else item.values.set(field.id, { nodeId: previous?.nodeId ?? ctx.state.nextId("fieldValue").nodeId, value, creator: sender, createdAt: previous?.createdAt ?? now, updatedAt: now });
  item.updatedAt = now;
  project.updatedAt = now;
  emitItemEvent(
    ctx,
    project,
    item,
    "edited",
    {
      changes: {
        field_value: { field_node_id: field.nodeId, field_type: field.dataType.toLowerCase(), field_name: field.name, project_number: project.number, from, to: renderChangeValue(field, item) },
      },
    },
    sender,
  );
  return true;
}

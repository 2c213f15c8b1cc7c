import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { GitHubError } from "./github-error.js";
import { addProjectItem, createProject, defineIssueTypes, setItemFieldValue, type CreateProjectInput, type IssueTypeInput } from "./planning-actions.js";
import type { FieldValue, Project, ProjectField, ProjectFieldType, ProjectItem } from "./planning-state.js";
import type { Issue } from "./types.js";

/** An item of a project, named the way a person sees it: the project's owner and number, and the issue. */
export interface ProjectItemRef {
  /** Login of the account that owns the project. */
  owner: string;
  /** The project's number (its URL's `/projects/N`). */
  project: number;
  /** The issue's repository, `owner/name`. */
  repo: string;
  issue: number;
}

export interface CreatedProject {
  id: string;
  number: number;
  url: string;
  /** By field name: node id, type, and the ids of options / iterations by name / title. */
  fields: Record<string, { id: string; dataType: ProjectFieldType; options?: Record<string, string>; iterations?: Record<string, string> }>;
}

/** A project as a board shows it: field values by field name (option names, iteration titles). */
export interface ProjectView {
  id: string;
  number: number;
  title: string;
  owner: string;
  ownerType: string;
  fields: Array<{ name: string; dataType: ProjectFieldType; options?: string[]; iterations?: string[] }>;
  items: Array<{ id: string; content: string; archived: boolean; values: Record<string, string | number> }>;
}

/**
 * What people do with issue types and boards: an organization admin defines issue types and
 * creates a project, a person moves an item on the board. Each action resolves once the
 * webhooks it caused were answered.
 */
export class PlanningPersonActions {
  constructor(readonly ctx: FakeContext) {}

  #project(owner: string, number: number): Project {
    const account = this.ctx.state.findAccount(owner);
    const project = account === undefined ? undefined : this.ctx.state.planning.projectByNumber(account.id, number);
    if (project === undefined) throw new GitHubError(404, `fake GitHub: no project ${owner}#${number}`);
    return project;
  }

  #issue(repoName: string, number: number): Issue {
    const [owner, name] = repoName.split("/") as [string, string];
    const repo = this.ctx.state.repoByName(owner, name ?? "");
    const issue = repo === undefined ? undefined : this.ctx.state.issueByNumber(repo, number);
    if (issue === undefined) throw new GitHubError(404, `fake GitHub: no issue ${repoName}#${number}`);
    return issue;
  }

  async #settled<T>(value: T): Promise<T> {
    await this.ctx.webhooks.idle();
    return value;
  }

  async defineIssueTypes(org: string, types: IssueTypeInput[]): Promise<Array<{ id: string; databaseId: number; name: string }>> {
    const account = this.ctx.state.findAccount(org);
    if (account === undefined) throw new GitHubError(404, `fake GitHub: no account ${org}`);
    const defined = defineIssueTypes(this.ctx, account, types);
    return await this.#settled(defined.map((type) => ({ id: type.nodeId, databaseId: type.id, name: type.name })));
  }

  async createProject(input: CreateProjectInput): Promise<CreatedProject> {
    const project = createProject(this.ctx, input);
    const fields: CreatedProject["fields"] = {};
    for (const field of this.ctx.state.planning.fieldsOf(project)) {
      fields[field.name] = {
        id: field.nodeId,
        dataType: field.dataType,
        ...(field.dataType === "SINGLE_SELECT" ? { options: Object.fromEntries(field.options.map((option) => [option.name, option.id])) } : {}),
        ...(field.dataType === "ITERATION" ? { iterations: Object.fromEntries(field.iterations.map((iteration) => [iteration.title, iteration.id])) } : {}),
      };
    }
    const url = this.ctx.urls.html(`/${project.owner.type === "Organization" ? "orgs" : "users"}/${project.owner.login}/projects/${project.number}`);
    return await this.#settled({ id: project.nodeId, number: project.number, url, fields });
  }

  /** A person adds an issue to a board; returns the item's node id (the existing one if it is there). */
  async addProjectItem(input: ProjectItemRef & { sender: string }): Promise<string> {
    const project = this.#project(input.owner, input.project);
    const { item } = addProjectItem(this.ctx, project, this.#issue(input.repo, input.issue), this.ctx.state.account(input.sender));
    return await this.#settled(item.nodeId);
  }

  /**
   * A person sets a field of an item on the board (moves its Status, say): `value` is an option
   * name, an iteration title, a number, a `YYYY-MM-DD` date or text; null clears it. An
   * organization project sends `projects_v2_item.edited` with `changes.field_value`; a user
   * project sends nothing.
   */
  async setProjectItemField(input: ProjectItemRef & { field: string; value: string | number | null; sender: string }): Promise<void> {
    const project = this.#project(input.owner, input.project);
    const item = this.ctx.state.planning.itemOf(project, this.#issue(input.repo, input.issue).id);
    if (item === undefined) throw new GitHubError(404, `fake GitHub: ${input.repo}#${input.issue} is not on project ${input.owner}#${input.project}`);
    const field = this.ctx.state.planning.fieldsOf(project).find((candidate) => candidate.name.toLowerCase() === input.field.toLowerCase());
    if (field === undefined) throw new GitHubError(404, `fake GitHub: project ${input.owner}#${input.project} has no field ${input.field}`);
    setItemFieldValue(this.ctx, project, item, field, input.value === null ? null : valueFor(field, input.value), this.ctx.state.account(input.sender));
    return await this.#settled(undefined);
  }

  project(owner: string, number: number): ProjectView {
    const project = this.#project(owner, number);
    const fields = this.ctx.state.planning.fieldsOf(project);
    return {
      id: project.nodeId,
      number: project.number,
      title: project.title,
      owner: project.owner.login,
      ownerType: project.owner.type,
      fields: fields.map((field) => ({
        name: field.name,
        dataType: field.dataType,
        ...(field.dataType === "SINGLE_SELECT" ? { options: field.options.map((option) => option.name) } : {}),
        ...(field.dataType === "ITERATION" ? { iterations: field.iterations.map((iteration) => iteration.title) } : {}),
      })),
      items: this.ctx.state.planning.itemsOf(project).map((item) => this.#itemView(item, fields)),
    };
  }

  #itemView(item: ProjectItem, fields: ProjectField[]): ProjectView["items"][number] {
    const issue = this.ctx.state.issues.get(item.issueId) as Issue;
    const values: Record<string, string | number> = {};
    for (const field of fields) {
      const stored = item.values.get(field.id)?.value;
      if (stored === undefined) continue;
      if (stored.kind === "singleSelect") values[field.name] = field.options.find((option) => option.id === stored.optionId)?.name ?? stored.optionId;
      else if (stored.kind === "iteration") values[field.name] = field.iterations.find((iteration) => iteration.id === stored.iterationId)?.title ?? stored.iterationId;
      else if (stored.kind === "number") values[field.name] = stored.number;
      else if (stored.kind === "date") values[field.name] = stored.date;
      else values[field.name] = stored.text;
    }
    return { id: item.nodeId, content: `${fullName(this.ctx.state.repo(issue.repoId))}#${issue.number}`, archived: item.archivedAt !== null, values };
  }
}

function valueFor(field: ProjectField, value: string | number): FieldValue {
  switch (field.dataType) {
    case "SINGLE_SELECT": {
      const option = field.options.find((candidate) => candidate.name.toLowerCase() === String(value).toLowerCase());
      if (option === undefined) throw new GitHubError(422, `fake GitHub: ${field.name} has no option ${value} (${field.options.map((candidate) => candidate.name).join(", ")})`);
      return { kind: "singleSelect", optionId: option.id };
    }
    case "ITERATION": {
      const iteration = field.iterations.find((candidate) => candidate.title === String(value));
      if (iteration === undefined) throw new GitHubError(422, `fake GitHub: ${field.name} has no iteration ${value}`);
      return { kind: "iteration", iterationId: iteration.id };
    }
    case "NUMBER":
      return { kind: "number", number: Number(value) };
    case "DATE":
      return { kind: "date", date: String(value) };
    default:
      return { kind: "text", text: String(value) };
  }
}

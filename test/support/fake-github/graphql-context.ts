import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { forbiddenFault, GraphqlFault, notFoundFault } from "./graphql-errors.js";
import type { ContentEdit, IssueTypeRecord, Project, ProjectField, ProjectItem } from "./planning-state.js";
import type { Account, Actor, Comment, Installation, InstallationToken, Issue, Label, Milestone, Repo } from "./types.js";

/** What every resolver works with: the fake, who asks, and what their token may see. */
export interface GraphqlContext {
  fake: FakeContext;
  actor: Actor;
  installation: Installation;
  token: InstallationToken;
  /** The rate limit as it stands after this request's cost. */
  rateLimit: { cost: number; limit: number; remaining: number; used: number; resetAt: string; nodeCount: number };
}

/**
 * Resolved objects carry their GraphQL type name (`__typename`) and the fake's record, so that
 * interfaces and unions (Node, Actor, ProjectV2ItemContent, …) resolve without guessing.
 */
export type Ref =
  | { __typename: "Issue"; issue: Issue }
  | { __typename: "PullRequest"; issue: Issue }
  | { __typename: "Repository"; repo: Repo }
  | { __typename: "User"; account: Account }
  | { __typename: "Organization"; account: Account }
  | { __typename: "Bot"; account: Account }
  | { __typename: "Label"; repo: Repo; label: Label }
  | { __typename: "Milestone"; repo: Repo; milestone: Milestone }
  | { __typename: "IssueComment"; comment: Comment }
  | { __typename: "IssueType"; type: IssueTypeRecord }
  | { __typename: "UserContentEdit"; issue: Issue; edit: ContentEdit }
  | { __typename: "ProjectV2"; project: Project }
  | { __typename: "ProjectV2Field"; field: ProjectField }
  | { __typename: "ProjectV2SingleSelectField"; field: ProjectField }
  | { __typename: "ProjectV2IterationField"; field: ProjectField }
  | { __typename: "ProjectV2Item"; item: ProjectItem };

export function issueRef(issue: Issue): Ref {
  return issue.pullNumber === null ? { __typename: "Issue", issue } : { __typename: "PullRequest", issue };
}

export function repoRef(repo: Repo): Ref {
  return { __typename: "Repository", repo };
}

export function actorRef(account: Account): Ref {
  return { __typename: account.type, account } as Ref;
}

export function fieldRef(field: ProjectField): Ref {
  if (field.dataType === "SINGLE_SELECT") return { __typename: "ProjectV2SingleSelectField", field };
  if (field.dataType === "ITERATION") return { __typename: "ProjectV2IterationField", field };
  return { __typename: "ProjectV2Field", field };
}

/** Whether the installation token may read a repository: the same rule as the REST routes. */
export function canSeeRepo(g: GraphqlContext, repo: Repo): boolean {
  return g.installation.repoIds.has(repo.id) && (g.token.repoIds === null || g.token.repoIds.has(repo.id));
}

export function visibleRepo(g: GraphqlContext, owner: string, name: string): Repo {
  const repo = g.fake.state.repoByName(owner, name);
  if (repo === undefined || !canSeeRepo(g, repo)) throw notFoundFault(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
  return repo;
}

/**
 * Whether the installation may read (or write) a project. An installation reaches the projects
 * of the account it is installed on; an organization's need the `organization_projects`
 * permission ("Resource not accessible by integration" without it), as GitHub documents for
 * apps that change a project's fields
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation).
 */
export function checkProjectAccess(g: GraphqlContext, project: Project, write: boolean): void {
  if (project.owner.id !== g.installation.account.id) throw notFoundFault(`Could not resolve to a ProjectV2 with the number ${project.number}.`);
  if (project.owner.type !== "Organization") return;
  const permission = g.fake.app.permissions.organization_projects;
  if (permission === undefined || (write && permission !== "write" && permission !== "admin")) throw forbiddenFault();
}

function issueRepo(g: GraphqlContext, issue: Issue): Repo {
  return g.fake.state.repo(issue.repoId);
}

/**
 * The object a global node id names, if this token may see it; `expect` narrows the kinds a
 * mutation argument accepts. GitHub: "Could not resolve to a node with the global id of '…'".
 */
export function lookupNode(g: GraphqlContext, id: string): Ref | null {
  const { state } = g.fake;
  const entry = state.nodes.get(id);
  if (entry === undefined) return null;
  switch (entry.kind) {
    case "issue": {
      const issue = state.issues.get(entry.id);
      return issue !== undefined && canSeeRepo(g, issueRepo(g, issue)) ? issueRef(issue) : null;
    }
    case "pull": {
      for (const repo of state.repos.values()) {
        const pull = [...repo.pulls.values()].find((candidate) => candidate.id === entry.id);
        if (pull !== undefined) return canSeeRepo(g, repo) ? issueRef(state.issues.get(pull.issueId) as Issue) : null;
      }
      return null;
    }
    case "repo": {
      const repo = state.repos.get(entry.id);
      return repo !== undefined && canSeeRepo(g, repo) ? repoRef(repo) : null;
    }
    case "account": {
      const account = state.accountById(entry.id);
      return account === undefined ? null : actorRef(account);
    }
    case "label":
      for (const repo of state.repos.values()) {
        const label = [...repo.labels.values()].find((candidate) => candidate.id === entry.id);
        if (label !== undefined) return canSeeRepo(g, repo) ? { __typename: "Label", repo, label } : null;
      }
      return null;
    case "milestone":
      for (const repo of state.repos.values()) {
        const milestone = [...repo.milestones.values()].find((candidate) => candidate.id === entry.id);
        if (milestone !== undefined) return canSeeRepo(g, repo) ? { __typename: "Milestone", repo, milestone } : null;
      }
      return null;
    case "comment": {
      const comment = state.comments.get(entry.id);
      const issue = comment === undefined ? undefined : state.issues.get(comment.issueId);
      return comment !== undefined && issue !== undefined && canSeeRepo(g, issueRepo(g, issue)) ? { __typename: "IssueComment", comment } : null;
    }
    case "issueType": {
      const type = state.planning.issueTypes.get(entry.id);
      return type === undefined ? null : { __typename: "IssueType", type };
    }
    case "contentEdit":
      for (const [issueId, edits] of state.planning.edits) {
        const edit = edits.find((candidate) => candidate.id === entry.id);
        const issue = state.issues.get(issueId);
        if (edit !== undefined && issue !== undefined) return canSeeRepo(g, issueRepo(g, issue)) ? { __typename: "UserContentEdit", issue, edit } : null;
      }
      return null;
    case "project": {
      const project = state.planning.projects.get(entry.id);
      return project === undefined || project.owner.id !== g.installation.account.id ? null : { __typename: "ProjectV2", project };
    }
    case "projectField": {
      const field = state.planning.fields.get(entry.id);
      const project = field === undefined ? undefined : state.planning.projects.get(field.projectId);
      return field === undefined || project?.owner.id !== g.installation.account.id ? null : fieldRef(field);
    }
    case "projectItem": {
      const item = state.planning.items.get(entry.id);
      const project = item === undefined ? undefined : state.planning.projects.get(item.projectId);
      return item === undefined || project?.owner.id !== g.installation.account.id ? null : { __typename: "ProjectV2Item", item };
    }
    default:
      return null;
  }
}

/** A node id argument that must name one of `kinds`; anything else is GitHub's NOT_FOUND. */
export function requireNode<K extends Ref["__typename"]>(g: GraphqlContext, id: string, kinds: readonly K[]): Extract<Ref, { __typename: K }> {
  const ref = lookupNode(g, id);
  if (ref === null || !(kinds as readonly string[]).includes(ref.__typename)) throw notFoundFault(`Could not resolve to a node with the global id of '${id}'.`);
  return ref as Extract<Ref, { __typename: K }>;
}

export function requireIssueNode(g: GraphqlContext, id: string): Issue {
  return requireNode(g, id, ["Issue"]).issue;
}

export function projectOf(g: GraphqlContext, projectId: string, write: boolean): Project {
  const { project } = requireNode(g, projectId, ["ProjectV2"]);
  checkProjectAccess(g, project, write);
  return project;
}

export function issueUrl(g: GraphqlContext, issue: Issue): string {
  const repo = issueRepo(g, issue);
  return g.fake.urls.html(`/${fullName(repo)}/${issue.pullNumber === null ? "issues" : "pull"}/${issue.number}`);
}

export function unprocessable(message: string): GraphqlFault {
  return new GraphqlFault("UNPROCESSABLE", message);
}

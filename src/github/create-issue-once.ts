import { listNewestMirroredIssues } from "./list-newest-mirrored-issues.js";
import { isGraphqlRefusal } from "./request-errors.js";
import type { GitHubScope } from "./types.js";
import { writeOnce } from "./write-once.js";

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees?: string[];
  milestone?: number;
}

/**
 * The same issue as GraphQL's `createIssue` takes it, with its parent: one write where REST takes
 * two (create, then `POST …/sub_issues`). Labels and the milestone by node id.
 */
export interface NewIssueWithParent {
  repositoryId: string;
  parentIssueId: string;
  labelIds: string[];
  milestoneId?: string;
}

export interface CreatedIssue {
  number: number;
  id: number;
  nodeId?: string;
  /** The parent the issue has once made, when known (a GraphQL create, or an issue found after a lost answer). */
  parentNumber?: number | null;
}

const CREATE_ISSUE = `mutation TaskmirrorCreateIssue($input: CreateIssueInput!) {
  createIssue(input: $input) { issue { id number fullDatabaseId parent { number } } }
}`;

interface CreateIssuePayload {
  createIssue: { issue: { id: string; number: number; fullDatabaseId: string | number | null; parent: { number: number } | null } | null } | null;
}

/**
 * Creates the issue of task `key` at most once. After a create whose answer was lost, the
 * newest issues are read (no filter: see listNewestMirroredIssues) and the app's issue that
 * carries the key and was not among the sync's `listed` issues is taken as the one the create
 * made — an old issue that keeps the key (the matching chose not to reuse it) is not it. The
 * marker is in the body whichever API makes the issue, so the guard is the same for both.
 *
 * With `withParent`, the issue is made by GraphQL's `createIssue` as a sub-issue at once; when
 * GraphQL refuses it (a typed error: nothing was made), it is made by REST without the parent,
 * and the plan's sub-issue link makes the link as before.
 */
export async function createIssueOnce(
  scope: GitHubScope,
  key: string,
  issue: NewIssue,
  botLogin: string,
  listed: ReadonlySet<number> = new Set(),
  withParent?: NewIssueWithParent,
): Promise<CreatedIssue> {
  const { octokit, repo, log } = scope;
  let graphql = withParent;
  const viaRest = async (): Promise<CreatedIssue> => {
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, ...issue, request: { retries: 0 } });
    return { number: data.number, id: Number(data.id), ...(data.node_id ? { nodeId: data.node_id } : {}) };
  };
  return writeOnce(log, {
    what: { key },
    write: async () => {
      if (graphql === undefined) return viaRest();
      try {
        return await viaGraphql(scope, issue, graphql);
      } catch (error) {
        if (!isGraphqlRefusal(error)) throw error;
        log.warn({ key, err: error }, "GraphQL refused to create the issue with its parent: creating it by REST, then linking it");
        graphql = undefined;
        return viaRest();
      }
    },
    find: async () => {
      const newest = await listNewestMirroredIssues(scope, botLogin);
      const made = newest.find((candidate) => candidate.marker.key === key && !listed.has(candidate.number));
      return made ? { number: made.number, id: made.id, parentNumber: made.parentNumber, ...(made.nodeId ? { nodeId: made.nodeId } : {}) } : undefined;
    },
  });
}

async function viaGraphql({ octokit }: GitHubScope, issue: NewIssue, withParent: NewIssueWithParent): Promise<CreatedIssue> {
  const input = {
    repositoryId: withParent.repositoryId,
    title: issue.title,
    body: issue.body,
    labelIds: withParent.labelIds,
    parentIssueId: withParent.parentIssueId,
    ...(withParent.milestoneId === undefined ? {} : { milestoneId: withParent.milestoneId }),
  };
  // No retry by Octokit: a second createIssue after a lost answer is a second issue.
  const data = await octokit.graphql<CreateIssuePayload>(CREATE_ISSUE, { input, request: { retries: 0 } });
  const made = data.createIssue?.issue;
  if (!made || made.fullDatabaseId === null) throw new Error("createIssue answered without the issue it made");
  return { number: made.number, id: Number(made.fullDatabaseId), nodeId: made.id, parentNumber: made.parent?.number ?? null };
}

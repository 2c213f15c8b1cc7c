import type { GitHubScope } from "./types.js";

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface NodeIds {
  repositoryId: string;
  /** Label node ids by lower-cased name: GitHub's label names do not differ by case alone. */
  labels: Map<string, string>;
  /** Milestone node ids by title. */
  milestones: Map<string, string>;
}

// Both connections on one page: 200 nodes, 1 point. A page holds at most 100 nodes
// (https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#node-limit).
const FIRST_PAGE = `query TaskmirrorRepositoryNodeIds($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) {
    id
    labels(first: 100) { nodes { id name } pageInfo { hasNextPage endCursor } }
    milestones(first: 100, states: [OPEN, CLOSED]) { nodes { id title } pageInfo { hasNextPage endCursor } }
  }
}`;

const MORE_LABELS = `query TaskmirrorMoreLabels($owner: String!, $name: String!, $after: String!) {
  repository(owner: $owner, name: $name) {
    labels(first: 100, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } }
  }
}`;

const MORE_MILESTONES = `query TaskmirrorMoreMilestones($owner: String!, $name: String!, $after: String!) {
  repository(owner: $owner, name: $name) {
    milestones(first: 100, after: $after, states: [OPEN, CLOSED]) { nodes { id title } pageInfo { hasNextPage endCursor } }
  }
}`;

/**
 * The node ids a GraphQL `createIssue` takes instead of REST's names and numbers: the
 * repository's, its labels' and its milestones'. Read once per sync (one query for up to 100
 * labels and 100 milestones), and only when a create goes through GraphQL.
 */
export class RepositoryNodeIds {
  #loaded: Promise<NodeIds> | undefined;

  constructor(private readonly scope: GitHubScope) {}

  load(): Promise<NodeIds> {
    return (this.#loaded ??= this.#read());
  }

  async #read(): Promise<NodeIds> {
    const { octokit, repo } = this.scope;
    const vars = { owner: repo.owner, name: repo.repo };
    const first = await octokit.graphql<{
      repository: { id: string; labels: Page<{ id: string; name: string }>; milestones: Page<{ id: string; title: string }> };
    }>(FIRST_PAGE, vars);
    const ids: NodeIds = { repositoryId: first.repository.id, labels: new Map(), milestones: new Map() };
    let labels = first.repository.labels;
    for (;;) {
      for (const label of labels.nodes) ids.labels.set(label.name.toLowerCase(), label.id);
      if (!labels.pageInfo.hasNextPage || labels.pageInfo.endCursor === null) break;
      labels = (await octokit.graphql<{ repository: { labels: typeof labels } }>(MORE_LABELS, { ...vars, after: labels.pageInfo.endCursor })).repository.labels;
    }
    let milestones = first.repository.milestones;
    for (;;) {
      for (const milestone of milestones.nodes) ids.milestones.set(milestone.title, milestone.id);
      if (!milestones.pageInfo.hasNextPage || milestones.pageInfo.endCursor === null) break;
      milestones = (await octokit.graphql<{ repository: { milestones: typeof milestones } }>(MORE_MILESTONES, { ...vars, after: milestones.pageInfo.endCursor })).repository
        .milestones;
    }
    return ids;
  }
}

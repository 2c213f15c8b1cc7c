import type { GitHub } from "../types.js";

export interface ProjectItemIssue {
  number: number;
  body: string;
  state: "open" | "closed";
  /** GraphQL's login: a bot's without `[bot]`. */
  author: string | null;
  repository: { owner: string; repo: string; defaultBranch: string };
}

/**
 * The issue a project item holds, by its node id (`content_node_id`: the webhook names no
 * repository). Null when the node is no issue or the installation cannot see it.
 */
export async function loadProjectItemIssue(octokit: GitHub, nodeId: string): Promise<ProjectItemIssue | null> {
  interface Answer {
    node: { number?: number; body?: string; state?: "OPEN" | "CLOSED"; author?: { login: string } | null; repository?: { name: string; owner: { login: string }; defaultBranchRef: { name: string } | null } } | null;
  }
  let answer: Answer;
  try {
    answer = await octokit.graphql<Answer>(
      `query ProjectItemIssue($id: ID!) {
  node(id: $id) { ... on Issue { number body state author { login } repository { name owner { login } defaultBranchRef { name } } } }
}`,
      { id: nodeId },
    );
  } catch (error) {
    // A repository the installation was not given: GraphQL's NOT_FOUND, with `node` null.
    const data = (error as { data?: Answer }).data;
    if (data && data.node === null) return null;
    throw error;
  }
  const node = answer.node;
  if (!node || node.number === undefined || !node.repository) return null;
  return {
    number: node.number,
    body: node.body ?? "",
    state: node.state === "CLOSED" ? "closed" : "open",
    author: node.author?.login ?? null,
    repository: { owner: node.repository.owner.login, repo: node.repository.name, defaultBranch: node.repository.defaultBranchRef?.name ?? "main" },
  };
}

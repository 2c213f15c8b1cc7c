import type { BodyVersion } from "../../core/sync/find-tick-author.js";
import type { GitHubScope } from "../types.js";

/** Versions of the body read: enough for the ticks since the last sync, at GraphQL's cost of one point. */
const EDITS = 30;
/** Recent comments read, to find a notice already posted. */
const COMMENTS = 30;

export interface TickHistory {
  /** The body's versions, newest first (GitHub's `userContentEdits`, each `diff` the whole body). */
  versions: BodyVersion[];
  /** Database ids of the editors, by login (to credit them in the commit). */
  ids: Map<string, number>;
  /** The newest comments' bodies and authors (a bot's login without `[bot]`, as GraphQL gives it). */
  comments: Array<{ author: string | null; body: string }>;
}

interface Answer {
  repository: {
    issue: {
      userContentEdits: { nodes: Array<{ diff: string | null; editor: { login: string; databaseId?: number | null } | null } | null> | null } | null;
      comments: { nodes: Array<{ body: string; author: { login: string } | null } | null> | null };
    } | null;
  } | null;
}

const QUERY = `query TickHistory($owner: String!, $repo: String!, $number: Int!, $edits: Int!, $comments: Int!) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      userContentEdits(first: $edits) { nodes { diff editor { login ... on User { databaseId } } } }
      comments(last: $comments) { nodes { body author { login } } }
    }
  }
}`;

/** An issue's edit history and newest comments: one GraphQL request. */
export async function loadTickHistory({ octokit, repo }: Pick<GitHubScope, "octokit" | "repo">, number: number): Promise<TickHistory> {
  const answer = await octokit.graphql<Answer>(QUERY, { owner: repo.owner, repo: repo.repo, number, edits: EDITS, comments: COMMENTS });
  const issue = answer.repository?.issue;
  const versions: BodyVersion[] = [];
  const ids = new Map<string, number>();
  for (const node of issue?.userContentEdits?.nodes ?? []) {
    if (!node) continue;
    versions.push({ editor: node.editor?.login ?? null, body: node.diff ?? "" });
    if (node.editor && typeof node.editor.databaseId === "number") ids.set(node.editor.login, node.editor.databaseId);
  }
  const comments = (issue?.comments.nodes ?? []).flatMap((node) => (node ? [{ author: node.author?.login ?? null, body: node.body }] : []));
  return { versions, ids, comments };
}

import { listNewestMirroredIssues } from "./list-newest-mirrored-issues.js";
import type { GitHubScope } from "./types.js";
import { writeOnce } from "./write-once.js";

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
  assignees?: string[];
  milestone?: number;
}

export interface CreatedIssue {
  number: number;
  id: number;
}

/**
 * Creates the issue of task `key` at most once. After a create whose answer was lost, the
 * newest issues are read (no filter: see listNewestMirroredIssues) and the app's issue that
 * carries the key and was not among the sync's `listed` issues is taken as the one the create
 * made — an old issue that keeps the key (the matching chose not to reuse it) is not it.
 */
export async function createIssueOnce(
  scope: GitHubScope,
  key: string,
  issue: NewIssue,
  botLogin: string,
  listed: ReadonlySet<number> = new Set(),
): Promise<CreatedIssue> {
  const { octokit, repo, log } = scope;
  return writeOnce(log, {
    what: { key },
    write: async () => {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, ...issue, request: { retries: 0 } });
      return { number: data.number, id: Number(data.id) };
    },
    find: async () => {
      const newest = await listNewestMirroredIssues(scope, botLogin);
      const made = newest.find((candidate) => candidate.marker.key === key && !listed.has(candidate.number));
      return made ? { number: made.number, id: made.id } : undefined;
    },
  });
}

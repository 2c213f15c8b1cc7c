import { PAGE_SIZE_MAX } from "../core/limits.js";
import { loadProjectUpdatedAt } from "./project/load-project-updated-at.js";
import type { RepositoryTags } from "./repository-tag-store.js";
import { statusOf } from "./request-errors.js";
import type { GitHubScope } from "./types.js";

export interface Probe {
  /** Whether either answer differs from the tags given (no tags: changed). */
  changed: boolean;
  /** The tags now, to keep once a sync has converged the repository (null: an answer had none). */
  tags: RepositoryTags | null;
}

/**
 * Two conditional reads that tell whether a repository changed since `known` was taken: the
 * branch's head ref, and the first page of issues (pull requests included) by last update, all
 * states — any edit, close, label or comment moves an issue to its top. GitHub answers a
 * matching `If-None-Match` with 304, which "does not count against your primary rate limit"
 * ("Best practices for using the REST API" → conditional requests); Octokit throws it as a
 * RequestError with status 304. When the last converged sync kept a project, a third read
 * (GraphQL: not conditional) compares its `updatedAt`: a user's board sends no webhook, and a
 * done move made there is the sync's to find.
 */
export async function probeRepository({ octokit, repo }: Pick<GitHubScope, "octokit" | "repo">, branch: string, known: RepositoryTags | undefined): Promise<Probe> {
  const same = known?.branch === branch ? known : undefined;
  const conditional = (tag: string | undefined) => (tag === undefined ? {} : { headers: { "if-none-match": tag } });
  const tagOf = async (read: () => Promise<{ headers: { etag?: string } }>, tag: string | undefined): Promise<{ changed: boolean; tag: string | undefined }> => {
    try {
      const response = await read();
      return { changed: true, tag: response.headers.etag };
    } catch (error) {
      if (statusOf(error) === 304 && tag !== undefined) return { changed: false, tag };
      throw error;
    }
  };
  const [head, issues, project] = await Promise.all([
    tagOf(() => octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${branch}`, ...conditional(same?.head) }), same?.head),
    tagOf(
      () =>
        octokit.request("GET /repos/{owner}/{repo}/issues", {
          ...repo,
          state: "all",
          sort: "updated",
          direction: "desc",
          per_page: PAGE_SIZE_MAX,
          ...conditional(same?.issues),
        }),
      same?.issues,
    ),
    same?.project ? loadProjectUpdatedAt({ octokit }, same.project) : Promise.resolve(null),
  ]);
  const moved = same?.project !== undefined && project !== same.project.updatedAt;
  const tags = head.tag !== undefined && issues.tag !== undefined ? { branch, head: head.tag, issues: issues.tag } : null;
  return { changed: same === undefined || head.changed || issues.changed || moved, tags };
}

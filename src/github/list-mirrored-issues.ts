import type { MirroredIssue } from "../core/plan/types.js";
import { PAGE_SIZE_MAX } from "../core/limits.js";
import { ownedMirroredIssues } from "./owned-mirrored-issues.js";
import type { RestIssue } from "./to-mirrored-issue.js";
import type { GitHubScope } from "./types.js";

/**
 * Every issue the app mirrors, open or closed: EVERY issue of the repository is listed and the
 * app's are picked by marker and author in code (ownedMirroredIssues) — never by title or label
 * (a person may remove a label), and never by trusting a server-side `creator=` filter, which
 * has matched nothing for a bot login on GitHub Enterprise Cloud and would make every sync
 * duplicate every issue. The price is a page per 100 issues and pull requests of the
 * repository, its people's included. Oldest first, so that pages stay put as issues are added
 * (a new issue lands on the last page), which keeps conditional requests on the earlier pages
 * answerable with 304. Two issues may carry the same key (a rekey half applied when a sync
 * stopped, a marker copied by hand): both are listed, and the matching decides which one is the
 * task's (src/core/plan/match-tasks.ts).
 */
export async function listMirroredIssues({ octokit, repo }: GitHubScope, botLogin: string): Promise<MirroredIssue[]> {
  const listed = (await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    state: "all",
    sort: "created",
    direction: "asc",
    per_page: PAGE_SIZE_MAX,
  })) as RestIssue[];
  return ownedMirroredIssues(listed, botLogin);
}

import { PAGE_SIZE_MAX } from "../core/limits.js";
import type { GitHubScope } from "./types.js";
import { writeOnce } from "./write-once.js";

/** Margin for the clocks of this host and GitHub disagreeing, when asking what was posted. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Posts a comment at most once: a comment repeated by a retry is noise people see. After a
 * lost answer, the issue's comments since just before the attempt are read, and a bot's
 * comment with exactly this text is taken as the one posted (callers that post a comment do
 * not all know the app's login; a person cannot write as a bot).
 */
export async function postComment(scope: GitHubScope, issueNumber: number, body: string): Promise<void> {
  const { octokit, repo, log } = scope;
  const since = new Date(Date.now() - CLOCK_SKEW_MS).toISOString();
  await writeOnce(log, {
    what: { issue: issueNumber, comment: "post" },
    write: async () => {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: issueNumber, body, request: { retries: 0 } });
      return true;
    },
    find: async () => {
      const comments = await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...repo,
        issue_number: issueNumber,
        since,
        per_page: PAGE_SIZE_MAX,
      });
      return comments.some((comment) => comment.user?.type === "Bot" && comment.body === body) ? true : undefined;
    },
  });
}

import { PAGE_SIZE_MAX } from "../core/limits.js";
import { parseMarker } from "../core/render/marker.js";
import { statusOf } from "./request-errors.js";
import type { GitHubScope } from "./types.js";

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

/** Attempts in all when GitHub's answer to a create is lost (5xx, timeout, reset). */
const CREATE_ATTEMPTS = 3;
/** Margin for the clocks of this host and GitHub disagreeing, when asking what was created. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Creates the issue of task `key` at most once. A create that failed with a 5xx or without an
 * answer may still have happened on GitHub's side, so it is never blindly retried (the retry
 * plugin is off for it): first the app's issues updated since just before the attempt are
 * searched for the task's marker, and only when none holds it is the create tried again.
 */
export async function createIssueOnce(scope: GitHubScope, key: string, issue: NewIssue, botLogin: string): Promise<CreatedIssue> {
  const { octokit, repo, log } = scope;
  for (let attempt = 1; ; attempt += 1) {
    const since = new Date(Date.now() - CLOCK_SKEW_MS).toISOString();
    try {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, ...issue, request: { retries: 0 } });
      return { number: data.number, id: Number(data.id) };
    } catch (error) {
      const status = statusOf(error);
      if ((status !== undefined && status < 500) || attempt >= CREATE_ATTEMPTS) throw error;
      log.warn({ key, status, attempt }, "creating an issue failed without a clear answer; looking for it before trying again");
      const found = await findCreated(scope, key, botLogin, since);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
    }
  }
}

async function findCreated({ octokit, repo }: GitHubScope, key: string, botLogin: string, since: string): Promise<CreatedIssue | null> {
  const issues = await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    state: "all",
    creator: botLogin,
    since,
    sort: "created",
    direction: "desc",
    per_page: PAGE_SIZE_MAX,
  });
  const matches = issues.filter((issue) => !issue.pull_request && parseMarker(issue.body ?? "")?.key === key);
  const oldest = matches.sort((a, b) => a.number - b.number)[0];
  return oldest ? { number: oldest.number, id: Number(oldest.id) } : null;
}

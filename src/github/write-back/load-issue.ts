import type { GitHubScope } from "../types.js";

export interface IssueNow {
  number: number;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
}

/** An issue as it is now: write-back decisions are made on it, never on a webhook's copy. */
export async function loadIssue({ octokit, repo }: Pick<GitHubScope, "octokit" | "repo">, number: number): Promise<IssueNow> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: number });
  return {
    number: data.number,
    body: data.body ?? "",
    state: data.state === "closed" ? "closed" : "open",
    stateReason: data.state_reason ?? null,
  };
}

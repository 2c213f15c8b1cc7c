import { PAGE_SIZE_MAX } from "../../core/limits.js";
import type { GitHubScope } from "../types.js";

export interface PullRequestFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** The path before a rename. */
  previous_filename?: string;
  /** The file's blob sha at the head (for a removed file, at the base). */
  sha: string | null;
}

/**
 * The files a pull request changes (its three-dot diff), paginated. GitHub lists at most 3000;
 * a pull request that large is checked as far as that list goes.
 */
export async function listPullRequestFiles({ octokit, repo }: GitHubScope, pullNumber: number): Promise<PullRequestFile[]> {
  const files = await octokit.paginate("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
    ...repo,
    pull_number: pullNumber,
    per_page: PAGE_SIZE_MAX,
  });
  return files.map((file) => ({
    filename: file.filename,
    status: file.status,
    sha: file.sha ?? null,
    ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
  }));
}

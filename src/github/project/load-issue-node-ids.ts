import { PAGE_SIZE_MAX } from "../../core/limits.js";
import type { GitHubScope } from "../types.js";

/**
 * The GraphQL node ids of issues by number (what `addProjectV2ItemById` takes): up to 100
 * issues per query, one aliased `issue(number:)` field each. An issue that is gone is left out.
 */
export async function loadIssueNodeIds({ octokit, repo }: GitHubScope, numbers: readonly number[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (let start = 0; start < numbers.length; start += PAGE_SIZE_MAX) {
    const chunk = numbers.slice(start, start + PAGE_SIZE_MAX);
    const fields = chunk.map((number) => `i${number}: issue(number: ${number}) { id }`).join("\n    ");
    const answer = await octokit.graphql<{ repository: Record<string, { id: string } | null> | null }>(
      `query IssueNodeIds($owner: String!, $name: String!) {\n  repository(owner: $owner, name: $name) {\n    ${fields}\n  }\n}`,
      { owner: repo.owner, name: repo.repo },
    );
    for (const number of chunk) {
      const found = answer.repository?.[`i${number}`];
      if (found) ids.set(number, found.id);
    }
  }
  return ids;
}

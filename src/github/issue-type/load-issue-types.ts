import { PAGE_SIZE_MAX } from "../../core/limits.js";
import type { GitHubScope } from "../types.js";

/**
 * The issue types the repository's issues can take (its organization's enabled types; none for
 * a user's repository), by GraphQL `Repository.issueTypes`: the repository's own access is
 * enough, no organization permission. An organization has at most 25 types, so one page.
 */
export async function loadIssueTypes({ octokit, repo }: GitHubScope): Promise<string[]> {
  const answer = await octokit.graphql<{ repository: { issueTypes: { nodes: Array<{ name: string } | null> } | null } | null }>(
    `query IssueTypes($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { issueTypes(first: ${PAGE_SIZE_MAX}) { nodes { name } } }
}`,
    { owner: repo.owner, name: repo.repo },
  );
  return (answer.repository?.issueTypes?.nodes ?? []).flatMap((node) => (node ? [node.name] : []));
}

import type { ProjectRef } from "../../core/project/types.js";
import { isFatal } from "../request-errors.js";
import type { GitHubScope } from "../types.js";

/**
 * A project's `updatedAt` (one GraphQL read: GraphQL answers no conditional request), null when
 * it cannot be read. Any item or field change moves it, a move on a user's board included.
 */
export async function loadProjectUpdatedAt({ octokit }: Pick<GitHubScope, "octokit">, ref: ProjectRef): Promise<string | null> {
  const root = ref.ownerType === "Organization" ? "organization" : "user";
  try {
    const answer = await octokit.graphql<{ owner: { projectV2: { updatedAt: string } | null } | null }>(
      `query ProjectUpdatedAt($login: String!, $number: Int!) {\n  owner: ${root}(login: $login) { projectV2(number: $number) { updatedAt } }\n}`,
      { login: ref.login, number: ref.number },
    );
    return answer.owner?.projectV2?.updatedAt ?? null;
  } catch (error) {
    if (isFatal(error)) throw error;
    return null;
  }
}

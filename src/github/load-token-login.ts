import { statusOf } from "./request-errors.js";
import type { GitHub } from "./types.js";

/** The bot a workflow's GITHUB_TOKEN acts as. */
export const WORKFLOW_BOT_LOGIN = "github-actions[bot]";

/**
 * Who the token acts as — the creator of the issues a sync with it makes, and so whose issues
 * the mirrored ones are. A user token (a PAT) answers `GET /user`. An installation token —
 * a workflow's GITHUB_TOKEN (`github-actions[bot]`) or a GitHub App's (`<slug>[bot]`) — gets
 * 403 there and `GET /app` wants the app's JWT; GraphQL's `viewer` names its bot. Guessing
 * instead would list nobody's issues and create every one again on each sync.
 */
export async function loadTokenLogin(octokit: GitHub): Promise<string> {
  try {
    const { data } = await octokit.request("GET /user");
    return data.login;
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
  }
  const { viewer } = await octokit.graphql<{ viewer: { login: string } }>("query { viewer { login } }");
  return viewer.login;
}

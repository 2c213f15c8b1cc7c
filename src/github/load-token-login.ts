import { statusOf } from "./request-errors.js";
import type { GitHub } from "./types.js";

/** The login a workflow's GITHUB_TOKEN acts as: it creates the issues a workflow syncs. */
export const WORKFLOW_BOT_LOGIN = "github-actions[bot]";

/**
 * Whose issues are the mirrored ones when syncing with a token: the token's user. An
 * installation token (a workflow's GITHUB_TOKEN) cannot read `GET /user` (403); its issues
 * are created by github-actions[bot].
 */
export async function loadTokenLogin(octokit: GitHub): Promise<string> {
  try {
    const { data } = await octokit.request("GET /user");
    return data.login;
  } catch (error) {
    if (statusOf(error) === 403) return WORKFLOW_BOT_LOGIN;
    throw error;
  }
}

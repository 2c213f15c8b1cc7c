import type { GitHub } from "./types.js";

/**
 * The login the app acts as (`slug[bot]`): the sender of the events its own writes cause and
 * the creator of every issue it mirrors. `GET /app` needs the app's JWT, not an installation
 * token.
 */
export async function loadBotLogin(appOctokit: GitHub): Promise<string> {
  const { data } = await appOctokit.request("GET /app");
  if (!data?.slug) throw new Error("GET /app returned no slug");
  return `${data.slug}[bot]`;
}

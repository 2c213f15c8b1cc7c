import type { GitHub } from "./types.js";

/**
 * The web address for an API base URL, for permalinks: `https://api.github.com` →
 * `https://github.com`, GitHub Enterprise `https://host/api/v3` → `https://host`.
 */
export function serverUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === "api.github.com") return `${url.protocol}//github.com`;
  // GHE.com data residency: api.TENANT.ghe.com serves TENANT.ghe.com.
  if (url.hostname.startsWith("api.") && url.pathname.replace(/\/$/, "") === "") return `${url.protocol}//${url.host.slice(4)}`;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/api\/v3\/?$/, "").replace(/\/$/, "")}`;
}

/** The web address of the GitHub an Octokit talks to. */
export function serverUrlFor(octokit: GitHub): string {
  return serverUrlOf(octokit.request.endpoint.DEFAULTS.baseUrl);
}

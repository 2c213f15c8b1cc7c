import type { ProjectRef } from "./types.js";

/** `https://github.com/orgs/acme/projects/3` → the organization acme's project 3; null when it names no project. */
export function parseProjectUrl(url: string): ProjectRef | null {
  const match = /^https?:\/\/[^/\s]+\/(orgs|users)\/([^/\s]+)\/projects\/(\d+)\/?$/.exec(url.trim());
  if (!match) return null;
  return { ownerType: match[1] === "orgs" ? "Organization" : "User", login: decodeURIComponent(match[2]!), number: Number(match[3]) };
}

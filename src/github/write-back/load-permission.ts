import { statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";

export interface Permission {
  permission: string | null;
  roleName: string | null;
}

/** How long a person's permission is trusted: a burst of ticks costs one request, a change of role applies within a minute. */
export const PERMISSION_TTL_MS = 60_000;

/** Permissions by (repository, login), each for PERMISSION_TTL_MS. */
export class PermissionCache {
  readonly #entries = new Map<string, { value: Permission; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): Permission | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expires > this.now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: Permission): void {
    this.#entries.set(key, { value, expires: this.now() + PERMISSION_TTL_MS });
  }
}

const shared = new PermissionCache();

/**
 * A person's permission on the repository (`GET /collaborators/{username}/permission`). A
 * login that is not a collaborator is answered with 404 on some plans: that is no permission.
 */
export async function loadPermission({ octokit, repo }: Pick<GitHubScope, "octokit" | "repo">, login: string, cache: PermissionCache = shared): Promise<Permission> {
  const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
  const cached = cache.get(key);
  if (cached) return cached;
  let value: Permission;
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...repo, username: login });
    value = { permission: data.permission ?? null, roleName: data.role_name ?? null };
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
    value = { permission: "none", roleName: null };
  }
  cache.set(key, value);
  return value;
}

/** Repository roles from least to most, as `GET /collaborators/{username}/permission` names them. */
const RANK: Record<string, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * Does a person's role reach the least role the config asks for? Unknown roles (a custom
 * repository role GitHub names by its own name) count as nothing: the endpoint's `role_name`
 * is tried first, and its coarse `permission` (which maps maintain to write) is the fallback,
 * so a custom role built on write still passes a `write` requirement.
 */
export function permissionAllows(
  granted: { roleName?: string | null; permission?: string | null },
  required: "write" | "maintain" | "admin",
): boolean {
  const role = RANK[granted.roleName ?? ""] ?? RANK[granted.permission ?? ""] ?? 0;
  return role >= (RANK[required] ?? Number.POSITIVE_INFINITY);
}

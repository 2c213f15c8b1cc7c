import type { FakeContext } from "./context.js";
import { GitHubError, notFound } from "./github-error.js";
import { renderRepo, renderUser } from "./render-core.js";
import { renderBranch } from "./render-git.js";
import type { Router } from "./router.js";
import type { Repo, RepoPermission } from "./types.js";

/** A person's role on a repository, as GitHub resolves it. */
export function permissionOf(repo: Repo, login: string): RepoPermission {
  if (login.toLowerCase() === repo.owner.login.toLowerCase()) return "admin";
  const explicit = repo.permissions.get(login.toLowerCase());
  if (explicit !== undefined) return explicit;
  return repo.private ? "none" : "read";
}

/** The legacy `permission` field folds maintain into write and triage into read. */
const LEGACY_PERMISSION: Record<RepoPermission, string> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read", none: "none" };
const RANK: RepoPermission[] = ["none", "read", "triage", "write", "maintain", "admin"];

export function repoRoutes(router: Router, ctx: FakeContext): void {
  router.repo("GET", "/repos/{owner}/{repo}", (request) => ({ status: 200, body: renderRepo(ctx, request.repo) }));

  router.repo("GET", "/repos/{owner}/{repo}/branches/{branch}", (request) => {
    const branch = request.params.branch ?? "";
    if (!request.repo.branches.has(branch)) throw notFound("Branch not found");
    return { status: 200, body: renderBranch(ctx, request.repo, branch) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", (request) => {
    const login = request.params.username ?? "";
    const account = ctx.state.findAccount(login);
    if (account === undefined) throw new GitHubError(404, `${login} is not a user`);
    const role = permissionOf(request.repo, account.login);
    const at = (level: RepoPermission): boolean => RANK.indexOf(role) >= RANK.indexOf(level);
    return {
      status: 200,
      body: {
        permission: LEGACY_PERMISSION[role],
        role_name: role === "none" ? "none" : role,
        user: {
          ...renderUser(ctx, account),
          permissions: { admin: at("admin"), maintain: at("maintain"), push: at("write"), triage: at("triage"), pull: at("read") },
          role_name: role,
        },
      },
    };
  });
}

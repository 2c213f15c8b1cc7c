import { issueInstallationToken } from "./app-auth.js";
import type { FakeContext } from "./context.js";
import { GitHubError, notFound, validationFailed } from "./github-error.js";
import { paginate } from "./paginate.js";
import { renderApp, renderInstallation, renderRepo } from "./render-core.js";
import type { Router } from "./router.js";
import type { Repo } from "./types.js";

/** Routes an app calls with its JWT: who am I, where am I installed, an installation token. */
export function appRoutes(router: Router, ctx: FakeContext): void {
  router.on("GET", "/app", () => ({ status: 200, body: renderApp(ctx) }), "jwt");

  router.on(
    "GET",
    "/app/installations",
    (request) => {
      const page = paginate(ctx, request, [...ctx.state.installations.values()].map((installation) => renderInstallation(ctx, installation)));
      return { status: 200, body: page.items, headers: page.headers };
    },
    "jwt",
  );

  router.on(
    "GET",
    "/app/installations/{installation_id}",
    (request) => {
      const installation = ctx.state.installations.get(Number(request.params.installation_id));
      if (installation === undefined) throw notFound();
      return { status: 200, body: renderInstallation(ctx, installation) };
    },
    "jwt",
  );

  router.on(
    "POST",
    "/app/installations/{installation_id}/access_tokens",
    (request) => {
      const installation = ctx.state.installations.get(Number(request.params.installation_id));
      if (installation === undefined) throw notFound();
      const body = (request.body ?? {}) as { repositories?: string[]; repository_ids?: number[] };
      let repos: Repo[] | null = null;
      if (body.repositories !== undefined || body.repository_ids !== undefined) {
        repos = [];
        for (const name of body.repositories ?? []) {
          const repo = ctx.state.repoByName(installation.account.login, name);
          if (repo === undefined || !installation.repoIds.has(repo.id)) throw validationFailed([{ resource: "Repository", code: "invalid", field: "repositories", value: name }], "There is at least one repository that does not exist or is not accessible to the parent installation.");
          repos.push(repo);
        }
        for (const id of body.repository_ids ?? []) {
          const repo = ctx.state.repos.get(id);
          if (repo === undefined || !installation.repoIds.has(repo.id)) throw validationFailed([{ resource: "Repository", code: "invalid", field: "repository_ids", value: id }], "There is at least one repository that does not exist or is not accessible to the parent installation.");
          repos.push(repo);
        }
      }
      const token = issueInstallationToken(ctx.state, installation.id, repos === null ? null : new Set(repos.map((repo) => repo.id)));
      const out: Record<string, unknown> = {
        token: token.token,
        expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: ctx.app.permissions,
        repository_selection: "selected",
      };
      if (repos !== null) out.repositories = repos.map((repo) => renderRepo(ctx, repo, "webhook"));
      return { status: 201, body: out };
    },
    "jwt",
  );

  // With an installation token: the repositories it can reach (all of the installation's, or
  // the ones the token was restricted to), sorted by name as GitHub lists them.
  router.on("GET", "/installation/repositories", (request) => {
    const installation = ctx.state.installations.get(request.installationId ?? -1);
    if (installation === undefined) throw notFound();
    const repos = [...installation.repoIds]
      .filter((id) => request.tokenRepoIds === null || request.tokenRepoIds.has(id))
      .map((id) => ctx.state.repo(id))
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
    const page = paginate(ctx, request, repos.map((repo) => renderRepo(ctx, repo)));
    return { status: 200, body: { total_count: repos.length, repositories: page.items, repository_selection: "selected" }, headers: page.headers };
  });

  // Every token the fake issues is an installation token (the app's, or a workflow's
  // GITHUB_TOKEN), and GitHub answers "the authenticated user" only to user tokens
  // (https://docs.github.com/en/rest/users/users#get-the-authenticated-user).
  router.on(
    "GET",
    "/user",
    () => {
      throw new GitHubError(403, "Resource not accessible by integration");
    },
    "installation",
  );

  // REST "Rate limit": "Accessing this endpoint does not count against your REST API rate
  // limit" (the api server neither counts nor refuses it). The primary budget of the token, as
  // `core` and the closing-down `rate`; the fake budgets nothing else, so the rest read full.
  router.on("GET", "/rate_limit", (request) => {
    const core = request.budget ?? { limit: 5000, used: 0, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 };
    const full = { limit: 5000, used: 0, remaining: 5000, reset: core.reset };
    return { status: 200, body: { resources: { core, search: { ...full, limit: 30, remaining: 30 }, graphql: full }, rate: core } };
  });

  router.on(
    "GET",
    "/repos/{owner}/{repo}/installation",
    (request) => {
      const repo = ctx.state.repoByName(request.params.owner ?? "", request.params.repo ?? "");
      const installation = repo === undefined ? undefined : ctx.state.installationOf(repo);
      if (installation === undefined) throw notFound();
      return { status: 200, body: renderInstallation(ctx, installation) };
    },
    "jwt",
  );
}


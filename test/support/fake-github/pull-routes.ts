import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { notFound, validationFailed } from "./github-error.js";
import { updateIssue, type IssuePatch } from "./issue-actions.js";
import { paginate } from "./paginate.js";
import { openPull, openPullFor } from "./pull-actions.js";
import { renderDiffEntry } from "./render-git.js";
import { pullChanges, renderPull } from "./render-pull.js";
import type { RepoRouteRequest, Router } from "./router.js";
import type { Issue, Pull, Repo } from "./types.js";

/** GitHub lists at most 3000 files of a pull request. */
const PULL_FILES_MAX = 3000;

/** `branch` or `owner:branch`; the owner names a fork in the same network. */
function resolveHead(ctx: FakeContext, baseRepo: Repo, head: string, headRepoName?: string): { repo: Repo; ref: string } | null {
  const colon = head.indexOf(":");
  if (colon === -1 && headRepoName === undefined) return { repo: baseRepo, ref: head };
  const owner = colon === -1 ? baseRepo.owner.login : head.slice(0, colon);
  const ref = colon === -1 ? head : head.slice(colon + 1);
  const repo = [...ctx.state.repos.values()].find(
    (candidate) =>
      candidate.networkId === baseRepo.networkId &&
      candidate.owner.login.toLowerCase() === owner.toLowerCase() &&
      (headRepoName === undefined || candidate.name.toLowerCase() === headRepoName.toLowerCase()),
  );
  return repo === undefined ? null : { repo, ref };
}

function requirePull(repo: Repo, number: string | undefined): Pull {
  const pull = repo.pulls.get(Number(number));
  if (pull === undefined) throw notFound();
  return pull;
}

export function pullRoutes(router: Router, ctx: FakeContext): void {
  router.repo("POST", "/repos/{owner}/{repo}/pulls", (request) => {
    const body = request.body as { title?: string; head: string; head_repo?: string; base: string; body?: string; draft?: boolean; maintainer_can_modify?: boolean };
    if (body.title === undefined || body.title.trim() === "") throw validationFailed([{ resource: "PullRequest", code: "missing_field", field: "title" }]);
    const head = resolveHead(ctx, request.repo, body.head, body.head_repo);
    if (head === null) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
    const pull = openPull(
      ctx,
      request.repo,
      { headRepo: head.repo, headRef: head.ref, baseRef: body.base, title: body.title, body: body.body ?? null, draft: body.draft ?? false, maintainerCanModify: body.maintainer_can_modify ?? true },
      request.actor,
    );
    return { status: 201, body: renderPull(ctx, request.repo, pull), headers: { location: ctx.urls.apiPath(`/repos/${request.params.owner}/${request.params.repo}/pulls/${pull.number}`) } };
  });

  router.repo("GET", "/repos/{owner}/{repo}/pulls", (request: RepoRouteRequest) => {
    const { repo, query } = request;
    const state = (query.state as string | undefined) ?? "open";
    const sort = (query.sort as string | undefined) ?? "created";
    const direction = (query.direction as string | undefined) ?? (sort === "created" ? "desc" : "asc");
    const headFilter = typeof query.head === "string" ? resolveHead(ctx, repo, query.head) : undefined;
    const pulls = [...repo.pulls.values()].filter((pull) => {
      const issue = ctx.state.issues.get(pull.issueId) as Issue;
      if (state !== "all" && issue.state !== state) return false;
      if (query.base !== undefined && pull.baseRef !== query.base) return false;
      if (headFilter === null) return false;
      if (headFilter !== undefined && (pull.headRepoId !== headFilter.repo.id || pull.headRef !== headFilter.ref)) return false;
      return true;
    });
    const time = (pull: Pull): number => Date.parse((ctx.state.issues.get(pull.issueId) as Issue)[sort === "updated" ? "updatedAt" : "createdAt"]);
    pulls.sort((a, b) => time(a) - time(b) || a.number - b.number);
    if (direction === "desc") pulls.reverse();
    const page = paginate(ctx, request, pulls);
    return { status: 200, body: page.items.map((pull) => renderPull(ctx, repo, pull, "simple")), headers: page.headers };
  });

  router.repo("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", (request) => ({
    status: 200,
    body: renderPull(ctx, request.repo, requirePull(request.repo, request.params.pull_number)),
  }));

  router.repo("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", (request) => {
    const { repo } = request;
    const pull = requirePull(repo, request.params.pull_number);
    const issue = ctx.state.issues.get(pull.issueId) as Issue;
    const body = request.body as { title?: string; body?: string; state?: "open" | "closed"; base?: string; maintainer_can_modify?: boolean };
    if (body.base !== undefined && !repo.branches.has(body.base)) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
    if (body.state === "open" && issue.state === "closed") {
      if (pull.merged) throw validationFailed([{ resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The pull request has been merged." }]);
      const headRepo = ctx.state.repo(pull.headRepoId);
      if (openPullFor(ctx, repo, headRepo, pull.headRef, body.base ?? pull.baseRef, pull.number) !== undefined) {
        throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${headRepo.owner.login}:${pull.headRef}.` }]);
      }
    }
    if (body.maintainer_can_modify !== undefined) pull.maintainerCanModify = body.maintainer_can_modify;
    const patch: IssuePatch = {};
    if (body.title !== undefined) patch.title = body.title;
    if (body.body !== undefined) patch.body = body.body;
    if (body.state !== undefined) patch.state = body.state;
    updateIssue(ctx, repo, issue, patch, request.actor);
    if (body.base !== undefined && body.base !== pull.baseRef) {
      const from = pull.baseRef;
      pull.baseRef = body.base;
      issue.updatedAt = ctx.state.now();
      emitRepoEvent(ctx, repo, "pull_request", { action: "edited", number: pull.number, changes: { base: { ref: { from }, sha: { from: repo.branches.get(from) } } }, pull_request: renderPull(ctx, repo, pull) }, request.actor.account);
    }
    return { status: 200, body: renderPull(ctx, repo, pull) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", (request) => {
    const pull = requirePull(request.repo, request.params.pull_number);
    const { changes } = pullChanges(ctx, request.repo, pull);
    const page = paginate(ctx, request, changes.slice(0, PULL_FILES_MAX));
    return { status: 200, body: page.items.map((change) => renderDiffEntry(ctx, request.repo, change, pull.headSha)), headers: page.headers };
  });
}

import { mediaFormat } from "./contents-routes.js";
import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { GitHubError, notFound } from "./github-error.js";
import { paginate } from "./paginate.js";
import { base64Lines, renderCommit, renderGitCommit, renderRef } from "./render-git.js";
import { identityOf, moveBranch } from "./repo-actions.js";
import type { RepoRouteRequest, RouteResponse, Router } from "./router.js";
import type { GitCommit, GitIdentity, Repo } from "./types.js";

/** Compare lists at most 250 commits when no page is asked for. */
const COMPARE_COMMITS_MAX = 250;

function branchOfRef(ref: string): string | null {
  const match = /^(?:refs\/)?heads\/(.+)$/.exec(ref);
  return match === null ? null : (match[1] as string);
}

function renderTree(ctx: FakeContext, repo: Repo, sha: string, recursive: boolean): Record<string, unknown> {
  const name = fullName(repo);
  return {
    sha,
    url: ctx.urls.apiPath(`/repos/${name}/git/trees/${sha}`),
    tree: ctx.state.git.listTree(sha, recursive).map((entry) => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.type === "blob" ? { size: ctx.state.git.blobs.get(entry.sha)?.length ?? 0 } : {}),
      url: ctx.urls.apiPath(`/repos/${name}/git/${entry.type === "blob" ? "blobs" : "trees"}/${entry.sha}`),
    })),
    truncated: false,
  };
}

/** `base...head` where either side may be `owner:ref` naming a fork in the same network. */
function resolveCompareSide(ctx: FakeContext, repo: Repo, side: string): { repo: Repo; sha: string } | null {
  const parts = side.split(":");
  let target = repo;
  let ref = side;
  if (parts.length >= 2) {
    const owner = parts[0] as string;
    ref = parts.slice(parts.length === 3 ? 2 : 1).join(":");
    const candidates = [...ctx.state.repos.values()].filter((other) => other.networkId === repo.networkId && other.owner.login.toLowerCase() === owner.toLowerCase());
    const named = parts.length === 3 ? candidates.find((other) => other.name.toLowerCase() === (parts[1] as string).toLowerCase()) : candidates[0];
    if (named === undefined) return null;
    target = named;
  }
  const sha = ctx.state.resolveRef(target, ref);
  return sha === null ? null : { repo: target, sha };
}

function identityFrom(value: unknown, fallback: GitIdentity): GitIdentity {
  if (typeof value !== "object" || value === null) return fallback;
  const person = value as { name?: string; email?: string; date?: string };
  return { name: person.name ?? fallback.name, email: person.email ?? fallback.email, date: person.date ?? fallback.date };
}

export function gitRoutes(router: Router, ctx: FakeContext): void {
  const git = ctx.state.git;

  router.repo("GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}", (request) => {
    const key = request.params.tree_sha ?? "";
    let sha: string | undefined = git.trees.has(key) ? key : undefined;
    if (sha === undefined) {
      const commitSha = ctx.state.resolveRef(request.repo, key);
      sha = commitSha === null ? undefined : git.commits.get(commitSha)?.tree;
    }
    if (sha === undefined) throw notFound();
    // GitHub reads any value of `recursive` (even "0" or "false") as "recursive".
    return { status: 200, body: renderTree(ctx, request.repo, sha, request.query.recursive !== undefined) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}", (request) => {
    const sha = request.params.file_sha ?? "";
    const content = git.blobs.get(sha);
    if (content === undefined) throw notFound();
    if (mediaFormat(request) === "raw") return { status: 200, raw: { contentType: "application/octet-stream", data: content } };
    return {
      status: 200,
      body: {
        sha,
        node_id: `B_kwDO${Buffer.from(sha.slice(0, 12)).toString("base64url")}`,
        size: content.length,
        url: ctx.urls.apiPath(`/repos/${fullName(request.repo)}/git/blobs/${sha}`),
        content: base64Lines(content),
        encoding: "base64",
      },
    };
  });

  router.repo("POST", "/repos/{owner}/{repo}/git/blobs", (request) => {
    const body = request.body as { content: string; encoding?: string };
    const content = body.encoding === "base64" ? Buffer.from(body.content, "base64") : Buffer.from(body.content, "utf8");
    const sha = git.putBlob(content);
    return { status: 201, body: { url: ctx.urls.apiPath(`/repos/${fullName(request.repo)}/git/blobs/${sha}`), sha } };
  });

  router.repo("POST", "/repos/{owner}/{repo}/git/trees", (request) => {
    const body = request.body as { tree: Array<{ path?: string; mode?: string; type?: string; sha?: string | null; content?: string }>; base_tree?: string };
    const files = new Map<string, string>();
    if (body.base_tree !== undefined) {
      if (!git.trees.has(body.base_tree)) throw new GitHubError(422, "base_tree is not a valid tree oid");
      for (const [path, sha] of git.filesOfTree(body.base_tree)) files.set(path, sha);
    }
    for (const entry of body.tree) {
      const path = entry.path ?? "";
      if (entry.type !== undefined && entry.type !== "blob") throw new GitHubError(422, `fake GitHub: tree entries of type ${entry.type} are not supported`);
      if (entry.content !== undefined) files.set(path, git.putBlob(Buffer.from(entry.content, "utf8")));
      else if (entry.sha === null) files.delete(path);
      else if (entry.sha !== undefined) {
        if (!git.blobs.has(entry.sha)) throw new GitHubError(422, `tree.sha ${entry.sha} is not a valid blob`);
        files.set(path, entry.sha);
      }
    }
    const sha = git.putTree(files);
    return { status: 201, body: renderTree(ctx, request.repo, sha, true) };
  });

  router.repo("POST", "/repos/{owner}/{repo}/git/commits", (request) => {
    const body = request.body as { message: string; tree: string; parents?: string[]; author?: unknown; committer?: unknown };
    if (!git.trees.has(body.tree)) throw new GitHubError(422, "Tree SHA does not exist");
    for (const parent of body.parents ?? []) if (!ctx.state.hasCommit(request.repo, parent)) throw new GitHubError(422, "Parent SHA does not exist or is not a commit object");
    const fallback = identityOf(ctx, request.actor.account);
    const author = identityFrom(body.author, fallback);
    const committer = identityFrom(body.committer, author);
    const commit = git.putCommit({ files: git.filesOfTree(body.tree), parents: body.parents ?? [], message: body.message, author, committer });
    ctx.state.rememberCommit(request.repo, commit.sha);
    return { status: 201, body: renderGitCommit(ctx, request.repo, commit) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}", (request) => {
    const sha = request.params.commit_sha ?? "";
    if (!ctx.state.hasCommit(request.repo, sha)) throw notFound();
    return { status: 200, body: renderGitCommit(ctx, request.repo, git.commits.get(sha) as GitCommit) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/git/ref/{ref}", (request) => {
    const branch = branchOfRef(request.params.ref ?? "");
    const sha = branch === null ? undefined : request.repo.branches.get(branch);
    if (branch === null || sha === undefined) throw notFound();
    return { status: 200, body: renderRef(ctx, request.repo, branch, sha) };
  });

  router.repo("POST", "/repos/{owner}/{repo}/git/refs", (request) => {
    const body = request.body as { ref: string; sha: string };
    if (!/^refs\/[^/]+\/.+/.test(body.ref)) throw new GitHubError(422, `${body.ref} is not a valid ref name.`);
    const branch = branchOfRef(body.ref);
    if (branch === null) throw new GitHubError(422, `fake GitHub: only refs/heads/* can be created (${body.ref})`);
    if (request.repo.branches.has(branch)) throw new GitHubError(422, "Reference already exists");
    if (!ctx.state.hasCommit(request.repo, body.sha)) throw new GitHubError(422, "Object does not exist");
    moveBranch(ctx, request.repo, branch, body.sha, request.actor);
    return { status: 201, body: renderRef(ctx, request.repo, branch, body.sha) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", (request) => {
    const body = request.body as { sha: string; force?: boolean };
    const branch = branchOfRef(request.params.ref ?? "");
    const current = branch === null ? undefined : request.repo.branches.get(branch);
    if (branch === null || current === undefined) throw new GitHubError(422, "Reference does not exist");
    if (!ctx.state.hasCommit(request.repo, body.sha)) throw new GitHubError(422, "Object does not exist");
    if (request.repo.protectedBranches.has(branch)) throw new GitHubError(422, `Protected branch update failed for refs/heads/${branch}.`);
    const fastForward = git.isAncestor(current, body.sha);
    if (!fastForward && body.force !== true) throw new GitHubError(422, "Update is not a fast forward");
    if (current !== body.sha) moveBranch(ctx, request.repo, branch, body.sha, request.actor, !fastForward);
    return { status: 200, body: renderRef(ctx, request.repo, branch, body.sha) };
  });

  router.repo("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}", (request) => {
    const branch = branchOfRef(request.params.ref ?? "");
    if (branch === null || !request.repo.branches.has(branch)) throw new GitHubError(422, "Reference does not exist");
    if (branch === request.repo.defaultBranch || request.repo.protectedBranches.has(branch)) {
      throw new GitHubError(422, `Cannot delete refs/heads/${branch}: it is the default or a protected branch`);
    }
    request.repo.branches.delete(branch);
    return { status: 204 };
  });

  router.repo("GET", "/repos/{owner}/{repo}/commits/{ref}", (request) => {
    const ref = request.params.ref ?? "";
    const sha = ctx.state.resolveRef(request.repo, ref);
    if (sha === null) throw new GitHubError(422, `No commit found for SHA: ${ref}`);
    return { status: 200, body: renderCommit(ctx, request.repo, git.commits.get(sha) as GitCommit, git.commitChanges(sha)) };
  });

  const compare = (request: RepoRouteRequest): RouteResponse => {
    const basehead = request.params.basehead ?? `${request.params.base ?? ""}...${request.params.head ?? ""}`;
    const [baseSide, headSide] = basehead.includes("...") ? basehead.split("...") : basehead.split("..");
    if (baseSide === undefined || headSide === undefined) throw notFound();
    const base = resolveCompareSide(ctx, request.repo, baseSide);
    const head = resolveCompareSide(ctx, request.repo, headSide);
    if (base === null || head === null) throw notFound();
    const mergeBase = git.mergeBase(base.sha, head.sha);
    if (mergeBase === null) throw notFound(`No common ancestor between ${baseSide} and ${headSide}.`);
    const ahead = git.commitsBetween(mergeBase, head.sha);
    const behind = git.commitsBetween(mergeBase, base.sha);
    const status = ahead.length === 0 && behind.length === 0 ? "identical" : behind.length === 0 ? "ahead" : ahead.length === 0 ? "behind" : "diverged";
    const paged = request.query.page !== undefined || request.query.per_page !== undefined;
    const page = paged ? paginate(ctx, request, ahead) : { items: ahead.slice(0, COMPARE_COMMITS_MAX), headers: {} };
    const name = fullName(request.repo);
    const baseFiles = (git.commits.get(mergeBase) as GitCommit).files;
    const headFiles = (git.commits.get(head.sha) as GitCommit).files;
    const changes = git.diff(baseFiles, headFiles);
    const withFiles = renderCommit(ctx, request.repo, git.commits.get(head.sha) as GitCommit, changes);
    return {
      status: 200,
      headers: page.headers,
      body: {
        url: ctx.urls.apiPath(`/repos/${name}/compare/${basehead}`),
        html_url: ctx.urls.html(`/${name}/compare/${basehead}`),
        permalink_url: ctx.urls.html(`/${name}/compare/${base.sha.slice(0, 7)}...${head.sha.slice(0, 7)}`),
        diff_url: ctx.urls.html(`/${name}/compare/${basehead}.diff`),
        patch_url: ctx.urls.html(`/${name}/compare/${basehead}.patch`),
        base_commit: renderCommit(ctx, request.repo, git.commits.get(base.sha) as GitCommit),
        merge_base_commit: renderCommit(ctx, request.repo, git.commits.get(mergeBase) as GitCommit),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: page.items.map((commit) => renderCommit(ctx, request.repo, commit)),
        files: withFiles.files,
      },
    };
  };
  // Octokit has both spellings: compareCommitsWithBasehead and the older compareCommits.
  router.repo("GET", "/repos/{owner}/{repo}/compare/{basehead}", compare);
  router.repo("GET", "/repos/{owner}/{repo}/compare/{base}...{head}", compare);
}

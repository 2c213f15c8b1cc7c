import type { FakeContext } from "./context.js";
import { GitHubError, notFound } from "./github-error.js";
import { renderContentFile, renderDirEntry, renderGitCommit } from "./render-git.js";
import { commitFiles, identityOf, moveBranch } from "./repo-actions.js";
import type { RepoRouteRequest, Router } from "./router.js";
import type { GitCommit, GitIdentity } from "./types.js";

/**
 * The contents API serves files up to 1 MB as JSON. GitHub says "1 MB"; the fake takes the
 * smaller reading (10^6 bytes) so that an app passing here passes on GitHub too.
 */
export const CONTENTS_JSON_MAX_BYTES = 1_000_000;

const TOO_LARGE = {
  message:
    "This API returns blobs up to 1 MB in size. The requested blob is too large to fetch via the API, but you can use the Git Data API to request blobs up to 100 MB in size.",
  errors: [{ resource: "Blob", field: "data", code: "too_large" }],
};

/** Which custom media type an `Accept` header asks for. */
export function mediaFormat(request: RepoRouteRequest): "json" | "raw" | "object" {
  const accept = String(request.headers.accept ?? "");
  if (/application\/vnd\.github(\.v3)?\.raw/.test(accept)) return "raw";
  if (/application\/vnd\.github(\.v3)?\.object/.test(accept)) return "object";
  return "json";
}

function normalisePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

function readIdentity(value: unknown, fallback: GitIdentity): GitIdentity {
  if (typeof value !== "object" || value === null) return fallback;
  const person = value as { name?: string; email?: string; date?: string };
  return { name: person.name ?? fallback.name, email: person.email ?? fallback.email, date: person.date ?? fallback.date };
}

export function contentsRoutes(router: Router, ctx: FakeContext): void {
  router.repo("GET", "/repos/{owner}/{repo}/contents/{path}", (request) => {
    const { repo } = request;
    const ref = typeof request.query.ref === "string" && request.query.ref !== "" ? request.query.ref : repo.defaultBranch;
    const sha = ctx.state.resolveRef(repo, ref);
    if (sha === null) throw notFound(`No commit found for the ref ${ref}`);
    const commit = ctx.state.git.commits.get(sha) as GitCommit;
    const path = normalisePath(request.params.path ?? "");
    const blobSha = commit.files.get(path);
    const format = mediaFormat(request);
    if (blobSha !== undefined) {
      const content = ctx.state.git.blobs.get(blobSha) as Buffer;
      if (format === "raw") return { status: 200, raw: { contentType: "text/plain; charset=utf-8", data: content } };
      if (content.length > CONTENTS_JSON_MAX_BYTES) {
        if (format === "object") return { status: 200, body: renderContentFile(ctx, repo, path, blobSha, ref, "none") };
        throw new GitHubError(403, TOO_LARGE.message, { errors: TOO_LARGE.errors });
      }
      return { status: 200, body: renderContentFile(ctx, repo, path, blobSha, ref, "base64") };
    }
    const prefix = path === "" ? "" : `${path}/`;
    const entries = new Map<string, { type: "file" | "dir"; sha: string }>();
    for (const [file, sha2] of commit.files) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const [first, ...more] = rest.split("/");
      const child = `${prefix}${first}`;
      if (more.length === 0) entries.set(child, { type: "file", sha: sha2 });
      else if (!entries.has(child)) {
        const tree = ctx.state.git.listTree(commit.tree, true).find((entry) => entry.path === child);
        entries.set(child, { type: "dir", sha: tree?.sha ?? "" });
      }
    }
    if (entries.size === 0) throw notFound();
    const listing = [...entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([child, entry]) => renderDirEntry(ctx, repo, child, entry.sha, entry.type, ref));
    return { status: 200, body: listing };
  });

  router.repo("PUT", "/repos/{owner}/{repo}/contents/{path}", (request) => {
    const { repo } = request;
    const body = request.body as { message: string; content: string; sha?: string; branch?: string; committer?: unknown; author?: unknown };
    const path = normalisePath(request.params.path ?? "");
    const branch = body.branch ?? repo.defaultBranch;
    const head = repo.branches.get(branch);
    if (head === undefined) throw notFound(`Branch ${branch} not found`);
    if (!/^[A-Za-z0-9+/=\s]*$/.test(body.content)) throw new GitHubError(422, "content is not valid Base64");
    const current = (ctx.state.git.commits.get(head) as GitCommit).files.get(path);
    if (current !== undefined && body.sha === undefined) throw new GitHubError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (body.sha !== undefined && body.sha !== current) throw new GitHubError(409, `${path} does not match ${body.sha}`);
    if (repo.protectedBranches.has(branch)) {
      // What GitHub answers a contents write to a branch whose protection requires pull requests.
      throw new GitHubError(409, "Could not update file: Changes must be made through a pull request.", {
        documentation_url: "https://docs.github.com/articles/about-protected-branches",
      });
    }
    const fallback = identityOf(ctx, request.actor.account);
    const committer = readIdentity(body.committer, readIdentity(body.author, fallback));
    const author = readIdentity(body.author, committer);
    const commit = commitFiles(ctx, repo, {
      parent: head,
      changes: new Map([[path, Buffer.from(body.content, "base64")]]),
      message: body.message,
      author,
      committer,
    });
    moveBranch(ctx, repo, branch, commit.sha, request.actor);
    const blobSha = commit.files.get(path) as string;
    const { content: _content, encoding: _encoding, ...content } = renderContentFile(ctx, repo, path, blobSha, branch, "none");
    return { status: current === undefined ? 201 : 200, body: { content, commit: renderGitCommit(ctx, repo, commit) } };
  });
}

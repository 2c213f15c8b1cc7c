import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import type { FileChange } from "./git-store.js";
import { renderUser } from "./render-core.js";
import type { Account, GitCommit, GitIdentity, Repo } from "./types.js";
import { unifiedDiff } from "./unified-diff.js";

/** GitHub wraps base64 content at 60 characters per line. */
export function base64Lines(content: Buffer): string {
  const flat = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < flat.length; i += 60) lines.push(flat.slice(i, i + 60));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** The account behind a `<id>+<login>@users.noreply.github.com` identity, if any. */
export function accountOfIdentity(ctx: FakeContext, identity: GitIdentity): Account | undefined {
  const match = /^\d+\+(.+)@users\.noreply\.github\.com$/.exec(identity.email);
  return match === null ? undefined : ctx.state.findAccount(match[1] as string);
}

export function renderContentFile(ctx: FakeContext, repo: Repo, path: string, sha: string, ref: string, withContent: "base64" | "none"): Record<string, unknown> {
  const name = fullName(repo);
  const self = ctx.urls.apiPath(`/repos/${name}/contents/${path}?ref=${encodeURIComponent(ref)}`);
  const git = ctx.urls.apiPath(`/repos/${name}/git/blobs/${sha}`);
  const html = ctx.urls.html(`/${name}/blob/${ref}/${path}`);
  const content = ctx.state.git.blobs.get(sha) ?? Buffer.alloc(0);
  const out: Record<string, unknown> = {
    type: "file",
    name: path.split("/").pop(),
    path,
    sha,
    size: content.length,
    url: self,
    html_url: html,
    git_url: git,
    download_url: ctx.urls.html(`/raw/${name}/${ref}/${path}`),
    _links: { self, git, html },
  };
  if (withContent === "base64") {
    out.content = base64Lines(content);
    out.encoding = "base64";
  } else {
    out.content = "";
    out.encoding = "none";
  }
  return out;
}

export function renderDirEntry(ctx: FakeContext, repo: Repo, path: string, sha: string, type: "file" | "dir", ref: string): Record<string, unknown> {
  const name = fullName(repo);
  const self = ctx.urls.apiPath(`/repos/${name}/contents/${path}?ref=${encodeURIComponent(ref)}`);
  const git = ctx.urls.apiPath(`/repos/${name}/git/${type === "file" ? "blobs" : "trees"}/${sha}`);
  const html = ctx.urls.html(`/${name}/${type === "file" ? "blob" : "tree"}/${ref}/${path}`);
  return {
    type,
    size: type === "file" ? (ctx.state.git.blobs.get(sha)?.length ?? 0) : 0,
    name: path.split("/").pop(),
    path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? ctx.urls.html(`/raw/${name}/${ref}/${path}`) : null,
    _links: { self, git, html },
  };
}

const UNVERIFIED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

/** A git commit object (`git-commit`; also the `commit` of a contents write). */
export function renderGitCommit(ctx: FakeContext, repo: Repo, commit: GitCommit): Record<string, unknown> {
  const name = fullName(repo);
  return {
    sha: commit.sha,
    node_id: `C_kwDO${Buffer.from(commit.sha.slice(0, 12)).toString("base64url")}`,
    url: ctx.urls.apiPath(`/repos/${name}/git/commits/${commit.sha}`),
    html_url: ctx.urls.html(`/${name}/commit/${commit.sha}`),
    author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
    committer: { name: commit.committer.name, email: commit.committer.email, date: commit.committer.date },
    tree: { sha: commit.tree, url: ctx.urls.apiPath(`/repos/${name}/git/trees/${commit.tree}`) },
    message: commit.message,
    parents: commit.parents.map((sha) => ({
      sha,
      url: ctx.urls.apiPath(`/repos/${name}/git/commits/${sha}`),
      html_url: ctx.urls.html(`/${name}/commit/${sha}`),
    })),
    verification: UNVERIFIED,
  };
}

export function renderDiffEntry(ctx: FakeContext, repo: Repo, change: FileChange, headSha: string): Record<string, unknown> {
  const name = fullName(repo);
  const blobs = ctx.state.git.blobs;
  const before = change.previousSha === null ? "" : (blobs.get(change.previousSha)?.toString("utf8") ?? "");
  const after = change.sha === null ? "" : (blobs.get(change.sha)?.toString("utf8") ?? "");
  const diff = unifiedDiff(before, after);
  return {
    sha: change.sha ?? change.previousSha,
    filename: change.path,
    status: change.status,
    additions: diff.additions,
    deletions: diff.deletions,
    changes: diff.additions + diff.deletions,
    blob_url: ctx.urls.html(`/${name}/blob/${headSha}/${change.path}`),
    raw_url: ctx.urls.html(`/${name}/raw/${headSha}/${change.path}`),
    contents_url: ctx.urls.apiPath(`/repos/${name}/contents/${change.path}?ref=${headSha}`),
    patch: diff.patch,
    ...(change.previousPath !== undefined ? { previous_filename: change.previousPath } : {}),
  };
}

/** A `commit` as the commits API shows it; `changes` adds `files` and `stats`. */
export function renderCommit(ctx: FakeContext, repo: Repo, commit: GitCommit, changes?: FileChange[]): Record<string, unknown> {
  const name = fullName(repo);
  const api = ctx.urls.apiPath(`/repos/${name}/commits/${commit.sha}`);
  const author = accountOfIdentity(ctx, commit.author);
  const committer = accountOfIdentity(ctx, commit.committer);
  const out: Record<string, unknown> = {
    url: api,
    sha: commit.sha,
    node_id: `C_kwDO${Buffer.from(commit.sha.slice(0, 12)).toString("base64url")}`,
    html_url: ctx.urls.html(`/${name}/commit/${commit.sha}`),
    comments_url: `${api}/comments`,
    commit: {
      url: ctx.urls.apiPath(`/repos/${name}/git/commits/${commit.sha}`),
      author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
      committer: { name: commit.committer.name, email: commit.committer.email, date: commit.committer.date },
      message: commit.message,
      comment_count: 0,
      tree: { sha: commit.tree, url: ctx.urls.apiPath(`/repos/${name}/git/trees/${commit.tree}`) },
      verification: UNVERIFIED,
    },
    author: author === undefined ? null : renderUser(ctx, author),
    committer: committer === undefined ? null : renderUser(ctx, committer),
    parents: commit.parents.map((sha) => ({
      sha,
      url: ctx.urls.apiPath(`/repos/${name}/commits/${sha}`),
      html_url: ctx.urls.html(`/${name}/commit/${sha}`),
    })),
  };
  if (changes !== undefined) {
    const files = changes.map((change) => renderDiffEntry(ctx, repo, change, commit.sha));
    const additions = files.reduce((sum, file) => sum + (file.additions as number), 0);
    const deletions = files.reduce((sum, file) => sum + (file.deletions as number), 0);
    out.stats = { total: additions + deletions, additions, deletions };
    out.files = files;
  }
  return out;
}

export function renderRef(ctx: FakeContext, repo: Repo, branch: string, sha: string): Record<string, unknown> {
  const name = fullName(repo);
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_kwDO${Buffer.from(`${repo.id}:${branch}`).toString("base64url")}`,
    url: ctx.urls.apiPath(`/repos/${name}/git/refs/heads/${branch}`),
    object: { type: "commit", sha, url: ctx.urls.apiPath(`/repos/${name}/git/commits/${sha}`) },
  };
}

export function renderBranch(ctx: FakeContext, repo: Repo, branch: string): Record<string, unknown> {
  const name = fullName(repo);
  const sha = repo.branches.get(branch) as string;
  const isProtected = repo.protectedBranches.has(branch);
  const protectionUrl = ctx.urls.apiPath(`/repos/${name}/branches/${branch}/protection`);
  return {
    name: branch,
    commit: renderCommit(ctx, repo, ctx.state.git.commits.get(sha) as GitCommit),
    _links: { self: ctx.urls.apiPath(`/repos/${name}/branches/${branch}`), html: ctx.urls.html(`/${name}/tree/${branch}`) },
    protected: isProtected,
    protection: isProtected
      ? {
          enabled: true,
          required_status_checks: { enforcement_level: "off", contexts: [], checks: [] },
        }
      : { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: protectionUrl,
  };
}

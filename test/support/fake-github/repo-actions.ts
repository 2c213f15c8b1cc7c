import { requestCheckSuite } from "./check-actions.js";
import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { fullName } from "./fake-state.js";
import { accountOfIdentity } from "./render-git.js";
import { renderPull } from "./render-pull.js";
import type { Account, Actor, GitCommit, GitIdentity, Repo } from "./types.js";

const ZERO_SHA = "0000000000000000000000000000000000000000";
/** Push payloads list at most this many commits, and this many files per list. */
const PUSH_COMMITS_MAX = 2048;
const PUSH_FILES_MAX = 3000;

/** A commit identity for an account, with GitHub's noreply address. */
export function identityOf(ctx: FakeContext, account: Account, date = ctx.state.now()): GitIdentity {
  return { name: account.login, email: `${account.id}+${account.login}@users.noreply.github.com`, date };
}

export function createRepoRecord(
  ctx: FakeContext,
  input: { owner: Account; name: string; defaultBranch: string; private: boolean; description: string | null; parent: Repo | null },
): Repo {
  const { id, nodeId } = ctx.state.nextId("repo");
  const now = ctx.state.now();
  const repo: Repo = {
    id,
    nodeId,
    owner: input.owner,
    name: input.name,
    private: input.private,
    description: input.description,
    defaultBranch: input.defaultBranch,
    parentId: input.parent?.id ?? null,
    networkId: input.parent?.networkId ?? id,
    branches: new Map(),
    protectedBranches: new Set(),
    issueNumbers: new Map(),
    nextNumber: 1,
    labels: new Map(),
    milestones: new Map(),
    nextMilestoneNumber: 1,
    pulls: new Map(),
    permissions: new Map(),
    createdAt: now,
    updatedAt: now,
    pushedAt: now,
  };
  ctx.state.repos.set(id, repo);
  return repo;
}

/** Writes a commit on top of `parent` with some files changed (null deletes); moves no ref. */
export function commitFiles(
  ctx: FakeContext,
  repo: Repo,
  input: { parent: string | null; changes: ReadonlyMap<string, Buffer | null>; message: string; author: GitIdentity; committer?: GitIdentity; extraParents?: string[] },
): GitCommit {
  const git = ctx.state.git;
  const files = new Map(input.parent === null ? [] : (git.commits.get(input.parent) as GitCommit).files);
  for (const [path, content] of input.changes) {
    if (content === null) files.delete(path);
    else files.set(path, git.putBlob(content));
  }
  const commit = git.putCommit({
    files,
    parents: [...(input.parent === null ? [] : [input.parent]), ...(input.extraParents ?? [])],
    message: input.message,
    author: input.author,
    committer: input.committer ?? input.author,
  });
  ctx.state.rememberCommit(repo, commit.sha);
  return commit;
}

function pushCommit(ctx: FakeContext, repo: Repo, commit: GitCommit): Record<string, unknown> {
  const changes = ctx.state.git.commitChanges(commit.sha);
  const person = (identity: GitIdentity): Record<string, unknown> => {
    const account = accountOfIdentity(ctx, identity);
    return { name: identity.name, email: identity.email, ...(account === undefined ? {} : { username: account.login }) };
  };
  // A push payload knows no renames: a renamed file is removed under its old path and added under its new one.
  const paths = (status: "added" | "removed" | "modified"): string[] =>
    changes
      .flatMap((change) =>
        change.status === status ? [change.path]
        : change.status === "renamed" && status === "added" ? [change.path]
        : change.status === "renamed" && status === "removed" && change.previousPath !== undefined ? [change.previousPath]
        : [],
      )
      .sort()
      .slice(0, PUSH_FILES_MAX);
  return {
    id: commit.sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message,
    timestamp: commit.committer.date,
    url: ctx.urls.html(`/${fullName(repo)}/commit/${commit.sha}`),
    author: person(commit.author),
    committer: person(commit.committer),
    added: paths("added"),
    removed: paths("removed"),
    modified: paths("modified"),
  };
}

/**
 * Points a branch at a new commit and tells the app everything GitHub would: the `push`, a
 * requested check suite for the new head, and `synchronize` for pull requests from the branch.
 */
export function moveBranch(ctx: FakeContext, repo: Repo, branch: string, after: string, actor: Actor, forced = false): void {
  const git = ctx.state.git;
  const before = repo.branches.get(branch) ?? null;
  const others = [...repo.branches.entries()].filter(([name]) => name !== branch).map(([, sha]) => sha);
  repo.branches.set(branch, after);
  repo.pushedAt = ctx.state.now();
  repo.updatedAt = repo.pushedAt;

  const excluded = before !== null ? [before] : others;
  const seen = new Set(excluded.flatMap((sha) => git.ancestors(sha)));
  const commits = git.commitsBetween(null, after).filter((commit) => !seen.has(commit.sha));
  const name = fullName(repo);
  const head = git.commits.get(after) as GitCommit;
  emitRepoEvent(
    ctx,
    repo,
    "push",
    {
      ref: `refs/heads/${branch}`,
      before: before ?? ZERO_SHA,
      after,
      created: before === null,
      deleted: false,
      forced,
      base_ref: null,
      compare: before === null ? ctx.urls.html(`/${name}/compare/${branch}`) : ctx.urls.html(`/${name}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`),
      commits: commits.slice(-PUSH_COMMITS_MAX).map((commit) => pushCommit(ctx, repo, commit)),
      head_commit: pushCommit(ctx, repo, head),
      pusher: actor.viaApp ? { name: actor.account.login } : { name: actor.account.login, email: identityOf(ctx, actor.account).email },
    },
    actor.account,
  );
  requestCheckSuite(ctx, repo, after, branch, before ?? ZERO_SHA, actor.account);
  synchronizePulls(ctx, repo, branch, after, actor.account);
}

function synchronizePulls(ctx: FakeContext, headRepo: Repo, branch: string, after: string, sender: Account): void {
  for (const baseRepo of ctx.state.repos.values()) {
    for (const pull of baseRepo.pulls.values()) {
      const issue = ctx.state.issues.get(pull.issueId);
      if (pull.headRepoId !== headRepo.id || pull.headRef !== branch || issue?.state !== "open" || pull.headSha === after) continue;
      const before = pull.headSha;
      pull.headSha = after;
      issue.updatedAt = ctx.state.now();
      emitRepoEvent(ctx, baseRepo, "pull_request", { action: "synchronize", number: pull.number, before, after, pull_request: renderPull(ctx, baseRepo, pull) }, sender);
    }
  }
}

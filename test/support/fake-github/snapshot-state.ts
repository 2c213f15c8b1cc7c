import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import type { GitCommit, Issue, Label, Repo } from "./types.js";
import { unifiedDiff } from "./unified-diff.js";

export interface SnapshotCommit {
  sha: string;
  parents: string[];
  message: string;
  author: string;
  committer: string;
  changes: Array<{ path: string; status: string; patch: string }>;
}

export interface SnapshotIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: string;
  state_reason: string | null;
  user: string;
  via_app: boolean;
  labels: string[];
  assignees: string[];
  milestone: string | null;
  /** `#n` within the repository, `owner/repo#n` across repositories. */
  parent: string | null;
  sub_issues: string[];
  blocked_by: string[];
  comments: Array<{ user: string; body: string }>;
  pull_request: boolean;
}

export interface SnapshotRepo {
  full_name: string;
  id: number;
  default_branch: string;
  private: boolean;
  fork_of: string | null;
  branches: Record<string, string>;
  protected_branches: string[];
  permissions: Record<string, string>;
  /** Every file at the default branch's head. */
  files: Record<string, string>;
  /** Every commit reachable from a branch, parents first, with what it changed. */
  commits: SnapshotCommit[];
  issues: SnapshotIssue[];
  labels: Array<{ name: string; color: string; description: string | null }>;
  milestones: Array<{ number: number; title: string; state: string; due_on: string | null }>;
  check_runs: Array<{
    id: number;
    name: string;
    head_sha: string;
    status: string;
    conclusion: string | null;
    title: string | null;
    summary: string | null;
    text: string | null;
    annotations: unknown[];
  }>;
  pulls: Array<{ number: number; title: string; head: string; head_sha: string; base: string; state: string; merged: boolean }>;
}

export interface Snapshot {
  installations: Array<{ id: number; account: string; repositories: string[] }>;
  repositories: SnapshotRepo[];
}

function issueRef(ctx: FakeContext, from: Repo, id: number): string {
  const issue = ctx.state.issues.get(id) as Issue;
  const repo = ctx.state.repo(issue.repoId);
  return repo.id === from.id ? `#${issue.number}` : `${fullName(repo)}#${issue.number}`;
}

function snapshotRepo(ctx: FakeContext, repo: Repo): SnapshotRepo {
  const git = ctx.state.git;
  const text = (sha: string | null): string => (sha === null ? "" : (git.blobs.get(sha)?.toString("utf8") ?? ""));
  const head = repo.branches.get(repo.defaultBranch);
  const files: Record<string, string> = {};
  if (head !== undefined) for (const [path, sha] of [...(git.commits.get(head) as GitCommit).files].sort(([a], [b]) => (a < b ? -1 : 1))) files[path] = text(sha);
  const seen = new Set<string>();
  const commits: SnapshotCommit[] = [];
  for (const sha of repo.branches.values()) {
    for (const commit of git.commitsBetween(null, sha)) {
      if (seen.has(commit.sha)) continue;
      seen.add(commit.sha);
      commits.push({
        sha: commit.sha,
        parents: commit.parents,
        message: commit.message,
        author: `${commit.author.name} <${commit.author.email}>`,
        committer: `${commit.committer.name} <${commit.committer.email}>`,
        changes: git.commitChanges(commit.sha).map((change) => ({ path: change.path, status: change.status, patch: unifiedDiff(text(change.previousSha), text(change.sha)).patch })),
      });
    }
  }
  const labelName = (id: number): string => ([...repo.labels.values()].find((label) => label.id === id) as Label | undefined)?.name ?? `<deleted label ${id}>`;
  const issues = [...repo.issueNumbers.values()].map((id) => ctx.state.issues.get(id) as Issue).sort((a, b) => a.number - b.number);
  return {
    full_name: fullName(repo),
    id: repo.id,
    default_branch: repo.defaultBranch,
    private: repo.private,
    fork_of: repo.parentId === null ? null : fullName(ctx.state.repo(repo.parentId)),
    branches: Object.fromEntries(repo.branches),
    protected_branches: [...repo.protectedBranches],
    permissions: Object.fromEntries(repo.permissions),
    files,
    commits,
    issues: issues.map((issue) => ({
      number: issue.number,
      id: issue.id,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.stateReason,
      user: issue.user.login,
      via_app: issue.viaApp,
      labels: issue.labelIds.map(labelName),
      assignees: issue.assigneeIds.map((id) => [...ctx.state.accounts.values()].find((account) => account.id === id)?.login ?? String(id)),
      milestone: issue.milestoneNumber === null ? null : (repo.milestones.get(issue.milestoneNumber)?.title ?? null),
      parent: issue.parentId === null ? null : issueRef(ctx, repo, issue.parentId),
      sub_issues: issue.subIssueIds.map((id) => issueRef(ctx, repo, id)),
      blocked_by: issue.blockedByIds.map((id) => issueRef(ctx, repo, id)),
      comments: issue.commentIds.map((id) => {
        const comment = ctx.state.comments.get(id);
        return { user: comment?.user.login ?? "", body: comment?.body ?? "" };
      }),
      pull_request: issue.pullNumber !== null,
    })),
    labels: [...repo.labels.values()].map((label) => ({ name: label.name, color: label.color, description: label.description })),
    milestones: [...repo.milestones.values()].map((milestone) => ({ number: milestone.number, title: milestone.title, state: milestone.state, due_on: milestone.dueOn })),
    check_runs: [...ctx.state.checkRuns.values()]
      .filter((run) => run.repoId === repo.id)
      .map((run) => ({
        id: run.id,
        name: run.name,
        head_sha: run.headSha,
        status: run.status,
        conclusion: run.conclusion,
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations: structuredClone(run.annotations),
      })),
    pulls: [...repo.pulls.values()].map((pull) => {
      const issue = ctx.state.issues.get(pull.issueId) as Issue;
      return {
        number: pull.number,
        title: issue.title,
        head: `${ctx.state.repo(pull.headRepoId).owner.login}:${pull.headRef}`,
        head_sha: pull.headSha,
        base: pull.baseRef,
        state: issue.state,
        merged: pull.merged,
      };
    }),
  };
}

/** The whole state as plain JSON, for assertions and for `writeState`. */
export function snapshotState(ctx: FakeContext): Snapshot {
  return {
    installations: [...ctx.state.installations.values()].map((installation) => ({
      id: installation.id,
      account: installation.account.login,
      repositories: [...installation.repoIds].map((id) => fullName(ctx.state.repo(id))),
    })),
    repositories: [...ctx.state.repos.values()].map((repo) => snapshotRepo(ctx, repo)),
  };
}

import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import type { FileChange } from "./git-store.js";
import { renderRepo, renderUser } from "./render-core.js";
import { authorAssociation, renderIssueFields } from "./render-issue.js";
import type { GitCommit, Issue, Pull, Repo } from "./types.js";
import { unifiedDiff } from "./unified-diff.js";

/** What a pull request changes: head against the merge base with its base branch (three-dot). */
export function pullChanges(ctx: FakeContext, repo: Repo, pull: Pull): { changes: FileChange[]; commits: GitCommit[]; baseSha: string } {
  const git = ctx.state.git;
  const baseSha = pull.merged && pull.mergeCommitSha !== null ? ((git.commits.get(pull.mergeCommitSha) as GitCommit).parents[0] as string) : (repo.branches.get(pull.baseRef) as string);
  const mergeBase = git.mergeBase(baseSha, pull.headSha);
  const before = mergeBase === null ? new Map<string, string>() : (git.commits.get(mergeBase) as GitCommit).files;
  const after = (git.commits.get(pull.headSha) as GitCommit).files;
  return { changes: git.diff(before, after), commits: git.commitsBetween(mergeBase, pull.headSha), baseSha };
}

/** A pull request: `full` for GET/POST/PATCH and webhooks, `simple` for the list. */
export function renderPull(ctx: FakeContext, repo: Repo, pull: Pull, variant: "full" | "simple" = "full"): Record<string, unknown> {
  const issue = ctx.state.issues.get(pull.issueId) as Issue;
  const headRepo = ctx.state.repo(pull.headRepoId);
  const name = fullName(repo);
  const api = ctx.urls.apiPath(`/repos/${name}/pulls/${pull.number}`);
  const issueApi = ctx.urls.apiPath(`/repos/${name}/issues/${pull.number}`);
  const html = ctx.urls.html(`/${name}/pull/${pull.number}`);
  const { changes, commits, baseSha } = pullChanges(ctx, repo, pull);
  const end = (branchRepo: Repo, ref: string, sha: string): Record<string, unknown> => ({
    label: `${branchRepo.owner.login}:${ref}`,
    ref,
    sha,
    user: renderUser(ctx, branchRepo.owner),
    repo: renderRepo(ctx, branchRepo, "webhook"),
  });
  const { labels, assignees, milestone } = renderIssueFields(ctx, repo, issue);
  const out: Record<string, unknown> = {
    url: api,
    id: pull.id,
    node_id: pull.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: ctx.urls.apiPath(`/repos/${name}/pulls/comments{/number}`),
    comments_url: `${issueApi}/comments`,
    statuses_url: ctx.urls.apiPath(`/repos/${name}/statuses/${pull.headSha}`),
    number: pull.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: renderUser(ctx, issue.user),
    body: issue.body,
    labels,
    milestone,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: end(headRepo, pull.headRef, pull.headSha),
    base: end(repo, pull.baseRef, baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: ctx.urls.apiPath(`/repos/${name}/pulls/comments{/number}`) },
      commits: { href: `${api}/commits` },
      statuses: { href: ctx.urls.apiPath(`/repos/${name}/statuses/${pull.headSha}`) },
    },
    author_association: authorAssociation(repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
  };
  if (variant === "full") {
    let additions = 0;
    let deletions = 0;
    for (const change of changes) {
      const blobs = ctx.state.git.blobs;
      const diff = unifiedDiff(
        change.previousSha === null ? "" : (blobs.get(change.previousSha)?.toString("utf8") ?? ""),
        change.sha === null ? "" : (blobs.get(change.sha)?.toString("utf8") ?? ""),
      );
      additions += diff.additions;
      deletions += diff.deletions;
    }
    Object.assign(out, {
      merged: pull.merged,
      mergeable: pull.merged ? null : true,
      rebaseable: pull.merged ? null : true,
      mergeable_state: pull.merged ? "unknown" : "clean",
      merged_by: pull.mergedBy === null ? null : renderUser(ctx, pull.mergedBy),
      comments: issue.commentIds.length,
      review_comments: 0,
      maintainer_can_modify: pull.maintainerCanModify,
      commits: commits.length,
      additions,
      deletions,
      changed_files: changes.length,
    });
  }
  return out;
}

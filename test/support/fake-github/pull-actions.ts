import type { FakeContext } from "./context.js";
import { GitHubError, validationFailed } from "./github-error.js";
import { createIssue, emitIssueEvent } from "./issue-actions.js";
import { commitFiles, identityOf, moveBranch } from "./repo-actions.js";
import type { Actor, GitCommit, Issue, Pull, Repo } from "./types.js";

function refused(message: string): GitHubError {
  return validationFailed([{ resource: "PullRequest", code: "custom", message }]);
}

/** An open pull request from the same head into the same base, if any. */
export function openPullFor(ctx: FakeContext, baseRepo: Repo, headRepo: Repo, headRef: string, baseRef: string, except?: number): Pull | undefined {
  return [...baseRepo.pulls.values()].find(
    (pull) =>
      pull.number !== except &&
      pull.headRepoId === headRepo.id &&
      pull.headRef === headRef &&
      pull.baseRef === baseRef &&
      ctx.state.issues.get(pull.issueId)?.state === "open",
  );
}

/** Opens a pull request with GitHub's checks and its `pull_request.opened` webhook. */
export function openPull(
  ctx: FakeContext,
  baseRepo: Repo,
  input: { headRepo: Repo; headRef: string; baseRef: string; title: string; body: string | null; draft: boolean; maintainerCanModify: boolean },
  actor: Actor,
): Pull {
  const baseSha = baseRepo.branches.get(input.baseRef);
  if (baseSha === undefined) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  const headSha = input.headRepo.branches.get(input.headRef);
  if (headSha === undefined || input.headRepo.networkId !== baseRepo.networkId) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  const headLabel = `${input.headRepo.owner.login}:${input.headRef}`;
  const git = ctx.state.git;
  const mergeBase = git.mergeBase(baseSha, headSha);
  if (mergeBase === null || git.commitsBetween(mergeBase, headSha).length === 0) throw refused(`No commits between ${input.baseRef} and ${input.headRepo.id === baseRepo.id ? input.headRef : headLabel}`);
  if (openPullFor(ctx, baseRepo, input.headRepo, input.headRef, input.baseRef) !== undefined) throw refused(`A pull request already exists for ${headLabel}.`);

  const number = baseRepo.nextNumber;
  const issue = createIssue(ctx, baseRepo, { title: input.title, body: input.body, pullNumber: number }, actor);
  const { id, nodeId } = ctx.state.nextId("pull");
  const pull: Pull = {
    id,
    nodeId,
    number,
    issueId: issue.id,
    headRepoId: input.headRepo.id,
    headRef: input.headRef,
    headSha,
    baseRef: input.baseRef,
    draft: input.draft,
    maintainerCanModify: input.maintainerCanModify,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
  };
  baseRepo.pulls.set(number, pull);
  emitIssueEvent(ctx, baseRepo, issue, "opened", {}, actor.account);
  return pull;
}

/**
 * Merges with a merge commit. Files both sides changed differently are a conflict (GitHub's
 * 405 "not mergeable"); otherwise each file comes from the side that changed it.
 */
export function mergePull(ctx: FakeContext, repo: Repo, pull: Pull, actor: Actor): GitCommit {
  const issue = ctx.state.issues.get(pull.issueId) as Issue;
  if (issue.state !== "open") throw new GitHubError(405, "Pull Request is not mergeable");
  const git = ctx.state.git;
  const baseSha = repo.branches.get(pull.baseRef) as string;
  const mergeBase = git.mergeBase(baseSha, pull.headSha);
  const files = (sha: string | null): ReadonlyMap<string, string> => (sha === null ? new Map() : (git.commits.get(sha) as GitCommit).files);
  const [m, b, h] = [files(mergeBase), files(baseSha), files(pull.headSha)];
  const changes = new Map<string, Buffer | null>();
  for (const path of new Set([...m.keys(), ...b.keys(), ...h.keys()])) {
    const [mv, bv, hv] = [m.get(path), b.get(path), h.get(path)];
    if (hv === mv || hv === bv) continue;
    if (bv !== mv) throw new GitHubError(405, "Pull Request is not mergeable");
    changes.set(path, hv === undefined ? null : (git.blobs.get(hv) as Buffer));
  }
  const headRepo = ctx.state.repo(pull.headRepoId);
  const identity = identityOf(ctx, actor.account);
  const commit = commitFiles(ctx, repo, {
    parent: baseSha,
    extraParents: [pull.headSha],
    changes,
    message: `Merge pull request #${pull.number} from ${headRepo.owner.login}/${pull.headRef}`,
    author: identity,
  });
  moveBranch(ctx, repo, pull.baseRef, commit.sha, actor);
  const now = ctx.state.now();
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergedBy = actor.account;
  pull.mergeCommitSha = commit.sha;
  issue.state = "closed";
  issue.closedAt = now;
  issue.closedBy = actor.account;
  issue.updatedAt = now;
  emitIssueEvent(ctx, repo, issue, "closed", {}, actor.account);
  return commit;
}

import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { renderCheckRun, renderCheckSuite, suiteOutcome } from "./render-checks.js";
import type { Account, CheckRun, CheckSuite, Repo } from "./types.js";

/** The app's check suite for a commit (GitHub keeps one per app and head sha). */
export function suiteFor(ctx: FakeContext, repo: Repo, sha: string, branch: string | null, before: string | null = null): { suite: CheckSuite; created: boolean } {
  for (const suite of ctx.state.checkSuites.values()) {
    if (suite.repoId === repo.id && suite.headSha === sha) return { suite, created: false };
  }
  const { id, nodeId } = ctx.state.nextId("checkSuite");
  const now = ctx.state.now();
  const suite: CheckSuite = { id, nodeId, repoId: repo.id, headSha: sha, headBranch: branch, before, after: sha, createdAt: now, updatedAt: now };
  ctx.state.checkSuites.set(id, suite);
  return { suite, created: true };
}

/** GitHub creates a check suite for every push and asks each app with checks to run. */
export function requestCheckSuite(ctx: FakeContext, repo: Repo, sha: string, branch: string, before: string, sender: Account): void {
  const { suite, created } = suiteFor(ctx, repo, sha, branch, before);
  if (!created) return;
  emitRepoEvent(ctx, repo, "check_suite", { action: "requested", check_suite: renderCheckSuite(ctx, suite) }, sender);
}

/** A person pressing "Re-run all checks". */
export function rerequestCheckSuite(ctx: FakeContext, repo: Repo, suite: CheckSuite, sender: Account): void {
  suite.updatedAt = ctx.state.now();
  emitRepoEvent(ctx, repo, "check_suite", { action: "rerequested", check_suite: renderCheckSuite(ctx, suite) }, sender);
}

/** A person pressing "Re-run" on one check run. */
export function rerequestCheckRun(ctx: FakeContext, repo: Repo, run: CheckRun, sender: Account): void {
  emitRepoEvent(ctx, repo, "check_run", { action: "rerequested", check_run: checkRunWithSuite(ctx, run) }, sender);
}

/**
 * A person pressing one of the run's buttons: `check_run.requested_action` with the button's
 * identifier ("Using the REST API to interact with checks" → "Check runs and requested actions").
 * GitHub shows only the buttons the app set on the run.
 */
export function requestCheckRunAction(ctx: FakeContext, repo: Repo, run: CheckRun, identifier: string, sender: Account): void {
  emitRepoEvent(ctx, repo, "check_run", { action: "requested_action", check_run: checkRunWithSuite(ctx, run), requested_action: { identifier } }, sender);
}

/** Check run webhooks carry the run with its whole suite, not just the suite's id. */
export function checkRunWithSuite(ctx: FakeContext, run: CheckRun): Record<string, unknown> {
  const suite = ctx.state.checkSuites.get(run.suiteId) as CheckSuite;
  const rendered = renderCheckSuite(ctx, suite);
  const { repository: _repository, ...suiteFields } = rendered;
  return { ...renderCheckRun(ctx, run), check_suite: suiteFields };
}

/** After a run changed: `completed` for the run, and for its suite once every run is done. */
export function announceRunCompleted(ctx: FakeContext, repo: Repo, run: CheckRun, sender: Account): void {
  emitRepoEvent(ctx, repo, "check_run", { action: "completed", check_run: checkRunWithSuite(ctx, run) }, sender);
  const suite = ctx.state.checkSuites.get(run.suiteId) as CheckSuite;
  if (suiteOutcome(ctx, suite).status === "completed") {
    emitRepoEvent(ctx, repo, "check_suite", { action: "completed", check_suite: renderCheckSuite(ctx, suite) }, sender);
  }
}

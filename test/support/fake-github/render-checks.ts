import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { renderApp, renderRepo } from "./render-core.js";
import type { Annotation, CheckRun, CheckSuite, GitCommit, Repo } from "./types.js";

/** Open same-repository pull requests whose head is `sha` (GitHub lists none for forks). */
function pullsAt(ctx: FakeContext, repo: Repo, sha: string): Array<Record<string, unknown>> {
  const name = fullName(repo);
  const ref = (branch: string, at: string): Record<string, unknown> => ({
    ref: branch,
    sha: at,
    repo: { id: repo.id, url: ctx.urls.apiPath(`/repos/${name}`), name: repo.name },
  });
  return [...repo.pulls.values()]
    .filter((pull) => pull.headRepoId === repo.id && pull.headSha === sha && ctx.state.issues.get(pull.issueId)?.state === "open")
    .map((pull) => ({
      id: pull.id,
      number: pull.number,
      url: ctx.urls.apiPath(`/repos/${name}/pulls/${pull.number}`),
      head: ref(pull.headRef, pull.headSha),
      base: ref(pull.baseRef, repo.branches.get(pull.baseRef) ?? pull.headSha),
    }));
}

export function renderCheckRun(ctx: FakeContext, run: CheckRun): Record<string, unknown> {
  const repo = ctx.state.repo(run.repoId);
  const api = ctx.urls.apiPath(`/repos/${fullName(repo)}/check-runs/${run.id}`);
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: run.nodeId,
    external_id: run.externalId,
    url: api,
    html_url: ctx.urls.html(`/${fullName(repo)}/runs/${run.id}`),
    details_url: run.detailsUrl ?? ctx.urls.html(`/apps/${ctx.app.slug}`),
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: renderApp(ctx),
    pull_requests: pullsAt(ctx, repo, run.headSha),
  };
}

export function renderAnnotation(ctx: FakeContext, run: CheckRun, annotation: Annotation): Record<string, unknown> {
  const repo = ctx.state.repo(run.repoId);
  return {
    path: annotation.path,
    start_line: annotation.start_line,
    end_line: annotation.end_line,
    start_column: annotation.start_column ?? null,
    end_column: annotation.end_column ?? null,
    annotation_level: annotation.annotation_level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: annotation.raw_details ?? null,
    blob_href: ctx.urls.html(`/${fullName(repo)}/blob/${run.headSha}/${annotation.path}`),
  };
}

const FAILING = ["failure", "timed_out", "action_required", "cancelled", "startup_failure"];

/** A suite's status and conclusion follow from its runs, as GitHub derives them. */
export function suiteOutcome(ctx: FakeContext, suite: CheckSuite): { status: string; conclusion: string | null; runs: number } {
  const runs = [...ctx.state.checkRuns.values()].filter((run) => run.suiteId === suite.id);
  if (runs.length === 0) return { status: "queued", conclusion: null, runs: 0 };
  if (runs.some((run) => run.status !== "completed")) {
    return { status: runs.every((run) => run.status === "queued") ? "queued" : "in_progress", conclusion: null, runs: runs.length };
  }
  const conclusions = runs.map((run) => run.conclusion ?? "neutral");
  const failing = conclusions.find((conclusion) => FAILING.includes(conclusion));
  const conclusion = failing ?? (conclusions.every((c) => c === "skipped") ? "skipped" : conclusions.every((c) => c === "neutral") ? "neutral" : "success");
  return { status: "completed", conclusion, runs: runs.length };
}

export function renderCheckSuite(ctx: FakeContext, suite: CheckSuite): Record<string, unknown> {
  const repo = ctx.state.repo(suite.repoId);
  const name = fullName(repo);
  const commit = ctx.state.git.commits.get(suite.headSha) as GitCommit;
  const outcome = suiteOutcome(ctx, suite);
  return {
    id: suite.id,
    node_id: suite.nodeId,
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: outcome.status,
    conclusion: outcome.conclusion,
    url: ctx.urls.apiPath(`/repos/${name}/check-suites/${suite.id}`),
    before: suite.before,
    after: suite.after,
    pull_requests: pullsAt(ctx, repo, suite.headSha),
    app: renderApp(ctx),
    repository: renderRepo(ctx, repo, "webhook"),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    head_commit: {
      id: commit.sha,
      tree_id: commit.tree,
      message: commit.message,
      timestamp: commit.committer.date,
      author: { name: commit.author.name, email: commit.author.email },
      committer: { name: commit.committer.name, email: commit.committer.email },
    },
    latest_check_runs_count: outcome.runs,
    check_runs_url: ctx.urls.apiPath(`/repos/${name}/check-suites/${suite.id}/check-runs`),
    rerequestable: true,
    runs_rerequestable: true,
  };
}

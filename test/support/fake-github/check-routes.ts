import { announceRunCompleted, checkRunWithSuite, suiteFor } from "./check-actions.js";
import type { FakeContext } from "./context.js";
import { emitRepoEvent } from "./emit-event.js";
import { GitHubError, notFound } from "./github-error.js";
import { paginate } from "./paginate.js";
import { renderAnnotation, renderCheckRun, renderCheckSuite } from "./render-checks.js";
import type { RepoRouteRequest, Router } from "./router.js";
import type { Annotation, CheckRun, Repo } from "./types.js";

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRun["status"];
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: Annotation[] };
  actions?: CheckRun["actions"];
}

function checkAnnotations(annotations: Annotation[] | undefined): void {
  for (const annotation of annotations ?? []) {
    if ((annotation.start_column !== undefined || annotation.end_column !== undefined) && annotation.start_line !== annotation.end_line) {
      throw new GitHubError(422, "Invalid request.\n\nstart_column and end_column may only be used when start_line and end_line are the same.");
    }
    if (annotation.end_line < annotation.start_line) throw new GitHubError(422, "Invalid request.\n\nend_line must not be before start_line.");
  }
}

function requireRun(ctx: FakeContext, repo: Repo, id: string | undefined): CheckRun {
  const run = ctx.state.checkRuns.get(Number(id));
  if (run === undefined || run.repoId !== repo.id) throw notFound();
  return run;
}

/** Applies status/conclusion as GitHub does: a conclusion completes the run. */
function applyStatus(ctx: FakeContext, run: CheckRun, body: CheckRunBody): void {
  if (body.conclusion !== undefined) {
    run.status = "completed";
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at ?? run.completedAt ?? ctx.state.now();
  } else if (body.status !== undefined) {
    if (body.status === "completed") throw new GitHubError(422, 'Invalid request.\n\n"conclusion" wasn\'t supplied.');
    run.status = body.status;
  }
}

export function checkRoutes(router: Router, ctx: FakeContext): void {
  router.repo("POST", "/repos/{owner}/{repo}/check-runs", (request) => {
    const { repo } = request;
    const body = request.body as CheckRunBody & { name: string; head_sha: string };
    if (!ctx.state.hasCommit(repo, body.head_sha)) throw new GitHubError(422, `No commit found for SHA: ${body.head_sha}`);
    checkAnnotations(body.output?.annotations);
    const { suite } = suiteFor(ctx, repo, body.head_sha, ctx.state.branchOf(repo, body.head_sha));
    const { id, nodeId } = ctx.state.nextId("checkRun");
    const run: CheckRun = {
      id,
      nodeId,
      repoId: repo.id,
      suiteId: suite.id,
      name: body.name,
      headSha: body.head_sha,
      status: "queued",
      conclusion: null,
      startedAt: body.started_at ?? ctx.state.now(),
      completedAt: null,
      detailsUrl: body.details_url ?? null,
      externalId: body.external_id ?? "",
      output: { title: body.output?.title ?? null, summary: body.output?.summary ?? null, text: body.output?.text ?? null },
      annotations: [...(body.output?.annotations ?? [])],
      ...(body.actions !== undefined ? { actions: body.actions } : {}),
    };
    applyStatus(ctx, run, body);
    ctx.state.checkRuns.set(id, run);
    suite.updatedAt = ctx.state.now();
    emitRepoEvent(ctx, repo, "check_run", { action: "created", check_run: checkRunWithSuite(ctx, run) }, request.actor.account);
    if (run.status === "completed") announceRunCompleted(ctx, repo, run, request.actor.account);
    return { status: 201, body: renderCheckRun(ctx, run) };
  });

  router.repo("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (request) => {
    const { repo } = request;
    const run = requireRun(ctx, repo, request.params.check_run_id);
    const body = request.body as CheckRunBody;
    checkAnnotations(body.output?.annotations);
    const wasCompleted = run.status === "completed";
    if (body.name !== undefined) run.name = body.name;
    if (body.details_url !== undefined) run.detailsUrl = body.details_url;
    if (body.external_id !== undefined) run.externalId = body.external_id;
    if (body.started_at !== undefined) run.startedAt = body.started_at;
    if (body.actions !== undefined) run.actions = body.actions;
    applyStatus(ctx, run, body);
    if (body.output !== undefined) {
      if (body.output.title !== undefined) run.output.title = body.output.title;
      if (body.output.summary !== undefined) run.output.summary = body.output.summary;
      if (body.output.text !== undefined) run.output.text = body.output.text;
      // Annotations accumulate across updates: each request appends its (at most 50).
      run.annotations.push(...(body.output.annotations ?? []));
    }
    if (!wasCompleted && run.status === "completed") announceRunCompleted(ctx, repo, run, request.actor.account);
    return { status: 200, body: renderCheckRun(ctx, run) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (request) => ({
    status: 200,
    body: renderCheckRun(ctx, requireRun(ctx, request.repo, request.params.check_run_id)),
  }));

  router.repo("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", (request) => {
    const run = requireRun(ctx, request.repo, request.params.check_run_id);
    const page = paginate(ctx, request, run.annotations.map((annotation) => renderAnnotation(ctx, run, annotation)));
    return { status: 200, body: page.items, headers: page.headers };
  });

  router.repo("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", (request: RepoRouteRequest) => {
    const { repo, query } = request;
    const sha = ctx.state.resolveRef(repo, request.params.ref ?? "");
    if (sha === null) throw new GitHubError(422, `No commit found for SHA: ${request.params.ref}`);
    let runs = [...ctx.state.checkRuns.values()].filter((run) => run.repoId === repo.id && run.headSha === sha);
    if (query.check_name !== undefined) runs = runs.filter((run) => run.name === query.check_name);
    if (query.status !== undefined) runs = runs.filter((run) => run.status === query.status);
    if (query.app_id !== undefined && Number(query.app_id) !== ctx.app.id) runs = [];
    runs.sort((a, b) => b.id - a.id);
    if ((query.filter ?? "latest") === "latest") runs = runs.filter((run, index) => runs.findIndex((other) => other.name === run.name) === index);
    const page = paginate(ctx, request, runs);
    return { status: 200, body: { total_count: runs.length, check_runs: page.items.map((run) => renderCheckRun(ctx, run)) }, headers: page.headers };
  });

  router.repo("GET", "/repos/{owner}/{repo}/check-suites/{check_suite_id}", (request) => {
    const suite = ctx.state.checkSuites.get(Number(request.params.check_suite_id));
    if (suite === undefined || suite.repoId !== request.repo.id) throw notFound();
    return { status: 200, body: renderCheckSuite(ctx, suite) };
  });
}

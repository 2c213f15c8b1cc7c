import { checkConclusion } from "../../core/check/check-conclusion.js";
import { detectRenumbered, type Renumbering } from "../../core/check/detect-renumbered.js";
import { renderCheckOutput } from "../../core/check/render-check-output.js";
import { toAnnotations } from "../../core/check/to-annotations.js";
import type { CheckConclusion } from "../../core/check/types.js";
import { CONFIG_PATH } from "../../core/config/parse-config.js";
import { DEFAULT_CONFIG } from "../../core/config/schema.js";
import type { Document } from "../../core/model/types.js";
import { metrics } from "../../ops/metrics.js";
import { planSync } from "../../core/plan/plan-sync.js";
import type { MirroredIssue, Plan } from "../../core/plan/types.js";
import { applyRuleSeverities } from "../../core/validate/apply-rule-severities.js";
import { sortDiagnostics } from "../../core/validate/sort-diagnostics.js";
import { parsePool } from "../../ops/parse-pool.js";
import { blobCache, type BlobCache } from "../blob-cache.js";
import { countRequests } from "../count-requests.js";
import { listMirroredIssues } from "../list-mirrored-issues.js";
import { loadConfig } from "../load-config.js";
import { loadDocuments } from "../load-documents.js";
import { taskPathMatcher } from "../task-path-matcher.js";
import type { GitHubScope } from "../types.js";
import { completeCheckRun } from "./complete-check-run.js";
import { createCheckRun } from "./create-check-run.js";
import { findCheckRun } from "./find-check-run.js";
import { listPullRequestFiles } from "./list-pull-request-files.js";

export interface PullRequestCheckTarget {
  number: number;
  /** The commit the run is for; a fork's head is read through the base repository. */
  headSha: string;
  /** The base the pull request is compared with (old titles and positions of renumbered tasks). */
  baseSha: string;
  /** A new run even when the head already has one: a re-run, or a reopened pull request. */
  fresh: boolean;
}

export interface PullRequestCheckOptions {
  /** The app's login (`slug[bot]`): the creator of the mirrored issues and owner of the runs. */
  botLogin: string;
  /** Web address for the permalinks the plan renders. */
  serverUrl: string;
  cache?: BlobCache;
}

export interface PullRequestCheckResult {
  outcome: "not-relevant" | "already-checked" | "checked";
  checkRunId: number | null;
  conclusion: CheckConclusion | null;
  diagnostics: number;
  annotations: number;
  /** Operations the plan preview shows: what merging would do to the issues. */
  operations: number;
  reads: number;
  writes: number;
}

// Task documents are markdown; a pull request that changes no markdown file and not the config
// is dropped after listing its files, without reading the config that holds the globs.
const MARKDOWN = /\.(md|markdown)$/i;

const CHECKING = {
  title: "Checking task documents…",
  summary: "taskmirror is reading the task documents at this commit and planning what merging would do to the issues.",
};

/**
 * The `taskmirror` check run of a pull request's head:
 * 1. the files it changes, and whether any is a task document or the config;
 * 2. (unless a fresh run is asked for) whether the head already has a run;
 * 3. an `in_progress` run on the head;
 * 4. every task document at the head, validated together (the config at the head, or the
 *    defaults when it is invalid — its own problems are reported on its lines);
 * 5. the plan merging would apply, against the issues as they are now, and renumbered tasks;
 * 6. annotations for the changed files, the summary and the conclusion, 50 annotations per update;
 * 7. one log line with the counts.
 * A failure after step 3 still completes the run, so that no run is left spinning.
 */
export async function runPullRequestCheck(
  scope: GitHubScope,
  target: PullRequestCheckTarget,
  options: PullRequestCheckOptions,
): Promise<PullRequestCheckResult> {
  const requests = countRequests(scope.octokit);
  const log = scope.log.child({ pull: target.number, sha: target.headSha });
  const result = (outcome: PullRequestCheckResult["outcome"], rest: Partial<PullRequestCheckResult> = {}): PullRequestCheckResult => ({
    outcome,
    checkRunId: null,
    conclusion: null,
    diagnostics: 0,
    annotations: 0,
    operations: 0,
    reads: requests.reads,
    writes: requests.writes,
    ...rest,
  });
  try {
    // 1.
    const files = await listPullRequestFiles(scope, target.number);
    const paths = files.flatMap((file) => [file.filename, ...(file.previous_filename !== undefined ? [file.previous_filename] : [])]);
    const configChanged = paths.includes(CONFIG_PATH);
    if (!configChanged && !paths.some((path) => MARKDOWN.test(path))) {
      log.debug({ files: files.length }, "check: no markdown file or config changed");
      return result("not-relevant");
    }
    const parsed = await loadConfig(scope, target.headSha);
    const config = parsed.config ?? DEFAULT_CONFIG;
    const isTaskDocument = taskPathMatcher(config);
    if (!configChanged && !paths.some(isTaskDocument)) {
      log.debug({ files: files.length }, "check: no task document changed");
      return result("not-relevant");
    }
    const changed = new Set(files.filter((file) => file.status !== "removed" && isTaskDocument(file.filename)).map((file) => file.filename));
    if (configChanged) changed.add(CONFIG_PATH);

    // 2.
    const appSlug = options.botLogin.replace(/\[bot\]$/, "");
    if (!target.fresh && (await findCheckRun(scope, target.headSha, appSlug))) {
      log.debug("check: the head already has a taskmirror run");
      return result("already-checked");
    }

    // 3.
    const checkRunId = await createCheckRun(scope, { headSha: target.headSha, pullNumber: target.number, output: CHECKING, appSlug });
    try {
      // 4.
      const cache = options.cache ?? blobCache;
      const { documents, fetched } = await loadDocuments(scope, target.headSha, config, cache);
      // The texts of the changed documents are in the blob cache now (the files list names
      // their blob shas): with them, annotations point at the exact column.
      const changedBlobs = new Map(files.flatMap((file) => (file.sha !== null && changed.has(file.filename) ? [[file.filename, file.sha]] : [])));
      const validated = await parsePool.validate(documents, config, {
        sourceText: (path) => {
          const sha = changedBlobs.get(path);
          return sha === undefined ? undefined : cache.get(sha);
        },
      });

      // 5.
      const issues = await listMirroredIssues(scope, options.botLogin);
      const plan = parsed.config
        ? planSync({
            documents,
            issues,
            config: parsed.config,
            source: { serverUrl: options.serverUrl, owner: scope.repo.owner, repo: scope.repo.repo, sha: target.headSha },
            diagnostics: validated,
            // The pull request's own renames: a document it moves keeps its tasks' issues.
            renames: files.flatMap((file) =>
              file.status === "renamed" && file.previous_filename !== undefined ? [{ from: file.previous_filename, to: file.filename }] : [],
            ),
          })
        : null;
      const found = plan ? await findRenumbered(scope, target, plan, documents, issues, config, cache) : [];
      const renumberedDiagnostics = applyRuleSeverities(
        found.map((r) => r.diagnostic),
        config.rules,
      );
      // `renumbered-task: off` silences the call-out as well as the annotations.
      const renumbered = renumberedDiagnostics.length > 0 ? found : [];

      // 6.
      const diagnostics = sortDiagnostics([...validated, ...parsed.diagnostics, ...renumberedDiagnostics]);
      const { annotations, unannotated } = toAnnotations(diagnostics, changed);
      const output = renderCheckOutput({
        diagnostics,
        unannotated,
        plan,
        issues,
        renumbered,
        documents: { checked: documents.length, changed: documents.filter((doc) => changed.has(doc.path)).length },
      });
      const conclusion = checkConclusion(diagnostics, config);
      const updates = await completeCheckRun(scope, checkRunId, { output, conclusion, annotations });
      metrics.checkRun(conclusion);

      // 7. (The delivery's summary line carries the counts that matter.)
      log.debug(
        {
          documents: documents.length,
          changed: changed.size,
          blobsFetched: fetched,
          diagnostics: diagnostics.length,
          annotations: annotations.length,
          updates,
          operations: plan?.operations.length ?? 0,
          renumbered: renumbered.length,
          conclusion,
          reads: requests.reads,
          writes: requests.writes,
        },
        "check run done",
      );
      return result("checked", { checkRunId, conclusion, diagnostics: diagnostics.length, annotations: annotations.length, operations: plan?.operations.length ?? 0 });
    } catch (error) {
      metrics.checkRun("error");
      await failCheckRun(scope, checkRunId, error);
      throw error;
    }
  } finally {
    requests.stop();
  }
}

/**
 * Renumbered tasks, with the base's documents read only when the plan both closes an issue as
 * not planned and creates one — the only case where a task can have been renumbered.
 */
async function findRenumbered(
  scope: GitHubScope,
  target: PullRequestCheckTarget,
  plan: Plan,
  documents: Document[],
  issues: MirroredIssue[],
  config: Parameters<typeof loadDocuments>[2],
  cache: BlobCache,
): Promise<Renumbering[]> {
  const possible =
    plan.operations.some((op) => op.kind === "create") && plan.operations.some((op) => op.kind === "close" && op.reason === "not_planned");
  if (!possible) return [];
  const base = await loadDocuments(scope, target.baseSha, config, cache);
  return detectRenumbered({ plan, documents, issues, baseDocuments: base.documents });
}

async function failCheckRun({ octokit, repo, log }: GitHubScope, checkRunId: number, error: unknown): Promise<void> {
  try {
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: "failure",
      completed_at: new Date().toISOString(),
      output: {
        title: "The check could not finish",
        summary: `taskmirror could not check this commit: ${String((error as Error)?.message ?? error).slice(0, 1000)}\n\nPress "Re-run" to try again.`,
      },
    });
  } catch (failure) {
    log.error({ err: failure, checkRunId }, "check: could not complete the failed run");
  }
}

import { stat } from "node:fs/promises";
import { join } from "node:path";
import { checkConclusion } from "../core/check/check-conclusion.js";
import { cutAtLine } from "../core/check/cut-at-line.js";
import { detectRenumbered, type Renumbering } from "../core/check/detect-renumbered.js";
import { renderCheckOutput } from "../core/check/render-check-output.js";
import { toAnnotations } from "../core/check/to-annotations.js";
import { CONFIG_PATH } from "../core/config/parse-config.js";
import { DEFAULT_CONFIG } from "../core/config/schema.js";
import { WORKFLOW_ANNOTATIONS_PER_LEVEL } from "../core/limits.js";
import { parseDocumentCached } from "../core/markdown/parse-document.js";
import type { Diagnostic } from "../core/model/types.js";
import { planSync } from "../core/plan/plan-sync.js";
import type { MirroredIssue } from "../core/plan/types.js";
import { codeSpan } from "../core/render/code-span.js";
import { applyRuleSeverities } from "../core/validate/apply-rule-severities.js";
import { sortDiagnostics } from "../core/validate/sort-diagnostics.js";
import { validate } from "../core/validate/validate.js";
import { listPullRequestFiles } from "../github/check/list-pull-request-files.js";
import { listMirroredIssues } from "../github/list-mirrored-issues.js";
import { loadDocuments } from "../github/load-documents.js";
import { loadTokenLogin } from "../github/load-token-login.js";
import { errorText, statusOf } from "../github/request-errors.js";
import { taskPathMatcher } from "../github/task-path-matcher.js";
import type { GitHubScope } from "../github/types.js";
import { loadLocalConfig } from "../local/load-local-config.js";
import { loadLocalDocuments } from "../local/load-local-documents.js";
import type { ActionInputs } from "./read-action-inputs.js";
import type { WorkflowRun } from "./read-workflow-run.js";
import type { StepResult } from "./step-result.js";
import { withPaths } from "./with-paths.js";
import { workflowAnnotations } from "./workflow-annotations.js";

/** Problems listed in the summary because GitHub would not show them as annotations. */
const OMITTED_LIST_MAX = 100_000;
/** What a token that may not read something gets: unauthorised, forbidden, or hidden. */
const REFUSED = new Set([401, 403, 404]);

/**
 * `mode: validate` — the pull-request check run, as a workflow step:
 * 1. the config and every task document of the checked-out workspace, validated together;
 * 2. the files the pull request changes (their problems first, the others counted apart);
 * 3. the mirrored issues, read with the token — when it may not, the plan is made against none;
 * 4. the plan merging would apply, and renumbered tasks (the base's documents, through the API);
 * 5. annotations as workflow commands, the check run's summary as the job summary, and the
 *    exit code of the conclusion rules (`checkRun.conclusionOnErrors`/`conclusionOnWarnings`).
 */
export async function validateWorkspace(run: WorkflowRun, inputs: ActionInputs, scope: GitHubScope | null, print: (text: string) => void): Promise<StepResult> {
  // 1.
  if (!(await stat(join(run.workspace, ".git")).then(() => true, () => false))) {
    throw new Error(`no checkout in ${run.workspace}: validate reads the checked-out documents, so actions/checkout must run before it`);
  }
  const parsed = await loadLocalConfig(join(run.workspace, inputs.config), inputs.config, inputs.config !== CONFIG_PATH);
  const config = withPaths(parsed.config ?? DEFAULT_CONFIG, inputs.paths);
  const { files } = await loadLocalDocuments([run.workspace], config, run.workspace);
  const documents = files.map((file) => parseDocumentCached(file.path, file.text));
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const validated = validate(documents, config, { sourceText: (path) => texts.get(path) });
  const notes: string[] = [];
  const refused = (what: string, error: unknown, consequence: string) => {
    if (!REFUSED.has(statusOf(error) ?? 0)) throw error;
    notes.push(`The token cannot read ${what} (${statusOf(error)}: ${errorText(error)}): ${consequence}`);
  };

  // 2.
  const pull = pullRequestOf(run);
  let changed: Set<string> | null = null;
  if (pull && scope) {
    try {
      const isTaskDocument = taskPathMatcher(config);
      const listed = await listPullRequestFiles(scope, pull.number);
      changed = new Set(listed.filter((file) => file.status !== "removed" && isTaskDocument(file.filename)).map((file) => file.filename));
      if (listed.some((file) => file.filename === inputs.config || file.previous_filename === inputs.config)) changed.add(inputs.config);
    } catch (error) {
      refused("the pull request's files", error, "every document's problems are annotated.");
    }
  }
  const annotated = changed ?? new Set([...documents.map((doc) => doc.path), inputs.config]);

  // 3.
  let issues: MirroredIssue[] = [];
  if (!scope) {
    notes.push("No token was given: the plan is made against no issues, as if none were mirrored yet.");
  } else {
    try {
      issues = await listMirroredIssues(scope, await loadTokenLogin(scope.octokit));
    } catch (error) {
      refused("this repository's issues", error, "the plan is made against no issues, as if none were mirrored yet.");
    }
  }

  // 4.
  const source = { serverUrl: run.serverUrl, owner: run.repo.owner, repo: run.repo.repo, sha: pull?.headSha ?? run.sha };
  const plan = parsed.config ? planSync({ documents, issues, config, source, diagnostics: validated }) : null;
  let renumbered: Renumbering[] = [];
  const possible = plan?.operations.some((op) => op.kind === "create") && plan.operations.some((op) => op.kind === "close" && op.reason === "not_planned");
  if (plan && possible && pull && scope) {
    try {
      const base = await loadDocuments(scope, pull.baseSha, config);
      renumbered = detectRenumbered({ plan, documents, issues, baseDocuments: base.documents });
    } catch (error) {
      refused("the base commit's documents", error, "renumbered tasks are not looked for.");
    }
  }
  const renumberedDiagnostics = applyRuleSeverities(renumbered.map((r) => r.diagnostic), config.rules);

  // 5.
  const diagnostics = sortDiagnostics([...validated, ...parsed.diagnostics, ...renumberedDiagnostics]);
  const { unannotated } = toAnnotations(diagnostics, annotated);
  const elsewhere = new Set(unannotated);
  const { commands, omitted } = workflowAnnotations(diagnostics.filter((d) => !elsewhere.has(d)));
  print(commands);
  const output = renderCheckOutput({
    diagnostics,
    unannotated,
    plan,
    issues,
    renumbered: renumberedDiagnostics.length > 0 ? renumbered : [],
    documents: { checked: documents.length, changed: documents.filter((doc) => annotated.has(doc.path)).length },
  });
  const conclusion = checkConclusion(diagnostics, config);
  if (omitted.length > 0) print(`${omitted.length} more problems are not annotated (GitHub shows ${WORKFLOW_ANNOTATIONS_PER_LEVEL} of each level per step): see the job summary.\n`);
  for (const note of notes) print(`${note}\n`);

  const summary = [
    `## taskmirror: ${output.title}`,
    "",
    ...notes.flatMap((note) => ["> [!NOTE]", `> ${note}`, ""]),
    output.summary,
    ...(output.text ? ["", output.text] : []),
    ...(omitted.length > 0 ? ["", omittedSection(omitted)] : []),
    "",
    conclusionLine(conclusion, diagnostics),
    "",
  ].join("\n");
  return { code: conclusion === "failure" ? 1 : 0, summary, line: `taskmirror: ${output.title} (conclusion: ${conclusion})\n` };
}

interface PullRequestRef {
  number: number;
  headSha: string;
  baseSha: string;
}

function pullRequestOf(run: WorkflowRun): PullRequestRef | null {
  if (run.eventName !== "pull_request" && run.eventName !== "pull_request_target") return null;
  const pull = run.event.pull_request as { number?: unknown; head?: { sha?: unknown }; base?: { sha?: unknown } } | undefined;
  if (typeof pull?.number !== "number" || typeof pull.head?.sha !== "string" || typeof pull.base?.sha !== "string") return null;
  return { number: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha };
}

function omittedSection(omitted: readonly Diagnostic[]): string {
  const lines = [
    "### Problems not annotated",
    "",
    `GitHub Actions shows at most ${WORKFLOW_ANNOTATIONS_PER_LEVEL} errors, ${WORKFLOW_ANNOTATIONS_PER_LEVEL} warnings and ${WORKFLOW_ANNOTATIONS_PER_LEVEL} notices per step; these ${omitted.length} are not among them.`,
    "",
    ...omitted.map((d) => `- ${codeSpan(`${d.path}:${d.line}:${d.column}`)} ${d.severity} \`${d.code}\`: ${d.message.replace(/\s+/g, " ")}`),
  ];
  // A step's summary is refused over 1 MiB; the check-run parts above are 65,535 characters each.
  return cutAtLine(lines.join("\n"), OMITTED_LIST_MAX, (n) => `… ${n} more not shown.`);
}

function conclusionLine(conclusion: string, diagnostics: readonly Diagnostic[]): string {
  const worst = diagnostics.some((d) => d.severity === "error") ? "errors" : diagnostics.some((d) => d.severity === "warning") ? "warnings" : null;
  const rule = worst === "errors" ? "`checkRun.conclusionOnErrors`" : worst === "warnings" ? "`checkRun.conclusionOnWarnings`" : null;
  return `Conclusion: **${conclusion}**${rule ? ` (${worst}: ${rule})` : ""}${conclusion === "failure" ? ", so this step fails." : "."}`;
}

import type { ParsedConfig } from "../core/config/parse-config.js";
import { renderPlan } from "../core/render/render-plan.js";
import { sortDiagnostics } from "../core/validate/sort-diagnostics.js";
import { loadConfig } from "../github/load-config.js";
import { loadTokenLogin, WORKFLOW_BOT_LOGIN } from "../github/load-token-login.js";
import { syncRepository, type SyncResult } from "../github/sync-repository.js";
import type { GitHubScope } from "../github/types.js";
import type { ActionInputs } from "./read-action-inputs.js";
import type { WorkflowRun } from "./read-workflow-run.js";
import type { StepResult } from "./step-result.js";
import { withPaths } from "./with-paths.js";
import { workflowAnnotations } from "./workflow-annotations.js";

const WRITE_BACK_OFF = [
  "Ticks made in issues are not written back to the files: this sync runs with the workflow's `GITHUB_TOKEN`,",
  "which cannot act for the person who ticked (the commit would be github-actions[bot]'s, with nobody's permission checked)",
  "and whose pushes start no workflow. The ticks stay in the issues, nothing is lost, and they are planned again on every sync;",
  "for two-way sync install the taskmirror app, or pass a person's or an app's token as `token`.",
].join(" ");

/**
 * `mode: sync` — the app's sync of the default branch, run once with the step's token:
 * 1. only on a push to the default branch (or a run not tied to a push: schedule, dispatch);
 * 2. the config at the branch, read through the API like the app (no checkout needed), with
 *    the `paths` input in place of its globs; an invalid one is annotated and nothing syncs;
 * 3. syncRepository, the app's pipeline, as the token's user or bot — with the workflow token
 *    the two-way write-back is off;
 * 4. the documents' problems as annotations, and the plan (done, or only planned on a dry run)
 *    as the job summary.
 */
export async function syncFromWorkflow(run: WorkflowRun, inputs: ActionInputs, scope: GitHubScope | null, print: (text: string) => void): Promise<StepResult> {
  // 1.
  if (run.eventName === "pull_request" || run.eventName === "pull_request_target") {
    throw new Error("mode sync mirrors the default branch into issues: run it on push (or schedule, workflow_dispatch); on pull requests use mode validate");
  }
  if (!scope) throw new Error('mode sync needs a token: the input "token" is empty');
  const repository = run.event.repository as { default_branch?: unknown } | undefined;
  const branch =
    typeof repository?.default_branch === "string"
      ? repository.default_branch
      : (await scope.octokit.request("GET /repos/{owner}/{repo}", { ...scope.repo })).data.default_branch;
  if (run.eventName === "push" && (run.event.ref !== `refs/heads/${branch}` || run.event.deleted === true)) {
    const line = `taskmirror: nothing to sync: the push is to ${String(run.event.ref)}, and issues mirror the default branch ${branch}.\n`;
    return { code: 0, summary: `## taskmirror: nothing synced\n\n${line.replace(/^taskmirror: /, "")}`, line };
  }

  // 2.
  const loaded = await loadConfig(scope, branch, inputs.config);
  const parsed: ParsedConfig = loaded.config ? { ...loaded, config: withPaths(loaded.config, inputs.paths) } : loaded;
  if (!parsed.config) {
    print(workflowAnnotations(parsed.diagnostics).commands);
    const line = `taskmirror: ${inputs.config} is not valid: nothing was synced.\n`;
    return { code: 1, summary: `## taskmirror: nothing synced\n\n\`${inputs.config}\` is not valid (see the annotations on it): nothing was synced.\n`, line };
  }

  // 3.
  const botLogin = await loadTokenLogin(scope.octokit);
  const writeBack = botLogin !== WORKFLOW_BOT_LOGIN;
  const result = await syncRepository(scope, {
    botLogin,
    serverUrl: run.serverUrl,
    branch,
    defaultBranch: branch,
    config: parsed,
    dryRun: inputs.dryRun,
    writeBack,
  });

  // 4.
  const { commands } = workflowAnnotations(sortDiagnostics(result.diagnostics));
  print(commands);
  const failed = (result.counts?.failed ?? 0) + (result.toggles?.failed ?? 0);
  const summary = renderSyncSummary(result, `${run.repo.owner}/${run.repo.repo}`, botLogin, writeBack);
  const did = result.outcome === "planned" ? "planned (dry run)" : failed > 0 ? `synced with ${failed} failures` : "synced";
  return { code: failed > 0 ? 1 : 0, summary, line: `taskmirror: ${did}: ${result.reads} reads, ${result.writes} writes.\n` };
}

function renderSyncSummary(result: SyncResult, repository: string, botLogin: string, writeBack: boolean): string {
  const where = `\`${repository}@${result.branch}\` (${result.sha.slice(0, 7)})`;
  const lines = [
    `## taskmirror: ${result.outcome === "planned" ? "dry run" : "sync"}`,
    "",
    `${result.documents} task documents, ${result.tasks} tasks, ${result.issues.length} issues mirrored by ${botLogin} at ${where}.`,
    "",
  ];
  const c = result.counts;
  if (result.outcome === "planned") {
    lines.push("**Dry run**: nothing was written. This is what a sync would do:", "");
  } else if (c) {
    const parts = [`created ${c.created}`, `updated ${c.updated}`, `closed ${c.closed}`, `reopened ${c.reopened}`, `linked ${c.linked}`, `unlinked ${c.unlinked}`, `labels ${c.labels}`];
    if (c.failed > 0) parts.push(`**failed ${c.failed}** (see the log; the next sync tries again)`);
    if (c.skipped > 0) parts.push(`skipped ${c.skipped}`);
    const t = result.toggles;
    const ticks = t ? `; ticks written back ${t.written} in ${t.commits} commits${t.failed > 0 ? `, **${t.failed} documents failed**` : ""}` : "";
    lines.push(`**Synced**: ${parts.join(", ")}${ticks}; ${result.reads} reads, ${result.writes} writes.`, "");
  }
  const waiting = result.plan?.operations.filter((op) => op.kind === "toggle-file").length ?? 0;
  if (!writeBack) {
    lines.push("> [!NOTE]", `> ${WRITE_BACK_OFF}${waiting > 0 ? ` ${waiting} ${waiting === 1 ? "tick is" : "ticks are"} waiting.` : ""}`, "");
  }
  if (result.plan) lines.push(renderPlan(result.plan, { format: "markdown", issues: result.issues }), "");
  return lines.join("\n");
}

import { appendFile } from "node:fs/promises";
import { workflowCommand } from "../cli/workflow-command.js";
import { cutAtLine } from "../core/check/cut-at-line.js";
import { STEP_SUMMARY_MAX_BYTES } from "../core/limits.js";
import { TaskmirrorOctokit } from "../octokit.js";
import { readActionInputs } from "./read-action-inputs.js";
import { readWorkflowRun } from "./read-workflow-run.js";
import { syncFromWorkflow } from "./sync-from-workflow.js";
import { validateWorkspace } from "./validate-workspace.js";
import { workflowLog } from "./workflow-log.js";

export interface ActionIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
}

/**
 * The GitHub Action (action.yml): the step's inputs and the run's variables, then validate or
 * sync; the job summary appended to `$GITHUB_STEP_SUMMARY`. Returns the step's exit code;
 * anything that stops it is one `::error::` line, never a stack trace alone.
 */
export async function runAction(io: ActionIo): Promise<number> {
  try {
    const inputs = readActionInputs(io.env);
    const run = await readWorkflowRun(io.env, io.cwd);
    const log = workflowLog(io.stdout, run.debug);
    const scope = inputs.token ? { octokit: new TaskmirrorOctokit({ auth: { token: inputs.token }, baseUrl: run.apiUrl, log }), log, repo: run.repo } : null;
    const result = inputs.mode === "validate" ? await validateWorkspace(run, inputs, scope, io.stdout) : await syncFromWorkflow(run, inputs, scope, io.stdout);
    if (run.summaryPath) await appendFile(run.summaryPath, fitSummary(result.summary));
    io.stdout(result.line);
    return result.code;
  } catch (error) {
    io.stdout(workflowCommand("error", `taskmirror: ${error instanceof Error ? error.message : String(error)}`));
    if (io.env.RUNNER_DEBUG === "1" && error instanceof Error && error.stack) io.stdout(workflowCommand("debug", error.stack));
    return 1;
  }
}

/**
 * GitHub shows no summary of a step that wrote more than 1 MiB. Both modes stay far below (their
 * parts are cut at 65,535 characters), so this is a guard: a UTF-16 unit is at most 3 bytes.
 */
function fitSummary(summary: string): string {
  if (Buffer.byteLength(summary) <= STEP_SUMMARY_MAX_BYTES) return summary;
  return cutAtLine(summary, Math.floor(STEP_SUMMARY_MAX_BYTES / 3), (n) => `… ${n} more lines not shown: a job summary holds at most 1 MiB.`);
}

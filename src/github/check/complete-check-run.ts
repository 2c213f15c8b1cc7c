import { batchAnnotations } from "../../core/check/batch-annotations.js";
import type { CheckAnnotation, CheckConclusion, CheckOutput } from "../../core/check/types.js";
import type { GitHubScope } from "../types.js";

export interface CheckRunResult {
  output: CheckOutput;
  conclusion: CheckConclusion;
  annotations: readonly CheckAnnotation[];
}

/**
 * Sends the annotations 50 per update (GitHub appends them across updates), then completes the
 * run with the last batch, so a run is never completed with part of its annotations. Returns
 * the number of update requests made.
 */
export async function completeCheckRun({ octokit, repo }: GitHubScope, checkRunId: number, result: CheckRunResult): Promise<number> {
  const batches = batchAnnotations(result.annotations);
  for (const [index, annotations] of batches.entries()) {
    const last = index === batches.length - 1;
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: checkRunId,
      ...(last ? { status: "completed", conclusion: result.conclusion, completed_at: new Date().toISOString() } : {}),
      output: { ...result.output, ...(annotations.length > 0 ? { annotations } : {}) },
    });
  }
  return batches.length;
}

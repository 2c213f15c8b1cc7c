import type { PullRequestCheckResult } from "../github/check/run-pull-request-check.js";
import type { WorkReport } from "../ops/run-delivery.js";

/**
 * A check run's part of its delivery's summary line: it plans (the preview of what merging
 * would do) and applies nothing to issues. A pull request without task documents, or a head
 * that already has a run, was nothing to do.
 */
export function checkReport(result: PullRequestCheckResult): WorkReport | undefined {
  if (result.outcome !== "checked") return undefined;
  return {
    planned: result.operations,
    applied: 0,
    details: { conclusion: result.conclusion, diagnostics: result.diagnostics, annotations: result.annotations, checkRunId: result.checkRunId },
  };
}

import { readTotalsMarker } from "../../core/check/totals-marker.js";
import type { SyncTotals } from "../../core/check/sync-totals.js";
import { PAGE_SIZE_MAX } from "../../core/limits.js";
import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";

/** A sync report's run: its `external_id`, apart from a pull request's (its number) and an invalid config's. */
export const SYNC_RUN_ID = "sync";

export interface SyncRun {
  id: number;
  /** The totals of the slices that reported on it so far. */
  totals: SyncTotals;
}

/**
 * The sync report run still in progress on `sha`, made by an earlier slice of a budgeted sync
 * (in this process or another, before a restart) — or, with `any`, any sync run of this app
 * there (a redelivered push finds its report made); null when there is none. One read.
 */
export async function findSyncRun({ octokit, repo }: GitHubScope, sha: string, appSlug: string, which: "in-progress" | "any" = "in-progress"): Promise<SyncRun | null> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...repo,
    ref: sha,
    check_name: CHECK_NAME,
    filter: "all",
    per_page: PAGE_SIZE_MAX,
  });
  const run = data.check_runs.find(
    (candidate) => candidate.app?.slug === appSlug && candidate.external_id === SYNC_RUN_ID && (which === "any" || candidate.status !== "completed"),
  );
  return run ? { id: Number(run.id), totals: readTotalsMarker(run.output.summary) } : null;
}

import type { CheckAnnotation, CheckConclusion, CheckOutput } from "../../core/check/types.js";
import { CHECK_RUN_ANNOTATIONS_PER_REQUEST, PAGE_SIZE_MAX } from "../../core/limits.js";
import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";
import { writeOnce } from "../write-once.js";
import { SYNC_RUN_ID } from "./find-sync-run.js";

/**
 * The "Resync" button ("Using the REST API to interact with checks" → requested actions:
 * label and identifier at most 20 characters, description at most 40). Pressed, GitHub sends
 * `check_run.requested_action` with the identifier.
 */
export const RESYNC_ACTION = { label: "Resync", description: "Mirror the documents into issues now", identifier: "resync" } as const;

export interface SyncRunWrite {
  sha: string;
  /** The run to update; null: a new one. */
  runId: number | null;
  output: CheckOutput;
  /** null: still in progress. */
  conclusion: CheckConclusion | null;
  /** At most one request's worth (50): a sync report costs one write however many problems it shows. */
  annotations: readonly CheckAnnotation[];
  appSlug: string;
}

/**
 * Creates or updates the sync report run in ONE request and returns its id. A new run is made
 * once even when GitHub's answer is lost: this app's sync run on the commit that started no
 * earlier than the attempt is the one made.
 */
export async function writeSyncRun(scope: GitHubScope, write: SyncRunWrite): Promise<number> {
  const { octokit, repo, log } = scope;
  const status = write.conclusion === null ? { status: "in_progress" as const } : { status: "completed" as const, conclusion: write.conclusion, completed_at: new Date().toISOString() };
  const annotations = write.annotations.slice(0, CHECK_RUN_ANNOTATIONS_PER_REQUEST);
  const output = { ...write.output, ...(annotations.length > 0 ? { annotations } : {}) };
  const actions = [RESYNC_ACTION];
  if (write.runId !== null) {
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...repo, check_run_id: write.runId, ...status, output, actions });
    return write.runId;
  }
  const startedAt = new Date();
  const since = Math.floor(startedAt.getTime() / 1000) * 1000;
  return writeOnce(log, {
    what: { checkRun: CHECK_NAME, sha: write.sha },
    write: async () => {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
        ...repo,
        name: CHECK_NAME,
        head_sha: write.sha,
        external_id: SYNC_RUN_ID,
        started_at: startedAt.toISOString(),
        ...status,
        output,
        actions,
        request: { retries: 0 },
      });
      return Number(data.id);
    },
    find: async () => {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
        ...repo,
        ref: write.sha,
        check_name: CHECK_NAME,
        filter: "all",
        per_page: PAGE_SIZE_MAX,
      });
      const made = data.check_runs.find(
        (candidate) => candidate.app?.slug === write.appSlug && candidate.external_id === SYNC_RUN_ID && Date.parse(candidate.started_at ?? "") >= since,
      );
      return made ? Number(made.id) : undefined;
    },
  });
}

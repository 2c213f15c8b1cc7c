import { readFile } from "node:fs/promises";
import type { RepoRef } from "../github/types.js";

/** What the runner tells a step about the run, from its environment. */
export interface WorkflowRun {
  eventName: string;
  /** The webhook payload that triggered the run (`{}` when there is none). */
  event: Record<string, unknown>;
  repo: RepoRef;
  /** Where actions/checkout put the repository. */
  workspace: string;
  /** The file a step appends its job summary to; undefined outside a runner. */
  summaryPath: string | undefined;
  apiUrl: string;
  serverUrl: string;
  /** The commit the run is for (a pull request's merge commit on `pull_request`). */
  sha: string;
  /** RUNNER_DEBUG: the run was re-run with debug logging. */
  debug: boolean;
}

/**
 * Reads the run's variables
 * (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables).
 */
export async function readWorkflowRun(env: Record<string, string | undefined>, cwd: string): Promise<WorkflowRun> {
  const [owner, repo, extra] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || extra !== undefined) throw new Error(`GITHUB_REPOSITORY must be OWNER/NAME, not "${env.GITHUB_REPOSITORY ?? ""}": is this running in a workflow?`);
  let event: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    const parsed: unknown = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, "utf8"));
    if (typeof parsed === "object" && parsed !== null) event = parsed as Record<string, unknown>;
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? "",
    event,
    repo: { owner, repo },
    workspace: env.GITHUB_WORKSPACE || cwd,
    summaryPath: env.GITHUB_STEP_SUMMARY || undefined,
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    serverUrl: (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, ""),
    sha: env.GITHUB_SHA ?? "",
    debug: env.RUNNER_DEBUG === "1",
  };
}

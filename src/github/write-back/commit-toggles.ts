import type { Config } from "../../core/config/schema.js";
import { applyTogglesToText, type TextEdit } from "../../core/sync/apply-toggles-to-text.js";
import { renderTickCommitMessage } from "../../core/sync/render-tick-commit-message.js";
import type { FileToggle } from "../../core/sync/types.js";
import { parsePool } from "../../ops/parse-pool.js";
import { errorText, statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { loadFileForWrite } from "./load-file-for-write.js";
import { ensureRollingPullRequest } from "./ensure-rolling-pull-request.js";
import { prepareRollingBranch } from "./prepare-rolling-branch.js";

/** Writes of one batch in all: each refused write (someone pushed meanwhile) re-reads and re-applies. */
export const WRITE_ATTEMPTS = 4;

export interface CommitOutcome {
  /** Where the toggles went: the default branch, the rolling pull request's branch, or nowhere. */
  target: "default" | "pull-request" | null;
  /** The branch the file was last read from (what `edit` compares against). */
  branch: string;
  /** The commit written, null when the file already agreed with every toggle. */
  commit: string | null;
  pullRequest: number | null;
  /** What the last reading of the file gave: applied, unchanged, missing, no done state. */
  edit: TextEdit;
  /** Contents writes attempted (refused ones included). */
  attempts: number;
}

export interface CommitTogglesInput {
  path: string;
  toggles: readonly FileToggle[];
  config: Config;
  defaultBranch: string;
}

/**
 * Writes toggles into one task document as one commit, with optimistic concurrency: the
 * contents API is given the blob sha the toggles were applied to, and when GitHub refuses it
 * (409/422: someone pushed meanwhile) the file is read again and the toggles re-located by
 * key and re-applied. A default branch that refuses direct writes (branch protection or a
 * ruleset), or `writeBack.mode: pull-request`, sends the commit to the rolling branch of one
 * open pull request instead.
 */
export async function commitToggles(scope: GitHubScope, input: CommitTogglesInput): Promise<CommitOutcome> {
  const { config, defaultBranch } = input;
  let attempts = 0;
  if (config.writeBack.mode === "commit") {
    const direct = await writeWithRetries(scope, input, defaultBranch);
    attempts += direct.attempts;
    if (direct.kind === "written") return { target: direct.commit ? "default" : null, branch: defaultBranch, commit: direct.commit, pullRequest: null, edit: direct.edit, attempts };
    scope.log.info({ path: input.path, branch: defaultBranch }, "the default branch refuses direct commits: using the rolling pull request");
  }

  const branch = config.writeBack.branch;
  const openPull = await prepareRollingBranch(scope, branch, defaultBranch);
  const rolling = await writeWithRetries(scope, input, branch);
  attempts += rolling.attempts;
  if (rolling.kind === "refused") {
    throw new Error(`both ${defaultBranch} and ${branch} refuse commits to ${input.path}: ${rolling.reason}`);
  }
  if (!rolling.commit) return { target: null, branch, commit: null, pullRequest: openPull, edit: rolling.edit, attempts };
  const pullRequest = openPull ?? (await ensureRollingPullRequest(scope, branch, defaultBranch));
  return { target: "pull-request", branch, commit: rolling.commit, pullRequest, edit: rolling.edit, attempts };
}

type WriteResult =
  | { kind: "written"; commit: string | null; edit: TextEdit; attempts: number }
  | { kind: "refused"; reason: string; attempts: number };

async function writeWithRetries(scope: GitHubScope, input: CommitTogglesInput, branch: string): Promise<WriteResult> {
  const { octokit, repo, log } = scope;
  const { path, toggles } = input;
  for (let attempt = 1; ; attempt += 1) {
    const file = await loadFileForWrite(scope, path, branch);
    if (!file) {
      const edit: TextEdit = { text: "", applied: [], unchanged: [], missing: [...toggles], noDoneState: [] };
      return { kind: "written", commit: null, edit, attempts: attempt - 1 };
    }
    // A document over the parse budget has no tasks: its toggles are all `missing`, nothing is written.
    const document = await parsePool.parse(path, file.text);
    const edit = applyTogglesToText(file.text, document, toggles);
    if (edit.applied.length === 0) return { kind: "written", commit: null, edit, attempts: attempt - 1 };
    try {
      const { data } = await octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", {
        ...repo,
        path,
        branch,
        sha: file.sha,
        message: renderTickCommitMessage(document, edit.applied),
        content: Buffer.from(edit.text, "utf8").toString("base64"),
        // A 409 is answered here, by reading the file again: the retry plugin would only send
        // the same stale sha again (and back off for seconds on a protected branch).
        request: { retries: 0 },
      });
      return { kind: "written", commit: data.commit.sha ?? null, edit, attempts: attempt };
    } catch (error) {
      const status = statusOf(error);
      if (status !== 409 && status !== 422) throw error;
      const reason = errorText(error);
      if (refusedByProtection(reason)) return { kind: "refused", reason, attempts: attempt };
      if (attempt >= WRITE_ATTEMPTS) {
        throw new Error(`${path} on ${branch} kept changing: ${WRITE_ATTEMPTS} writes refused (${status} ${reason})`, { cause: error });
      }
      log.debug({ path, branch, status, attempt }, "the file changed while writing: reading it again");
    }
  }
}

/**
 * GitHub refuses a contents write to a protected branch with 409 "Could not update file: …
 * Changes must be made through a pull request." (classic protection: "Protected branch update
 * failed"; rulesets: "Repository rule violations found"), while a stale sha is 409 "{path}
 * does not match {sha}" — the status alone cannot tell them apart.
 */
export function refusedByProtection(message: string): boolean {
  return /protected branch|through a pull request|rule violations?|required status check/i.test(message);
}

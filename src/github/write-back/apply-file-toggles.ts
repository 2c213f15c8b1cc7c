import type { Config } from "../../core/config/schema.js";
import type { Operation } from "../../core/plan/types.js";
import type { FileToggle } from "../../core/sync/types.js";
import { errorText, isFatal, statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { confirmTickAuthors } from "./confirm-tick-authors.js";
import { flushTicks } from "./flush-ticks.js";
import type { PermissionCache } from "./load-permission.js";

export type ToggleFileOperation = Extract<Operation, { kind: "toggle-file" }>;

export interface ApplyFileTogglesInput {
  config: Config;
  defaultBranch: string;
  /** Issue numbers by task key (the applier's index), for commit messages and comments. */
  issueNumbers: ReadonlyMap<string, number>;
  /** The app's login: its own edits are nobody's ticks (see `confirmTickAuthors`). */
  botLogin: string;
  permissions?: PermissionCache;
}

export interface FileToggleCounts {
  /** Commits written (default branch or rolling pull request). */
  commits: number;
  /** Toggles written into files. */
  written: number;
  /** Documents whose write failed (logged; the next sync plans the toggles again). */
  failed: number;
  /** Toggles by people without the permission: undone in the issue. */
  reverted: number;
  /** Toggles whose author could not be established: not written, the issue told once. */
  unconfirmed: number;
}

/**
 * Writes planSync's `toggle-file` operations — ticks made in issues that the file has not got
 * yet — one commit per document. Called by the push sync after applying the rest of the plan,
 * already on the repository's queue. `writeBack.mode: off` writes nothing: the sync is one-way.
 * Each tick is credited to whoever made it and passes the permission rule first.
 */
export async function applyFileToggles(
  scope: GitHubScope,
  operations: readonly Operation[],
  input: ApplyFileTogglesInput,
): Promise<FileToggleCounts> {
  const counts: FileToggleCounts = { commits: 0, written: 0, failed: 0, reverted: 0, unconfirmed: 0 };
  const toggles = operations.filter((operation): operation is ToggleFileOperation => operation.kind === "toggle-file");
  if (toggles.length === 0) return counts;
  if (input.config.writeBack.mode === "off") {
    scope.log.debug({ toggles: toggles.length }, "writeBack.mode is off: not writing ticks made in issues");
    return counts;
  }

  const known = toggles.filter((operation) => {
    if (input.issueNumbers.has(operation.key)) return true;
    scope.log.warn({ key: operation.key }, "no issue number for a toggle-file operation: skipped");
    return false;
  });
  // No webhook said who ticked these: the issue's history must, and the rule applies to them.
  const confirmed = await confirmTickAuthors(scope, known, {
    config: input.config,
    botLogin: input.botLogin,
    issueNumbers: input.issueNumbers,
    ...(input.permissions ? { permissions: input.permissions } : {}),
  });
  counts.reverted = confirmed.reverted;
  counts.unconfirmed = confirmed.unconfirmed;

  const byPath = new Map<string, FileToggle[]>();
  for (const { operation, by } of confirmed.permitted) {
    const issue = input.issueNumbers.get(operation.key)!;
    const toggle: FileToggle = { taskKey: operation.key, itemKey: operation.itemKey, checked: operation.checked, issue, ...(by ? { by } : {}) };
    byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), toggle]);
  }

  for (const [path, pathToggles] of byPath) {
    try {
      const { outcome } = await flushTicks(scope, {
        path,
        toggles: pathToggles,
        config: input.config,
        defaultBranch: input.defaultBranch,
        confirm: false,
      });
      if (outcome?.commit) {
        counts.commits += 1;
        counts.written += outcome.edit.applied.length;
      }
    } catch (error) {
      if (isFatal(error)) throw error;
      counts.failed += 1;
      scope.log.error({ err: error, path, status: statusOf(error) }, `writing ticks to ${path} failed: ${errorText(error)}`);
    }
  }
  return counts;
}

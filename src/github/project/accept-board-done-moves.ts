import type { Config } from "../../core/config/schema.js";
import type { MirroredIssue } from "../../core/plan/types.js";
import { findBoardDoneMoves } from "../../core/project/find-board-done-moves.js";
import type { ProjectTask } from "../../core/project/plan-project-fields.js";
import type { ProjectBoard } from "../../core/project/types.js";
import { permissionAllows } from "../../core/sync/permission-allows.js";
import { DONE_ITEM_KEY, type FileToggle } from "../../core/sync/types.js";
import { errorText, isFatal, statusOf } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { flushTicks } from "../write-back/flush-ticks.js";
import { loadPermission, type PermissionCache } from "../write-back/load-permission.js";

export interface BoardDoneInput {
  config: Config;
  /** The app's login (`slug[bot]`): a value it set is the document's. */
  botLogin: string;
  /** The issues as listed before the plan was applied: only an open one can have been moved to done on the board. */
  issues: readonly MirroredIssue[];
  /** The branch done states are written to (the default branch), null when the synced branch is not it; asked only when a move is found. */
  writeBranch: () => Promise<string | null>;
  permissions?: PermissionCache;
}

export interface BoardDoneCounts {
  /** Done moves written into files (their issues closed): the board keeps them. */
  written: number;
  /** Moves by people without `writeBack.permission`: the board is set back. */
  refused: number;
  /** Moves whose author GitHub does not name: the board is set back. */
  unknown: number;
  /** Issue numbers whose board done state is kept. */
  kept: Set<number>;
}

/**
 * Board → file without a webhook (a user's project sends none; an organization's may have been
 * missed): an item a person moved to the done option while its task is open is that person's
 * done move, as closing the issue is — under the same permission rule, the issue closed as
 * completed and the done state written to the file (one commit per document). Otherwise the
 * board follows the document as every other board edit does, and the log says why. Costs no
 * request unless such an item is found.
 */
export async function acceptBoardDoneMoves(scope: GitHubScope, board: ProjectBoard, tasks: readonly ProjectTask[], input: BoardDoneInput): Promise<BoardDoneCounts> {
  const { config } = input;
  const counts: BoardDoneCounts = { written: 0, refused: 0, unknown: 0, kept: new Set() };
  const project = config.project;
  if (!project) return counts;
  const openIssues = new Set(input.issues.filter((issue) => issue.state === "open").map((issue) => issue.number));
  const moves = findBoardDoneMoves({ tasks, board, project, openIssues, botLogin: input.botLogin });
  if (moves.length === 0) return counts;
  const log = scope.log;
  if (config.writeBack.mode === "off") {
    log.info({ items: moves.length }, "items moved to done on the board: writeBack.mode is off, so the board follows the document");
    return counts;
  }
  const branch = await input.writeBranch();
  if (branch === null) {
    log.debug({ items: moves.length }, "items moved to done on the board: not the default branch, the board follows the document");
    return counts;
  }
  const required = config.writeBack.permission;
  const byPath = new Map<string, FileToggle[]>();
  for (const { at, by } of moves) {
    const itemLog = log.child({ issue: at.number, key: at.key });
    if (by === null) {
      counts.unknown += 1;
      itemLog.info("moved to done on the board by someone GitHub does not name: the board follows the document");
      continue;
    }
    if (!permissionAllows(await loadPermission(scope, by.login, input.permissions), required)) {
      counts.refused += 1;
      itemLog.info({ login: by.login, required }, "moved to done on the board without permission to change the task: the board follows the document");
      continue;
    }
    // The issue first, as the webhook path does: a done state in the file with its issue open
    // would read as a reopen to the next sync.
    await scope.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...scope.repo, issue_number: at.number, state: "closed", state_reason: "completed" });
    const toggle: FileToggle = { taskKey: at.key, itemKey: DONE_ITEM_KEY, checked: true, issue: at.number, ...(by.id !== null ? { by: { login: by.login, id: by.id } } : {}) };
    byPath.set(at.path, [...(byPath.get(at.path) ?? []), toggle]);
  }
  for (const [path, toggles] of byPath) {
    try {
      // Just decided against the board as read: nothing to confirm against the issue.
      const { outcome } = await flushTicks(scope, { path, toggles, config, defaultBranch: branch, confirm: false });
      for (const toggle of [...(outcome?.edit.applied ?? []), ...(outcome?.edit.unchanged ?? [])]) counts.kept.add(toggle.issue);
      counts.written += outcome?.edit.applied.length ?? 0;
    } catch (error) {
      if (isFatal(error)) throw error;
      log.error({ err: error, path, status: statusOf(error) }, `writing done moves made on the board to ${path} failed: ${errorText(error)}`);
    }
  }
  if (counts.kept.size > 0) log.info({ written: counts.written }, "done moves made on the board written to the files");
  return counts;
}

import { CONFIG_PATH } from "../../core/config/parse-config.js";
import type { Diagnostic } from "../../core/model/types.js";
import { parseProjectUrl } from "../../core/project/parse-project-url.js";
import { planProjectFields, type ProjectTask } from "../../core/project/plan-project-fields.js";
import type { ProjectConfig } from "../../core/project/task-project-values.js";
import type { ProjectBoard } from "../../core/project/types.js";
import { errorText, isFatal } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { acceptBoardDoneMoves, type BoardDoneCounts, type BoardDoneInput } from "./accept-board-done-moves.js";
import { applyProjectBatch } from "./apply-project-batch.js";
import { createProjectOption } from "./create-project-option.js";
import { loadIssueNodeIds } from "./load-issue-node-ids.js";
import { loadProjectBoard } from "./load-project-board.js";

export interface ProjectSyncResult {
  added: number;
  set: number;
  cleared: number;
  optionsCreated: number;
  failed: number;
  /** What the project could not hold, or why it could not be read: never a failure of the sync. */
  diagnostics: Diagnostic[];
  /** The project as read before the writes (null: it could not be read). */
  board: ProjectBoard | null;
  /** Done moves found on the board (null: not looked for). */
  boardDone: BoardDoneCounts | null;
}

/**
 * Keeps the configured project in step with the tasks that have issues: reads the project's
 * items with their values, plans (src/core/project), writes only what differs. Nothing here
 * fails the sync: an unreadable project, a missing field or option, a refused write are
 * diagnostics and log lines, and the next sync tries again.
 */
export async function syncProject(scope: GitHubScope, project: ProjectConfig, given: readonly ProjectTask[], boardDone?: BoardDoneInput): Promise<ProjectSyncResult> {
  const { log } = scope;
  const result: ProjectSyncResult = { added: 0, set: 0, cleared: 0, optionsCreated: 0, failed: 0, diagnostics: [], board: null, boardDone: null };
  const ref = parseProjectUrl(project.url);
  const unavailable = (message: string): ProjectSyncResult => {
    log.warn({ project: project.url }, message);
    return { ...result, diagnostics: [{ code: "project-unavailable", severity: "warning", path: CONFIG_PATH, line: 1, column: 1, message }] };
  };
  if (!ref) return unavailable(`${project.url} is not a project URL`);
  const read = async () => {
    try {
      return (await loadProjectBoard(scope, ref)) ?? `The project ${project.url} was not found (or the app cannot see it).`;
    } catch (error) {
      if (isFatal(error)) throw error;
      // "Resource not accessible by integration": the installation lacks the projects permission.
      return `The project ${project.url} could not be read: ${errorText(error)}`;
    }
  };
  let board = await read();
  if (typeof board === "string") return unavailable(board);
  result.board = board;
  let tasks = given;
  if (boardDone) {
    // A person's done move made on the board, now in the file: the board keeps it.
    const counts = await acceptBoardDoneMoves(scope, board, tasks, boardDone);
    result.boardDone = counts;
    if (counts.kept.size > 0) tasks = tasks.map((at) => (counts.kept.has(at.number) ? { ...at, task: { ...at.task, fields: { ...at.task.fields, status: "done" } } } : at));
  }
  let plan = planProjectFields({ tasks, board, project });

  const options = plan.operations.flatMap((operation) => (operation.kind === "create-option" ? [operation] : []));
  if (options.length > 0) {
    for (const option of options) {
      try {
        await createProjectOption(scope, board, option);
        result.optionsCreated += 1;
      } catch (error) {
        if (isFatal(error)) throw error;
        result.failed += 1;
        log.error({ err: error, field: option.fieldName }, `adding the project option "${option.name}" failed: ${errorText(error)}`);
      }
    }
    // The plan is made again against the field's new option ids.
    const reread = await read();
    if (typeof reread === "string") return unavailable(reread);
    board = reread;
    plan = planProjectFields({ tasks, board, project: { ...project, createOptions: false } });
  }
  const items = plan.operations.flatMap((operation) => (operation.kind === "create-option" ? [] : [operation]));
  const adding = items.flatMap((operation) => (operation.kind === "add-item" ? [operation.number] : []));
  const context = { itemIds: new Map(board.items.map((item) => [item.number, item.id])), nodeIds: adding.length > 0 ? await loadIssueNodeIds(scope, adding) : new Map<number, string>() };
  // Items first: a new item's values need its id.
  for (const phase of [items.filter((operation) => operation.kind === "add-item"), items.filter((operation) => operation.kind !== "add-item")]) {
    const outcome = await applyProjectBatch(scope, board.id, phase, context).catch((error: unknown) => {
      if (isFatal(error)) throw error;
      // A request that failed as a whole (a 5xx, a reset): the next sync plans it again.
      return { done: [], failed: phase.map((operation) => ({ operation, message: errorText(error) })) };
    });
    for (const operation of outcome.done) {
      if (operation.kind === "add-item") result.added += 1;
      else if (operation.kind === "set-field") result.set += 1;
      else result.cleared += 1;
    }
    for (const { operation, message } of outcome.failed) {
      result.failed += 1;
      log.error({ operation: operation.kind, issue: operation.number }, `project ${operation.kind} failed: ${message}`);
    }
  }
  result.diagnostics = plan.diagnostics;
  for (const diagnostic of plan.diagnostics) log.warn({ code: diagnostic.code, path: diagnostic.path, line: diagnostic.line }, diagnostic.message);
  return result;
}

import type { ProjectTask } from "./plan-project-fields.js";
import { taskProjectValues, type ProjectConfig } from "./task-project-values.js";
import type { ProjectBoard } from "./types.js";

export interface BoardDoneMove {
  at: ProjectTask;
  /** Who set the Status value (null: GitHub does not say). */
  by: { login: string; id: number | null } | null;
}

/**
 * Items a person moved to the done option while their task is open: the Status value is the
 * done option, the document does not say done, the issue is open, and the value was not set by
 * the app (the app sets done only for a done task; a later undo in the file or the issue is the
 * document's, and the board follows it). Only these may be a person's done move made on a board
 * that sends no webhook (a user's project) or one whose webhook was missed.
 */
export function findBoardDoneMoves(input: {
  tasks: readonly ProjectTask[];
  board: ProjectBoard;
  project: ProjectConfig;
  openIssues: ReadonlySet<number>;
  /** The app's login; GraphQL names a bot without `[bot]`. */
  botLogin: string;
}): BoardDoneMove[] {
  const { project, board } = input;
  const names = project.fields.status === false ? [] : typeof project.fields.status === "string" ? [project.fields.status] : project.fields.status;
  const field = names.map((name) => board.fields.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase())).find((found) => found !== undefined);
  const done = field?.dataType === "SINGLE_SELECT" ? field.options.find((option) => option.name.trim().toLowerCase() === project.doneOption.trim().toLowerCase()) : undefined;
  if (!field || !done) return [];
  const bot = input.botLogin.replace(/\[bot\]$/, "").toLowerCase();
  const itemOf = new Map(board.items.map((item) => [item.number, item]));
  return input.tasks.flatMap((at) => {
    const item = itemOf.get(at.number);
    const value = item?.values[field.id];
    if (!item || !value || !("singleSelectOptionId" in value) || value.singleSelectOptionId !== done.id) return [];
    if (!input.openIssues.has(at.number)) return [];
    if (String(taskProjectValues(at.task, project).status).toLowerCase() === project.doneOption.toLowerCase()) return [];
    const by = item.setBy?.[field.id] ?? null;
    if (by !== null && by.login.replace(/\[bot\]$/, "").toLowerCase() === bot) return [];
    return [{ at, by }];
  });
}

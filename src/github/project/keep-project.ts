import type { Config } from "../../core/config/schema.js";
import type { Document } from "../../core/model/types.js";
import { projectTasks } from "../../core/project/project-tasks.js";
import type { GitHubScope } from "../types.js";
import type { BoardDoneInput } from "./accept-board-done-moves.js";
import { reportProjectDiagnostics } from "./report-project-diagnostics.js";
import { syncProject, type ProjectSyncResult } from "./sync-project.js";

/**
 * The sync's project step, after the plan is applied: nothing without `project:` in the
 * config; else the project follows the tasks that have issues, and what it could not hold is
 * reported on the synced commit.
 */
export async function keepProject(
  scope: GitHubScope,
  input: {
    config: Config;
    documents: readonly Document[];
    numbers: ReadonlyMap<string, number>;
    sha: string;
    /** Look for done moves made on the board (absent: the board follows the document). */
    boardDone?: Omit<BoardDoneInput, "config">;
  },
): Promise<ProjectSyncResult | null> {
  if (!input.config.project) return null;
  const boardDone = input.boardDone ? { ...input.boardDone, config: input.config } : undefined;
  const result = await syncProject(scope, input.config.project, projectTasks(input.documents, input.numbers), boardDone);
  if (result.diagnostics.length > 0) await reportProjectDiagnostics(scope, input.sha, result.diagnostics);
  return result;
}

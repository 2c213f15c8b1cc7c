import type { Config } from "../../core/config/schema.js";
import type { Document } from "../../core/model/types.js";
import { projectTasks } from "../../core/project/project-tasks.js";
import type { GitHubScope } from "../types.js";
import { reportProjectDiagnostics } from "./report-project-diagnostics.js";
import { syncProject, type ProjectSyncResult } from "./sync-project.js";

/**
 * The sync's project step, after the plan is applied: nothing without `project:` in the
 * config; else the project follows the tasks that have issues, and what it could not hold is
 * reported on the synced commit.
 */
export async function keepProject(
  scope: GitHubScope,
  input: { config: Config; documents: readonly Document[]; numbers: ReadonlyMap<string, number>; sha: string },
): Promise<ProjectSyncResult | null> {
  if (!input.config.project) return null;
  const result = await syncProject(scope, input.config.project, projectTasks(input.documents, input.numbers));
  if (result.diagnostics.length > 0) await reportProjectDiagnostics(scope, input.sha, result.diagnostics);
  return result;
}

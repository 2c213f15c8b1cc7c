import type { Config } from "../../core/config/schema.js";
import type { Document } from "../../core/model/types.js";
import { errorText, isFatal } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { loadIssueTypes } from "./load-issue-types.js";

/**
 * The issue types a sync may set: none (and no request) when `issueTypes.native` is off or no
 * task has a type to give; none, with a warning, when they cannot be read (the `type:` labels
 * stay, nothing fails).
 */
export async function loadNativeTypes(scope: GitHubScope, config: Config, documents: readonly Document[]): Promise<string[]> {
  if (!config.issueTypes.native) return [];
  if (config.issueTypes.default === null && !documents.some((document) => document.tasks.some((task) => task.fields.type !== undefined))) return [];
  try {
    return await loadIssueTypes(scope);
  } catch (error) {
    if (isFatal(error)) throw error;
    scope.log.warn({ err: error }, `issue types could not be read, types stay labels: ${errorText(error)}`);
    return [];
  }
}

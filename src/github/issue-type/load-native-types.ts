import type { Config } from "../../core/config/schema.js";
import type { Document } from "../../core/model/types.js";
import { errorText, isFatal } from "../request-errors.js";
import type { GitHubScope } from "../types.js";
import { loadIssueTypes } from "./load-issue-types.js";

const TYPES_TTL_MS = 60 * 60 * 1000;
const known = new Map<string, { types: string[]; until: number }>();

/**
 * The issue types a sync may set: none (and no request) when `issueTypes.native` is off or no
 * task has a type to give; none, with a warning, when they cannot be read (the `type:` labels
 * stay, nothing fails).
 */
export async function loadNativeTypes(scope: GitHubScope, config: Config, documents: readonly Document[]): Promise<string[]> {
  if (!config.issueTypes.native) return [];
  if (config.issueTypes.default === null && !documents.some((document) => document.tasks.some((task) => task.fields.type !== undefined))) return [];
  // An organization's types change rarely: read once an hour per repository (and per GitHub
  // host), so a resync of an unchanged repository reads nothing more.
  const key = `${scope.octokit.request.endpoint.DEFAULTS.baseUrl} ${scope.repo.owner}/${scope.repo.repo}`.toLowerCase();
  const cached = known.get(key);
  if (cached && cached.until > Date.now()) return cached.types;
  try {
    const types = await loadIssueTypes(scope);
    known.set(key, { types, until: Date.now() + TYPES_TTL_MS });
    return types;
  } catch (error) {
    if (isFatal(error)) throw error;
    scope.log.warn({ err: error }, `issue types could not be read, types stay labels: ${errorText(error)}`);
    return [];
  }
}

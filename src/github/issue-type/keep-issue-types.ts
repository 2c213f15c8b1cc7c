import type { Config } from "../../core/config/schema.js";
import { planIssueTypes } from "../../core/issue-type/plan-issue-types.js";
import type { Diagnostic, Document } from "../../core/model/types.js";
import type { MirroredIssue } from "../../core/plan/types.js";
import { projectTasks } from "../../core/project/project-tasks.js";
import { errorText, isFatal } from "../request-errors.js";
import type { GitHubScope } from "../types.js";

export interface IssueTypeResult {
  set: number;
  failed: number;
  notes: Diagnostic[];
}

/**
 * After the plan is applied: each task's issue gets its native type (REST `type` by name on
 * "Update an issue"), where `types` (the organization's) has it. Issues made by this sync have
 * none yet; a listed issue's type is what the listing read.
 */
export async function keepIssueTypes(
  scope: GitHubScope,
  input: { config: Config; types: readonly string[]; documents: readonly Document[]; numbers: ReadonlyMap<string, number>; issues: readonly MirroredIssue[] },
): Promise<IssueTypeResult> {
  const { octokit, repo, log } = scope;
  const current = new Map(input.issues.map((issue) => [issue.number, issue.issueType ?? null]));
  const plan = planIssueTypes({ tasks: projectTasks(input.documents, input.numbers), types: input.types, current, fallback: input.config.issueTypes.default });
  const result: IssueTypeResult = { set: 0, failed: 0, notes: plan.notes };
  for (const note of plan.notes) log.info({ code: note.code, path: note.path, line: note.line }, note.message);
  for (const change of plan.changes) {
    try {
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: change.number, type: change.type });
      result.set += 1;
    } catch (error) {
      if (isFatal(error)) throw error;
      result.failed += 1;
      log.error({ err: error, issue: change.number, key: change.key }, `setting the issue type failed: ${errorText(error)}`);
    }
  }
  return result;
}

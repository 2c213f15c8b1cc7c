import { closedAsDone } from "../../core/sync/closed-as-done.js";
import { revertIssueToggles } from "../../core/sync/revert-issue-toggles.js";
import { DONE_ITEM_KEY, type ChecklistToggle } from "../../core/sync/types.js";
import { metrics } from "../../ops/metrics.js";
import { postComment } from "../post-comment.js";
import type { GitHubScope } from "../types.js";
import { loadIssue } from "./load-issue.js";

export interface RevertInput {
  issue: number;
  login: string;
  required: "write" | "maintain" | "admin";
  toggles: readonly ChecklistToggle[];
}

/**
 * Undoes ticks (or a close/reopen) made by someone who may not write to the repository, so the
 * issue keeps agreeing with the file — otherwise the next push's three-way merge would take
 * the issue's side and write the tick after all. The issue is re-read and only those boxes
 * flipped back; one short comment says why. Returns whether anything was undone.
 */
export async function revertUnpermittedTicks(scope: GitHubScope, input: RevertInput): Promise<boolean> {
  const { octokit, repo } = scope;
  const issue = await loadIssue(scope, input.issue);
  const done = input.toggles.find((toggle) => toggle.itemKey === DONE_ITEM_KEY);
  const items = input.toggles.filter((toggle) => toggle.itemKey !== DONE_ITEM_KEY);

  let undone = 0;
  const { body, reverted } = revertIssueToggles(issue.body, items);
  if (reverted.length > 0) {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: input.issue, body });
    undone += reverted.length;
  }
  if (done?.checked === true && issue.state === "closed" && closedAsDone(issue.stateReason)) {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: input.issue, state: "open" });
    undone += 1;
  } else if (done?.checked === false && issue.state === "open") {
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...repo,
      issue_number: input.issue,
      state: "closed",
      state_reason: "completed",
    });
    undone += 1;
  }
  if (undone === 0) return false;

  const what = done !== undefined && reverted.length === 0 ? (done.checked ? "closing" : "reopening") : "this change";
  await postComment(
    scope,
    input.issue,
    `@${input.login} taskmirror undid ${what}: this checklist mirrors a file in the repository, and only people with ${input.required} permission on it can change that file. Ask a maintainer to tick it, or edit the file in a pull request.`,
  );
  scope.log.info({ issue: input.issue, login: input.login, undone }, "reverted ticks by a person without permission");
  metrics.tickWriteBack("reverted");
  return true;
}

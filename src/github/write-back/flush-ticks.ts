import type { Config } from "../../core/config/schema.js";
import { readIssueChecklist } from "../../core/render/read-issue-checklist.js";
import { closedAsDone } from "../../core/sync/closed-as-done.js";
import { rebaseMarker } from "../../core/sync/rebase-marker.js";
import { DONE_ITEM_KEY, type FileToggle } from "../../core/sync/types.js";
import { metrics } from "../../ops/metrics.js";
import { postComment } from "../post-comment.js";
import type { GitHubScope } from "../types.js";
import { commitToggles, type CommitOutcome } from "./commit-toggles.js";
import { loadIssue, type IssueNow } from "./load-issue.js";

export interface FlushInput {
  path: string;
  toggles: readonly FileToggle[];
  config: Config;
  defaultBranch: string;
  /**
   * Check each toggle against its issue as it is now and drop those the issue no longer shows
   * (a later edit undid them, or a redelivered or late webhook). planSync's toggles were just
   * read from the issues, so they skip it.
   */
  confirm?: boolean;
}

export interface FlushResult {
  outcome: CommitOutcome | null;
  /** Toggles dropped because their issue no longer shows them. */
  outdated: number;
  /** Issues whose marker was moved to the committed states. */
  rebased: number;
  /** Issues told that items no longer exist. */
  commented: number;
}

/**
 * Writes a batch of toggles for one document: (1) confirm them against their issues, (2)
 * commit them as one commit (direct or rolling pull request), (3) move the issues' merge base
 * to what the default branch now has, (4) tell each issue which of its items no longer exist.
 */
export async function flushTicks(scope: GitHubScope, input: FlushInput): Promise<FlushResult> {
  const log = scope.log.child({ path: input.path });
  const result: FlushResult = { outcome: null, outdated: 0, rebased: 0, commented: 0 };

  // 1. Confirm.
  let toggles = [...input.toggles];
  const texts = new Map<string, string>();
  if (input.confirm !== false) {
    const issues = new Map<number, IssueNow>();
    for (const number of new Set(toggles.map((toggle) => toggle.issue))) {
      const issue = await loadIssue(scope, number);
      issues.set(number, issue);
      for (const item of readIssueChecklist(issue.body)) texts.set(`${number}:${item.key}`, item.text);
    }
    toggles = toggles.filter((toggle) => {
      const issue = issues.get(toggle.issue);
      return issue !== undefined && issueShows(issue, toggle);
    });
    result.outdated = input.toggles.length - toggles.length;
  }
  if (toggles.length === 0) {
    log.debug({ outdated: result.outdated }, "no toggle left to write");
    metrics.tickWriteBack("unchanged");
    return result;
  }

  // 2. Commit.
  const outcome = await commitToggles(scope, { ...input, toggles }).catch((error: unknown) => {
    metrics.tickWriteBack("failed");
    throw error;
  });
  result.outcome = outcome;
  metrics.tickWriteBack(outcome.target === "default" ? "committed" : outcome.target === "pull-request" ? "pull_request" : "unchanged");

  // 3. Rebase. Only what the default branch now holds is a merge base; ticks waiting in the
  // rolling pull request are not in the file yet, so their base stays.
  if (outcome.branch === input.defaultBranch) {
    const settled = [...outcome.edit.applied, ...outcome.edit.unchanged];
    for (const [number, items] of byIssue(settled)) {
      const issue = await loadIssue(scope, number);
      const body = rebaseMarker(issue.body, items);
      if (body === issue.body) continue;
      await scope.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...scope.repo, issue_number: number, body });
      result.rebased += 1;
    }
  }

  // 4. Tell.
  for (const [number, items] of byIssue(outcome.edit.missing)) {
    const names = items.map((toggle) => (toggle.itemKey === DONE_ITEM_KEY ? "the task itself" : `“${texts.get(`${number}:${toggle.itemKey}`) ?? toggle.itemKey}”`));
    const body = `taskmirror could not write ${items.length === 1 ? "this tick" : "these ticks"} to \`${input.path}\`: ${names.join(", ")} no longer ${items.length === 1 ? "exists" : "exist"} there. The issue will follow the file at the next push.`;
    await postComment(scope, number, body);
    result.commented += 1;
  }

  log.info(
    {
      target: outcome.target,
      commit: outcome.commit,
      pullRequest: outcome.pullRequest,
      applied: outcome.edit.applied.length,
      unchanged: outcome.edit.unchanged.length,
      missing: outcome.edit.missing.length,
      noDoneState: outcome.edit.noDoneState.length,
      outdated: result.outdated,
      attempts: outcome.attempts,
      rebased: result.rebased,
    },
    "ticks written back",
  );
  return result;
}

function issueShows(issue: IssueNow, toggle: FileToggle): boolean {
  if (toggle.itemKey === DONE_ITEM_KEY) {
    const done = issue.state === "closed" && closedAsDone(issue.stateReason);
    return toggle.checked ? done : issue.state === "open";
  }
  return readIssueChecklist(issue.body).some((item) => item.key === toggle.itemKey && item.checked === toggle.checked);
}

function byIssue(toggles: readonly FileToggle[]): Map<number, FileToggle[]> {
  const groups = new Map<number, FileToggle[]>();
  for (const toggle of toggles) groups.set(toggle.issue, [...(groups.get(toggle.issue) ?? []), toggle]);
  return groups;
}

import type { Config } from "../../core/config/schema.js";
import { readIssueChecklist } from "../../core/render/read-issue-checklist.js";
import { findTickAuthor } from "../../core/sync/find-tick-author.js";
import { permissionAllows } from "../../core/sync/permission-allows.js";
import { DONE_ITEM_KEY, type Person } from "../../core/sync/types.js";
import { metrics } from "../../ops/metrics.js";
import { postComment } from "../post-comment.js";
import type { GitHubScope } from "../types.js";
import type { ToggleFileOperation } from "./apply-file-toggles.js";
import { loadPermission, type PermissionCache } from "./load-permission.js";
import { loadTickHistory, type TickHistory } from "./load-tick-history.js";
import { revertUnpermittedTicks } from "./revert-unpermitted-ticks.js";

export interface ConfirmTickAuthorsInput {
  config: Config;
  /** The app's login (`slug[bot]`): its own edits are nobody's ticks. */
  botLogin: string;
  issueNumbers: ReadonlyMap<string, number>;
  permissions?: PermissionCache;
}

export interface ConfirmedTicks {
  /** The toggles whose author may write to the repository, with that author. */
  permitted: Array<{ operation: ToggleFileOperation; by: Person | undefined }>;
  /** Toggles by people without the permission, undone in their issues. */
  reverted: number;
  /** Toggles whose author the issue's history does not show: left in the issue, not written. */
  unconfirmed: number;
}

/** The hidden line of the notice about ticks whose author is unknown, so each is told once. */
const NOTICE_MARKER = "<!-- taskmirror:unconfirmed-ticks ";

/**
 * The permission rule for ticks a sync found in issues without a webhook telling who made them
 * (missed during downtime, or a sync that ran first): each is credited to the person whose
 * edit set it (the issue's edit history; closing as completed: `closed_by`), and written only
 * when that person has `writeBack.permission` on the repository. A tick by someone without it
 * is undone in the issue with a comment, as the webhook path does; one whose author cannot be
 * established is not written, and the issue gets one comment saying why (a hidden line names
 * the ticks, so the next sync does not say it again).
 */
export async function confirmTickAuthors(scope: GitHubScope, toggles: readonly ToggleFileOperation[], input: ConfirmTickAuthorsInput): Promise<ConfirmedTicks> {
  const result: ConfirmedTicks = { permitted: [], reverted: 0, unconfirmed: 0 };
  const required = input.config.writeBack.permission;
  // GraphQL names a bot without its `[bot]` suffix.
  const bot = input.botLogin.replace(/\[bot\]$/, "");
  const byIssue = new Map<number, ToggleFileOperation[]>();
  for (const toggle of toggles) {
    const issue = input.issueNumbers.get(toggle.key);
    if (issue !== undefined) byIssue.set(issue, [...(byIssue.get(issue) ?? []), toggle]);
  }

  for (const [issue, operations] of byIssue) {
    const log = scope.log.child({ issue });
    const history = await loadTickHistory(scope, issue);
    const closer = operations.some((operation) => operation.itemKey === DONE_ITEM_KEY && operation.checked) ? await loadCloser(scope, issue) : null;
    const refused = new Map<string, ToggleFileOperation[]>();
    const unknown: ToggleFileOperation[] = [];
    for (const operation of operations) {
      const author =
        operation.itemKey === DONE_ITEM_KEY
          ? operation.checked
            ? (closer?.login ?? null)
            : null // who reopened it is only in the timeline, not read here
          : findTickAuthor(history.versions, operation);
      if (author === null || author === bot || author === input.botLogin) {
        unknown.push(operation);
        continue;
      }
      if (!permissionAllows(await loadPermission(scope, author, input.permissions), required)) {
        refused.set(author, [...(refused.get(author) ?? []), operation]);
        continue;
      }
      const id = operation.itemKey === DONE_ITEM_KEY ? closer?.id : history.ids.get(author);
      result.permitted.push({ operation, by: id === undefined ? undefined : { login: author, id } });
    }

    for (const [login, mine] of refused) {
      await revertUnpermittedTicks({ ...scope, log }, { issue, login, required, toggles: mine.map(({ itemKey, checked }) => ({ itemKey, checked })) });
      result.reverted += mine.length;
    }
    if (unknown.length > 0) {
      result.unconfirmed += unknown.length;
      await noticeOnce({ ...scope, log }, issue, unknown, history, bot, required);
    }
  }
  return result;
}

async function loadCloser({ octokit, repo }: GitHubScope, issue: number): Promise<Person | null> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue });
  return data.state === "closed" && data.closed_by ? { login: data.closed_by.login, id: Number(data.closed_by.id) } : null;
}

const tickId = (operation: ToggleFileOperation) => `${operation.checked ? "x" : "_"}:${encodeURIComponent(operation.itemKey)}`;

async function noticeOnce(scope: GitHubScope, issue: number, unknown: ToggleFileOperation[], history: TickHistory, bot: string, required: string): Promise<void> {
  const told = new Set(
    history.comments
      .filter((comment) => comment.author === bot && comment.body.includes(NOTICE_MARKER))
      .flatMap((comment) => comment.body.slice(comment.body.indexOf(NOTICE_MARKER) + NOTICE_MARKER.length).split(" -->")[0]!.split(" ")),
  );
  const fresh = unknown.filter((operation) => !told.has(tickId(operation)));
  if (fresh.length === 0) {
    scope.log.debug({ ticks: unknown.length }, "ticks of unknown authorship: already told in the issue");
    return;
  }
  const items = new Map(readIssueChecklist(history.versions[0]?.body ?? "").map((item) => [item.key, item.text]));
  const lines = fresh.map((operation) =>
    operation.itemKey === DONE_ITEM_KEY ? `- ${operation.checked ? "closing" : "reopening"} the issue` : `- ${operation.checked ? "ticking" : "unticking"} “${items.get(operation.itemKey) ?? operation.itemKey}”`,
  );
  await postComment(
    scope,
    issue,
    [
      `taskmirror did not write these changes to the file this checklist mirrors: it could not tell who made them, and only people with ${required} permission on the repository may change that file.`,
      "",
      ...lines,
      "",
      "To have them written, make the change again in the issue, or edit the file in a pull request.",
      `${NOTICE_MARKER}${unknown.map(tickId).join(" ")} -->`,
    ].join("\n"),
  );
  scope.log.info({ ticks: fresh.length }, "ticks of unknown authorship: not written, the issue was told why");
  metrics.tickWriteBack("unconfirmed");
}

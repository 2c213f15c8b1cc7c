import { PAGE_SIZE_MAX } from "../core/limits.js";
import type { IssueContent, MirroredIssue, Operation, Plan } from "../core/plan/types.js";
import { refToken, resolveRefs } from "../core/render/refs.js";
import { createIssueOnce, type NewIssue, type NewIssueWithParent } from "./create-issue-once.js";
import { toMirroredIssue, type RestIssue } from "./to-mirrored-issue.js";
import { IssueIndex } from "./issue-index.js";
import { metrics } from "../ops/metrics.js";
import { WriteBudgetSpent } from "./pacing/write-budget-spent.js";
import { WriteSlice } from "./pacing/write-slice.js";
import { listNewestMirroredIssues } from "./list-newest-mirrored-issues.js";
import { postComment } from "./post-comment.js";
import { RepositoryNodeIds } from "./repository-node-ids.js";
import { errorText, isFatal, statusOf } from "./request-errors.js";
import type { GitHubScope } from "./types.js";
import { unrecordFailedLinks, type FailedLinks } from "./unrecord-failed-links.js";
import { withoutRefusedAssignees } from "./without-refused-assignees.js";

export interface ApplyCounts {
  created: number;
  updated: number;
  closed: number;
  reopened: number;
  /** Sub-issue and blocked-by links added. */
  linked: number;
  /** Sub-issue and blocked-by links removed. */
  unlinked: number;
  labels: number;
  milestones: number;
  /** Operations that failed (logged; the next sync tries again). */
  failed: number;
  /** Operations left out because an issue they name could not be created. */
  skipped: number;
  /** Issues kept under a task's new key (their marker is rewritten by their update). */
  rekeyed: number;
  /** Pairs of issues cross-linked because the matching was unsure (a comment on each). */
  crossLinked: number;
  /**
   * Issues a create found already made for its task since the listing (another instance, a
   * listing that missed it), used instead of creating a second one.
   */
  adopted: number;
}

class MissingIssueError extends Error {}

/**
 * Plans one issue's update again against the issue as it is now (a person edited it after the
 * listing, or it was made after the listing); `undefined` when nothing needs writing any more.
 */
export type Replan = (issue: MirroredIssue) => Extract<Operation, { kind: "update" }> | undefined;

export interface ApplyOptions {
  /** Milestone numbers by title when the caller already listed them. */
  knownMilestones?: ReadonlyMap<string, number>;
  /** When given, an issue body is re-read right before it is written, and re-planned when it moved. */
  replan?: Replan;
  /** Told after each operation, whatever became of it (the CLI's progress line). */
  onApplied?: (done: number, total: number) => void;
  /**
   * Called for each operation that changed something on GitHub (one that found nothing to do
   * is not), with the number of the issue it is about when it has one (a create's new issue).
   */
  onChanged?: (operation: Operation, issue: number | undefined) => void;
  /**
   * A budgeted slice ran out of the installation's write budget: the operations from the one
   * that was not sent on are left (the markers tell a continuation what is done).
   */
  onDeferred?: (deferred: Deferred) => void;
  /**
   * Whether a new issue with a parent is made by GraphQL's `createIssue` with `parentIssueId`
   * (one write instead of REST's create and sub-issue link). Default: on, unless
   * `TASKMIRROR_GRAPHQL=off` (the bench's REST baseline).
   */
  graphql?: boolean;
  /** Told, once the plan is applied, which issue each task key names (created issues included). */
  onIndexed?: (numbers: Map<string, number>) => void;
}

export interface Deferred {
  /** Operations of the plan not applied. */
  operations: number;
  /** When the budget has room again (the pacer's clock, epoch ms). */
  resumeAt: number;
  /**
   * The blocked-by links left: the issues' markers already name them (a create writes its
   * links into its marker), so the next plan would not make them — the continuation must.
   */
  blockedBy: BlockedByLink[];
}

export interface BlockedByLink {
  key: string;
  blockerKey: string;
}

/**
 * Executes a plan, in order. This is the only code that writes issues. One failing operation
 * is logged and counted and the others still run (the next sync converges); only failures
 * that doom every later request too (bad credentials, a rate limit already waited out) stop it.
 */
export async function applyPlan(
  scope: GitHubScope,
  plan: Plan,
  issues: readonly MirroredIssue[],
  botLogin: string,
  options: ApplyOptions = {},
): Promise<ApplyCounts> {
  const counts: ApplyCounts = {
    created: 0,
    updated: 0,
    closed: 0,
    reopened: 0,
    linked: 0,
    unlinked: 0,
    labels: 0,
    milestones: 0,
    failed: 0,
    skipped: 0,
    rekeyed: 0,
    crossLinked: 0,
    adopted: 0,
  };
  const index = new IssueIndex(issues);
  for (const operation of plan.operations) if (operation.kind === "create") index.forget(operation.key);
  const milestones = new MilestoneNumbers(scope, options.knownMilestones);
  const listedBodies = new Map(issues.map((issue) => [issue.number, issue.body]));
  const listed = new Set(issues.map((issue) => issue.number));
  let unlisted: Promise<Map<string, MirroredIssue>> | undefined;
  const state: ApplyState = {
    index,
    milestones,
    counts,
    botLogin,
    listed,
    replan: options.replan,
    unlisted: () => (unlisted ??= listUnlisted(scope, botLogin, listed)),
    graphql: options.graphql ?? process.env.TASKMIRROR_GRAPHQL !== "off",
    log: scope.log,
    parents: new Map(plan.operations.flatMap((operation) => (operation.kind === "link-parent" && !operation.replace ? [[operation.key, operation.parentKey] as const] : []))),
    nodeIds: new RepositoryNodeIds(scope),
    linkedAtCreate: new Map(),
  };
  const failedLinks = new Map<string, FailedLinks>();
  let deferred: Deferred | undefined;
  for (const [position, operation] of plan.operations.entries()) {
    try {
      const { replan } = options;
      const current = operation.kind === "update" && operation.changes.body !== undefined && replan
        ? await reread(scope, operation, listedBodies, replan)
        : operation;
      if (current === undefined) continue;
      if (await WriteSlice.operation(() => applyOperation(scope, current, state))) {
        metrics.operationApplied(current.kind);
        options.onChanged?.(current, "number" in current ? current.number : "key" in current ? index.get(current.key)?.number : undefined);
      }
    } catch (error) {
      if (error instanceof WriteBudgetSpent) {
        const left = plan.operations.slice(position);
        deferred = {
          operations: left.length,
          resumeAt: error.resumeAt,
          blockedBy: left.flatMap((op) => (op.kind === "add-blocked-by" ? [{ key: op.key, blockerKey: op.blockerKey }] : [])),
        };
        break;
      }
      metrics.operationFailed(operation.kind);
      // A stale link to an issue whose key now names another is in no marker: nothing to put back.
      if (operation.kind === "add-blocked-by" || (operation.kind === "remove-blocked-by" && operation.blockerNumber === undefined)) {
        const failed = failedLinks.get(operation.key) ?? { added: new Set<string>(), removed: new Set<string>() };
        (operation.kind === "add-blocked-by" ? failed.added : failed.removed).add(operation.blockerKey);
        failedLinks.set(operation.key, failed);
      }
      if (error instanceof MissingIssueError) {
        counts.skipped += 1;
        scope.log.warn({ operation: operation.kind, key: keyOf(operation) }, error.message);
        continue;
      }
      if (isFatal(error)) throw error;
      counts.failed += 1;
      scope.log.error(
        { err: error, operation: operation.kind, key: keyOf(operation), status: statusOf(error) },
        `${operation.kind} failed: ${errorText(error)}`,
      );
    } finally {
      options.onApplied?.(position + 1, plan.operations.length);
    }
  }
  if (failedLinks.size > 0) {
    try {
      await unrecordFailedLinks(scope, failedLinks, index);
    } catch (error) {
      if (!(error instanceof WriteBudgetSpent)) throw error;
      scope.log.warn({ links: failedLinks.size }, "failed links stay recorded in their markers until the budget has room");
    }
  }
  if (deferred) options.onDeferred?.(deferred);
  options.onIndexed?.(index.numbers());
  return counts;
}

type UpdateOperation = Extract<Operation, { kind: "update" }>;

/**
 * Reads the issue right before its body is written: a tick a person made since the listing is
 * merged in (the update is planned again) rather than overwritten, and nothing is written when
 * the issue already shows what the plan wanted.
 */
async function reread(
  scope: GitHubScope,
  operation: UpdateOperation,
  listedBodies: ReadonlyMap<number, string>,
  replan: Replan,
): Promise<UpdateOperation | undefined> {
  const { data } = await scope.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    ...scope.repo,
    issue_number: operation.number,
  });
  const fresh = toMirroredIssue(data as RestIssue);
  if (!fresh) {
    scope.log.warn({ issue: operation.number }, "the issue lost its taskmirror marker since it was listed: not updating it");
    return undefined;
  }
  if (fresh.body === listedBodies.get(operation.number)) return operation;
  scope.log.info({ issue: operation.number, key: operation.key }, "issue edited since it was listed: planning its update again");
  return replan(fresh);
}

interface ApplyState {
  index: IssueIndex;
  milestones: MilestoneNumbers;
  counts: ApplyCounts;
  botLogin: string;
  /** Numbers of the issues the plan was made against. */
  listed: ReadonlySet<number>;
  replan: Replan | undefined;
  /** The app's issues made since the listing, by key: read once, right before the first create. */
  unlisted: () => Promise<Map<string, MirroredIssue>>;
  /** Whether new sub-issues go through GraphQL; off for the rest of the sync once GraphQL fails us. */
  graphql: boolean;
  log: GitHubScope["log"];
  /** Parent key by child key, for the sub-issue links the plan makes to new parents (not moves). */
  parents: ReadonlyMap<string, string>;
  nodeIds: RepositoryNodeIds;
  /** Issue number of the parent each new issue was made under (its link-parent has nothing left to write). */
  linkedAtCreate: Map<string, number>;
}

/**
 * The creation guard, independent of the listing: the newest issues (one read, no filter), of
 * which the app's that the listing did not have — by key, the oldest one when two carry a key.
 */
async function listUnlisted(scope: GitHubScope, botLogin: string, listed: ReadonlySet<number>): Promise<Map<string, MirroredIssue>> {
  const byKey = new Map<string, MirroredIssue>();
  for (const issue of await listNewestMirroredIssues(scope, botLogin)) {
    if (!listed.has(issue.number) && !byKey.has(issue.marker.key)) byKey.set(issue.marker.key, issue);
  }
  return byKey;
}

/** Applies one operation; false when GitHub already had what it asked for. */
async function applyOperation(scope: GitHubScope, operation: Operation, state: ApplyState): Promise<boolean> {
  const { octokit, repo, log } = scope;
  const { index, counts } = state;
  const issue = (key: string) => {
    const handle = index.get(key);
    if (!handle) throw new MissingIssueError(`no issue for ${key}: its creation failed`);
    return handle;
  };
  switch (operation.kind) {
    case "rekey": {
      if (!index.rekey(operation.key, operation.number)) throw new MissingIssueError(`no listed issue #${operation.number} to keep for ${operation.key}`);
      if (operation.reason !== "kept") counts.rekeyed += 1;
      // A rekey writes nothing itself: the update after it rewrites the marker.
      return false;
    }
    case "ensure-label": {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/labels", {
          ...repo,
          name: operation.name,
          color: operation.color,
          description: operation.description,
        });
        counts.labels += 1;
        return true;
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
        return false;
      }
    }
    case "ensure-milestone": {
      if (!(await state.milestones.ensure(operation.title))) return false;
      counts.milestones += 1;
      return true;
    }
    case "create": {
      const made = (await state.unlisted()).get(operation.key);
      if (made) {
        await adopt(scope, operation, made, state);
        // Adopted, not created: whatever the adoption wrote is the next operation's business.
        return false;
      }
      const content = await toRequestContent(operation.content, state);
      const { assignees: wanted = [], ...rest } = content;
      const withParent = await toGraphqlContent(operation, content, state);
      const created = await withoutRefusedAssignees(scope, { key: operation.key, assignees: wanted, body: async () => content.body }, (assignees, body) =>
        createIssueOnce(scope, operation.key, { ...rest, body: body ?? content.body, ...(assignees.length > 0 ? { assignees } : {}) }, state.botLogin, state.listed, withParent),
      );
      index.record(operation.key, { number: created.number, id: created.id, ...(created.nodeId ? { nodeId: created.nodeId } : {}) });
      if (typeof created.parentNumber === "number") state.linkedAtCreate.set(operation.key, created.parentNumber);
      counts.created += 1;
      if (operation.close) {
        await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
          ...repo,
          issue_number: created.number,
          state: "closed",
          state_reason: operation.close,
        });
        counts.closed += 1;
      }
      return true;
    }
    case "update": {
      const changes: Record<string, unknown> = {};
      const { title, body, labels, assignees, milestone } = operation.changes;
      if (title !== undefined) changes.title = title;
      if (body !== undefined) changes.body = resolveRefs(body, index.numbers());
      if (labels !== undefined) changes.labels = labels;
      if (assignees !== undefined) changes.assignees = assignees;
      if (milestone !== undefined) changes.milestone = milestone === null ? null : await state.milestones.number(milestone);
      if (Object.keys(changes).length === 0) return false;
      const patch = (extra: Record<string, unknown>) =>
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: operation.number, ...changes, ...extra });
      if (assignees === undefined) await patch({});
      else {
        const planned = changes.body as string | undefined;
        const body = async () => planned ?? (await readBody(scope, operation.number));
        await withoutRefusedAssignees(scope, { key: operation.key, number: operation.number, assignees, body }, (allowed, marked) =>
          patch(marked === undefined ? {} : { assignees: allowed, body: marked }),
        );
      }
      counts.updated += 1;
      return true;
    }
    case "close": {
      if (operation.comment) await postComment(scope, operation.number, operation.comment);
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
        ...repo,
        issue_number: operation.number,
        state: "closed",
        state_reason: operation.reason,
      });
      counts.closed += 1;
      return true;
    }
    case "reopen": {
      await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: operation.number, state: "open" });
      if (operation.comment) await postComment(scope, operation.number, operation.comment);
      counts.reopened += 1;
      return true;
    }
    case "cross-link": {
      // The new issue's number exists only once it is created, earlier in this plan.
      const created = issue(operation.key);
      const pair: [number, number, string][] = [
        [created.number, operation.number, operation.comment],
        [operation.number, created.number, operation.oldComment.split(refToken(operation.key)).join(`#${created.number}`)],
      ];
      for (const [number, other, text] of pair) {
        if (operation.resumed && (await namesIssue(scope, number, other, state.botLogin))) continue;
        await postComment(scope, number, text);
      }
      counts.crossLinked += 1;
      return true;
    }
    case "link-parent": {
      const parent = issue(operation.parentKey);
      const child = issue(operation.key);
      if (state.linkedAtCreate.get(operation.key) === parent.number) {
        // Made a sub-issue by its create (GraphQL `parentIssueId`): the link is written already.
        counts.linked += 1;
        return true;
      }
      try {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
          ...repo,
          issue_number: parent.number,
          sub_issue_id: child.id,
          ...(operation.replace ? { replace_parent: true } : {}),
        });
        counts.linked += 1;
        return true;
      } catch (error) {
        if (!isAlreadyLinked(error)) throw error;
        log.debug({ key: operation.key, parent: parent.number }, "already a sub-issue of its parent");
        return false;
      }
    }
    case "unlink-parent": {
      const child = issue(operation.key);
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue", {
          ...repo,
          issue_number: operation.parentNumber,
          sub_issue_id: child.id,
        });
        counts.unlinked += 1;
        return true;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        log.debug({ key: operation.key, parent: operation.parentNumber }, "not a sub-issue any more");
        return false;
      }
    }
    case "add-blocked-by": {
      const blocked = issue(operation.key);
      const blocker = issue(operation.blockerKey);
      try {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by", {
          ...repo,
          issue_number: blocked.number,
          issue_id: blocker.id,
        });
        counts.linked += 1;
        return true;
      } catch (error) {
        if (!isAlreadyLinked(error)) throw error;
        log.debug({ key: operation.key, blocker: blocker.number }, "already blocked by it");
        return false;
      }
    }
    case "remove-blocked-by": {
      const blocked = issue(operation.key);
      const blocker = operation.blockerNumber === undefined ? issue(operation.blockerKey) : index.byNumber(operation.blockerNumber);
      if (!blocker) throw new MissingIssueError(`no listed issue #${operation.blockerNumber} to unlink from ${operation.key}`);
      try {
        await octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}", {
          ...repo,
          issue_number: blocked.number,
          issue_id: blocker.id,
        });
        counts.unlinked += 1;
        return true;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        log.debug({ key: operation.key, blocker: blocker.number }, "not blocked by it any more");
        return false;
      }
    }
    case "toggle-file": {
      // A tick to write back into a file is a commit, not an issue write: the two-way sync
      // commits it; this applier only writes issues.
      log.debug({ key: operation.key, path: operation.path, item: operation.itemKey }, "file tick left to the write-back");
      return false;
    }
    default: {
      const unknown: never = operation;
      log.warn({ operation: (unknown as { kind: string }).kind }, "unknown operation skipped");
      return false;
    }
  }
}

type CreateOperation = Extract<Operation, { kind: "create" }>;

/**
 * Takes an issue made for the task since the listing as the task's issue: it is planned against
 * as if it had been listed (its update, when its content is not the task's), and closed when
 * the create would have closed it. Anything else it lacks, the next sync plans.
 */
async function adopt(scope: GitHubScope, operation: CreateOperation, made: MirroredIssue, state: ApplyState): Promise<void> {
  scope.log.warn(
    { key: operation.key, issue: made.number },
    "an issue for this task was made since the listing (another sync, or a listing that missed it): using it instead of creating another",
  );
  state.index.record(operation.key, { number: made.number, id: made.id, ...(made.nodeId ? { nodeId: made.nodeId } : {}) });
  state.counts.adopted += 1;
  const update = state.replan?.(made);
  if (update) await applyOperation(scope, update, state);
  if (operation.close && made.state === "open") {
    await scope.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...scope.repo,
      issue_number: made.number,
      state: "closed",
      state_reason: operation.close,
    });
    state.counts.closed += 1;
  }
}

async function toRequestContent(content: IssueContent, state: ApplyState): Promise<NewIssue> {
  const issue: NewIssue = {
    title: content.title,
    body: resolveRefs(content.body, state.index.numbers()),
    labels: content.labels,
  };
  if (content.assignees.length > 0) issue.assignees = content.assignees;
  if (content.milestone !== null) issue.milestone = await state.milestones.number(content.milestone);
  return issue;
}

/**
 * What a GraphQL create needs beyond REST's, when it saves a write: the task has a parent to be
 * linked to, whose node id is known, and every label and the milestone have a node id. Creates
 * with assignees stay on REST: its 422 names the logins it refuses, which withoutRefusedAssignees
 * needs, and `assigneeIds` would cost a lookup of each login.
 */
async function toGraphqlContent(operation: CreateOperation, content: NewIssue, state: ApplyState): Promise<NewIssueWithParent | undefined> {
  if (!state.graphql || (content.assignees ?? []).length > 0) return undefined;
  const parentKey = state.parents.get(operation.key);
  const parentIssueId = parentKey === undefined ? undefined : state.index.get(parentKey)?.nodeId;
  if (parentIssueId === undefined) return undefined;
  let ids: Awaited<ReturnType<RepositoryNodeIds["load"]>>;
  try {
    ids = await state.nodeIds.load();
  } catch (error) {
    if (isFatal(error)) throw error;
    // A token GraphQL refuses, or a GitHub without it: this sync makes its issues by REST.
    state.graphql = false;
    state.log.warn({ err: error }, `GraphQL node ids could not be read (${errorText(error)}): new sub-issues are created by REST, then linked`);
    return undefined;
  }
  const labelIds = content.labels.map((name) => ids.labels.get(name.toLowerCase()));
  if (!labelIds.every((id): id is string => id !== undefined)) return undefined;
  const milestoneId = operation.content.milestone === null ? undefined : ids.milestones.get(operation.content.milestone);
  if (operation.content.milestone !== null && milestoneId === undefined) return undefined;
  return { repositoryId: ids.repositoryId, parentIssueId, labelIds, ...(milestoneId === undefined ? {} : { milestoneId }) };
}

/** The issue's body as it is now (an assignee refusal is written into it; a stale copy could undo a tick). */
async function readBody({ octokit, repo }: GitHubScope, number: number): Promise<string> {
  const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: number });
  return data.body ?? "";
}

/** Whether the app already commented on issue #number naming #other (a cross-link an earlier sync wrote). */
async function namesIssue({ octokit, repo }: GitHubScope, number: number, other: number, botLogin: string): Promise<boolean> {
  const comments = await octokit.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: number, per_page: PAGE_SIZE_MAX });
  const named = new RegExp(`#${other}(?!\\d)`);
  return comments.some((found) => found.user?.login === botLogin && named.test(found.body ?? ""));
}

function isAlreadyExists(error: unknown): boolean {
  return statusOf(error) === 422 && /already_exists|already exists/i.test(errorText(error));
}

/**
 * GitHub answers a link that is already there with a 422 whose message says so: "already
 * blocked by", and for a sub-issue "Issue may not contain duplicate sub-issues" — what a
 * retried link whose first answer was lost meets.
 */
function isAlreadyLinked(error: unknown): boolean {
  return statusOf(error) === 422 && /already|duplicate sub-issues/i.test(errorText(error));
}

function keyOf(operation: Operation): string | undefined {
  return "key" in operation ? operation.key : undefined;
}

/** Milestone numbers by title, listed once per sync and only when a milestone is needed. */
class MilestoneNumbers {
  #byTitle: Map<string, number> | undefined;

  constructor(
    private readonly scope: GitHubScope,
    known?: ReadonlyMap<string, number>,
  ) {
    this.#byTitle = known ? new Map(known) : undefined;
  }

  async number(title: string): Promise<number> {
    const known = (await this.#load()).get(title);
    if (known !== undefined) return known;
    await this.ensure(title);
    const created = (await this.#load()).get(title);
    if (created === undefined) throw new Error(`milestone "${title}" could not be created`);
    return created;
  }

  /** Creates the milestone when missing; true when it was created. */
  async ensure(title: string): Promise<boolean> {
    const byTitle = await this.#load();
    if (byTitle.has(title)) return false;
    const { octokit, repo } = this.scope;
    try {
      const { data } = await octokit.request("POST /repos/{owner}/{repo}/milestones", { ...repo, title });
      byTitle.set(title, data.number);
      return true;
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      this.#byTitle = undefined;
      return false;
    }
  }

  async #load(): Promise<Map<string, number>> {
    if (!this.#byTitle) {
      const { octokit, repo } = this.scope;
      const listed = await octokit.paginate("GET /repos/{owner}/{repo}/milestones", { ...repo, state: "all", per_page: PAGE_SIZE_MAX });
      this.#byTitle = new Map(listed.map((milestone) => [milestone.title, milestone.number]));
    }
    return this.#byTitle;
  }
}

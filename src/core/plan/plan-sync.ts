import type { Config } from "../config/schema.js";
import type { Diagnostic, Document, Task } from "../model/types.js";
import { codeSpan } from "../render/code-span.js";
import { labelSpec } from "../render/label-spec.js";
import { generatedBudget, mergeBody } from "../render/merge-body.js";
import type { SourceRef } from "../render/permalink.js";
import { readIssueChecklist } from "../render/read-issue-checklist.js";
import { refToken } from "../render/refs.js";
import { renderBody } from "../render/render-body.js";
import { renderLabels } from "../render/render-labels.js";
import { renderTitle } from "../render/render-title.js";
import { displayKey } from "../validate/create-validation-context.js";
import { comparableBody } from "./comparable-body.js";
import { creationOrder } from "./creation-order.js";
import { frozenDocuments } from "./frozen-documents.js";
import { linkableParents, type PlacedTask } from "./linkable-parents.js";
import { matchTasks, type Matching, type UnsureMatch } from "./match-tasks.js";
import { taskDone } from "./task-done.js";
import type { IssueContent, IssueField, MirroredIssue, Operation, Plan, Rename } from "./types.js";

export interface PlanSyncInput {
  documents: Document[];
  issues: MirroredIssue[];
  config: Config;
  source: SourceRef;
  /** The validator's findings: tasks whose key has a `duplicate-key` error are not synced. */
  diagnostics?: Diagnostic[];
  /** Labels the repository has; `ensure-label` is planned only for the others. */
  existingLabels?: string[];
  /** Milestone titles the repository has; `ensure-milestone` is planned only for the others. */
  existingMilestones?: string[];
  /**
   * Documents renamed or moved since the issues were synced, as the push's compare or the pull
   * request's files report them: their tasks keep their issues under the new path. Without
   * them, a document found unchanged (or nearly) at a new path is taken as moved.
   */
  renames?: readonly Rename[];
  /** The organization's issue types: a task of one of these types gets no `type:` label (its issue has the type). */
  nativeTypes?: readonly string[];
}

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

interface Planned {
  rekeys: Op<"rekey">[];
  creates: Map<string, Op<"create">>;
  crossLinks: Op<"cross-link">[];
  updates: Op<"update">[];
  lifecycle: (Op<"close"> | Op<"reopen">)[];
  unlinks: Op<"unlink-parent">[];
  links: Op<"link-parent">[];
  unblocks: Op<"remove-blocked-by">[];
  blocks: Op<"add-blocked-by">[];
  toggles: Op<"toggle-file">[];
  notes: Diagnostic[];
}

// Labels taskmirror derives from fields (and so may remove when the field changes); any other
// label on an issue was put there by a person, or by the document's own label list, and stays.
const MANAGED_PREFIXES = ["priority: ", "status: ", "type: ", "phase: ", "story: ", "role: ", "sprint: "];

/**
 * What the documents want against what the issues are, as operations: ensure labels and
 * milestones, create (blockers and parents first), update only the fields that differ,
 * close/reopen, relink, and write back ticks the issue side won (DESIGN §3). Planning against
 * the issues the plan produces gives an empty plan.
 *
 * 1. Which tasks may be synced (a key that is not unique is never written; a document that
 *    cannot be read freezes its issues).
 * 2. Which issue mirrors which task: the matching (match-tasks.ts) — by marker key, content
 *    and document lineage, never by title alone; a task found under a new key keeps its issue.
 * 3. Sub-issue links within GitHub's limits; blockers that will have an issue.
 * 4. Per task: merge the checkboxes and the done state, render, compare, plan.
 * 5. Issues whose task is gone: close as not planned; where the matching was unsure, the new
 *    issue and the old one are cross-linked.
 * 6. Creates ordered blockers and parents first; the labels and milestones the writes need.
 */
export function planSync(input: PlanSyncInput): Plan {
  const { config } = input;
  const planned: Planned = {
    rekeys: [],
    creates: new Map(),
    crossLinks: [],
    updates: [],
    lifecycle: [],
    unlinks: [],
    links: [],
    unblocks: [],
    blocks: [],
    toggles: [],
    notes: [],
  };

  // 1. Tasks that may be written. A document that cannot be read freezes every issue it holds,
  // and every issue of a key it holds: nothing of theirs is closed, changed or handed on.
  const placed: PlacedTask[] = input.documents.flatMap((doc) => doc.tasks.map((task) => ({ task, path: doc.path })));
  const frozen = frozenDocuments(input.documents);
  const frozenTaskKeys = new Set(placed.filter(({ path }) => frozen.has(path)).map(({ task }) => task.key));
  const frozenIssues = new Set(input.issues.filter((issue) => frozen.has(issue.marker.path) || frozenTaskKeys.has(issue.marker.key)));
  const frozenKeys = new Set([...frozenTaskKeys, ...[...frozenIssues].map((issue) => issue.marker.key)]);
  for (const [path, reason] of frozen) {
    const count = [...frozenIssues].filter((issue) => issue.marker.path === path).length;
    planned.notes.push(note("frozen-document", path, reason.line,
      `${path} cannot be read (${oneLine(reason.message)}): ${count === 1 ? "its 1 issue is left as it is" : `its ${count} issues are left as they are`} until it can be read again.`));
  }
  const skipped = unsureKeys(placed, input.diagnostics ?? []);
  const synced = placed.filter(({ task, path }) => {
    if (frozen.has(path)) return false;
    if (frozenKeys.has(task.key)) {
      planned.notes.push(note("skipped-task", path, task.line,
        `Task "${task.key}" is not synced: its issue is left as it is while a task document that holds it cannot be read.`));
      return false;
    }
    if (!skipped.has(task.key)) return true;
    planned.notes.push(note("skipped-task", path, task.line,
      `Task "${task.key}" is not synced: its key is not unique. Give each task its own id; its issue is left as it is.`));
    return false;
  });

  // 2. The issue of each task. Issues of keys that are not synced are left as they are.
  const held = new Set([...skipped, ...frozenKeys]);
  const matching = matchTasks({
    tasks: synced,
    issues: input.issues.filter((issue) => !frozenIssues.has(issue) && !held.has(issue.marker.key)),
    config,
    paths: new Set(input.documents.map((doc) => doc.path)),
    ...(input.renames ? { renames: input.renames } : {}),
  });
  const issues = new Map([...matching.matched].map(([key, match]) => [key, match.issue]));
  const numbers = new Map([...issues].map(([key, issue]) => [key, issue.number]));
  const toCreate = new Set(synced.filter(({ task }) => !issues.has(task.key)).map(({ task }) => task.key));
  const syncedKeys = new Set(synced.map(({ task }) => task.key));
  const identity = issueIdentity(input.issues, matching, toCreate);
  for (const { task, path } of synced) {
    const match = matching.matched.get(task.key);
    if (match?.reason === undefined) continue;
    planned.rekeys.push({
      kind: "rekey",
      key: task.key,
      from: match.issue.marker.key,
      number: match.issue.number,
      path,
      fromPath: match.issue.marker.path,
      reason: match.reason,
    });
  }

  // 3. Links within limits.
  const hierarchy = config.subIssues ? linkableParents(synced) : { parents: new Map<string, string>(), notes: [] };
  planned.notes.push(...hierarchy.notes);
  const blockersOf = (task: Task): string[] | undefined =>
    config.dependencies
      ? [...new Set(task.dependsOn)].filter((key) => key !== task.key && syncedKeys.has(key))
      : undefined;
  const dependencyRef = (key: string): string => {
    const number = numbers.get(key);
    if (number !== undefined) return `#${number}`;
    return toCreate.has(key) ? refToken(key) : codeSpan(key);
  };

  // 4. Each task against its issue. An issue opened because the matching was unsure names the
  // issues it is cross-linked with in its marker, for good (see MarkerState `crossLinked`).
  const crossLinkedOf = new Map<string, number[]>();
  for (const { task, issue, resumed } of matching.unsure) {
    if (!resumed) crossLinkedOf.set(task.task.key, [...(crossLinkedOf.get(task.task.key) ?? []), issue.number]);
  }
  for (const { task, path } of synced) {
    const issue = issues.get(task.key);
    const crossLinked = issue ? issue.marker.crossLinked : crossLinkedOf.get(task.key);
    const context = { task, path, parent: hierarchy.parents.get(task.key), blockedBy: blockersOf(task), crossLinked };
    if (issue) planExisting(input, planned, context, issue, dependencyRef, identity);
    else planNew(input, planned, context, dependencyRef);
  }

  // 5. Issues whose task is gone, and the ones the matching was unsure of.
  const crossLinked = new Set<number>();
  for (const unsure of matching.unsure) {
    // A pair found again whose old issue is closed was cross-linked before it was closed; one
    // whose old issue is kept open (removedTasks: keep) cannot tell, and is not commented again.
    if (unsure.resumed && (unsure.issue.state !== "open" || config.removedTasks !== "close")) continue;
    const closing = config.removedTasks === "close" && unsure.issue.state === "open";
    planned.crossLinks.push(crossLink(unsure, closing));
    planned.notes.push(unsureNote(unsure));
    crossLinked.add(unsure.issue.number);
  }
  for (const { issue, holder } of matching.unmatched) {
    if (holder) {
      if (issue.state === "open") {
        planned.notes.push(note("duplicate-issue", issue.marker.path, 1,
          `Issues #${holder.number} and #${issue.number} both mirror task "${issue.marker.key}": #${holder.number} is synced, #${issue.number} is left alone. Close the extra issue.`));
      }
      continue;
    }
    if (config.removedTasks !== "close" || issue.state === "closed") continue;
    const key = issue.marker.key;
    planned.lifecycle.push({
      kind: "close",
      key,
      number: issue.number,
      reason: "not_planned",
      ...(crossLinked.has(issue.number)
        ? {}
        : { comment: `Closed as not planned: task ${codeSpan(key)} was removed from ${codeSpan(issue.marker.path)}. Put it back in a task document to reopen this issue.` }),
    });
  }

  // 6. Creates in dependency order, and the labels and milestones the writes need.
  const taskOf = new Map(synced.map(({ task }) => [task.key, task]));
  const creates = creationOrder([...planned.creates.keys()], (key) => {
    const task = taskOf.get(key);
    const parent = hierarchy.parents.get(key);
    return [...(task?.dependsOn ?? []), ...(parent !== undefined ? [parent] : [])];
  }).flatMap((key) => planned.creates.get(key) ?? []);
  const contents: Partial<IssueContent>[] = [
    ...creates.map((op) => op.content),
    ...planned.updates.map((op) => op.changes),
  ];
  // A rekeyed issue's marker is rewritten before any other issue's: until then, the markers
  // that name it by its old key mean it (see issueIdentity), so a crash between the two
  // leaves nothing another sync would read wrong.
  planned.rekeys.push(...keptRekeys(input.issues, matching, [...planned.crossLinks, ...planned.unlinks, ...planned.links, ...planned.unblocks, ...planned.blocks]));
  const rekeyed = new Set(planned.rekeys.map((op) => op.number));
  const updates = [...planned.updates.filter((op) => rekeyed.has(op.number)), ...planned.updates.filter((op) => !rekeyed.has(op.number))];

  const operations: Operation[] = [
    ...planned.rekeys,
    ...missingLabels(contents, input),
    ...missingMilestones(contents, input),
    ...creates,
    ...planned.crossLinks,
    ...updates,
    ...planned.lifecycle,
    ...planned.unlinks,
    ...planned.links,
    ...planned.unblocks,
    ...planned.blocks,
    ...planned.toggles,
  ];
  return { operations, notes: planned.notes };
}

/**
 * How the issues listed are named in the plan and in the markers: the plan names a matched
 * issue by its task's key (its new key when rekeyed), any other by its marker's key. A marker
 * names linked issues (parent, blockers) by the keys they had when it was written; when two
 * listed issues carry such a key (a rekey half applied, a copy), the one being rekeyed away
 * from it is meant (rekeys are written first), else the one its task keeps, else the oldest.
 */
interface IssueIdentity {
  /** The issue of each task key that has one. */
  ofTask: ReadonlyMap<string, MirroredIssue>;
  byNumber: ReadonlyMap<number, MirroredIssue>;
  /** The issue a key in a marker names. */
  resolve(markerKey: string): MirroredIssue | undefined;
  /**
   * The key the plan names a listed issue by in links; undefined for an issue without a task
   * whose old key now names another issue (a created one, or one rekeyed onto it).
   */
  linkKey(issue: MirroredIssue): string | undefined;
}

function issueIdentity(listed: readonly MirroredIssue[], matching: Matching, toCreate: ReadonlySet<string>): IssueIdentity {
  const planKey = new Map<number, string>();
  for (const [key, { issue }] of matching.matched) planKey.set(issue.number, key);
  const carriers = new Map<string, MirroredIssue[]>();
  for (const issue of [...listed].sort((a, b) => a.number - b.number)) {
    carriers.set(issue.marker.key, [...(carriers.get(issue.marker.key) ?? []), issue]);
  }
  return {
    ofTask: new Map([...matching.matched].map(([key, match]) => [key, match.issue])),
    byNumber: new Map(listed.map((issue) => [issue.number, issue])),
    resolve(markerKey) {
      const found = carriers.get(markerKey) ?? [];
      const renamed = found.find((issue) => planKey.has(issue.number) && planKey.get(issue.number) !== markerKey);
      return renamed ?? found.find((issue) => planKey.get(issue.number) === markerKey) ?? found[0];
    },
    linkKey(issue) {
      const key = planKey.get(issue.number);
      if (key !== undefined) return key;
      const old = issue.marker.key;
      return matching.matched.has(old) || toCreate.has(old) ? undefined : old;
    },
  };
}

/**
 * The applier names a key by the oldest listed issue carrying it (IssueIndex) until a rekey. A
 * task can keep a newer one under the same key — its issue opened when the matching was unsure,
 * then the sync stopped before the old one was closed; a swap stopped half way — and links or a
 * cross-link naming the key would reach the old issue: a `kept` rekey names the task's issue.
 */
function keptRekeys(listed: readonly MirroredIssue[], matching: Matching, byKey: readonly Op<"cross-link" | "unlink-parent" | "link-parent" | "remove-blocked-by" | "add-blocked-by">[]): Op<"rekey">[] {
  const named = new Set(byKey.flatMap((op) => [op.key, ...("parentKey" in op ? [op.parentKey] : []), ...("blockerKey" in op ? [op.blockerKey] : [])]));
  const oldest = new Map<string, number>();
  for (const issue of listed) oldest.set(issue.marker.key, Math.min(issue.number, oldest.get(issue.marker.key) ?? Infinity));
  return [...named].flatMap((key) => {
    const match = matching.matched.get(key);
    if (!match || match.reason !== undefined || oldest.get(key) === match.issue.number) return [];
    const { number, marker } = match.issue;
    return [{ kind: "rekey", key, from: marker.key, number, path: marker.path, fromPath: marker.path, reason: "kept" }];
  });
}

const PERCENT = (value: number) => `${Math.round(value * 100)}%`;

function unsureReason(unsure: UnsureMatch): string {
  const shown = codeSpan(displayKey(unsure.issue.marker.key, unsure.issue.marker.path));
  switch (unsure.why) {
    case "same-key":
      return `it has the key ${shown} this issue had, but its text is ${PERCENT(unsure.similarity)} alike`;
    case "tie":
      return `it is as alike to it (${PERCENT(unsure.similarity)}) as another candidate is`;
    case "weak":
      return `it is ${PERCENT(unsure.similarity)} alike to task ${shown}, too little to be sure`;
  }
}

function crossLink(unsure: UnsureMatch, closing: boolean): Op<"cross-link"> {
  const { task, path } = unsure.task;
  const { number } = unsure.issue;
  const shown = codeSpan(displayKey(task.key, path));
  const why = unsureReason(unsure);
  return {
    kind: "cross-link",
    key: task.key,
    number,
    ...(unsure.resumed ? { resumed: true as const } : {}),
    comment:
      `taskmirror could not tell whether this task is the one #${number} tracked (${why}), so it opened this issue ` +
      `rather than give #${number} to other work. If they are the same task, #${number} holds its history.`,
    oldComment:
      `taskmirror could not tell whether task ${shown} in ${codeSpan(path)} (“${oneLine(task.title)}”) is the task this issue ` +
      `tracked (${why}), so it did not give this issue to it: ${refToken(task.key)} mirrors it now.` +
      (closing ? " This issue is closed as not planned." : ""),
  };
}

function unsureNote(unsure: UnsureMatch): Diagnostic {
  const { task, path } = unsure.task;
  const { number } = unsure.issue;
  const shown = displayKey(task.key, path);
  return note("unsure-match", path, task.line, unsure.resumed
    ? `Task "${shown}" may be the task of #${number} (${unsureReason(unsure)}): a sync stopped before both issues said so; they get a comment naming the other now.`
    : `Task "${shown}" may be the task of #${number} (${unsureReason(unsure)}): it gets a new issue instead, and both issues get a comment naming the other.`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

interface TaskContext {
  task: Task;
  path: string;
  parent: string | undefined;
  blockedBy: string[] | undefined;
  crossLinked: number[] | undefined;
}

function planNew(input: PlanSyncInput, planned: Planned, context: TaskContext, dependencyRef: (key: string) => string): void {
  const { task, path, parent, blockedBy, crossLinked } = context;
  const done = taskDone(task);
  const body = renderBody({
    task, path, source: input.source, done, dependencyRef,
    ...(parent !== undefined ? { parent } : {}),
    ...(blockedBy !== undefined ? { blockedBy } : {}),
    ...(crossLinked !== undefined ? { crossLinked } : {}),
  });
  const content = desiredContent(input.config, task, body, [], input.nativeTypes);
  planned.creates.set(task.key, {
    kind: "create",
    key: task.key,
    content,
    ...(done ? { close: closeReason(task) } : {}),
  });
  if (parent !== undefined) planned.links.push({ kind: "link-parent", key: task.key, parentKey: parent, replace: false });
  for (const blockerKey of blockedBy ?? []) planned.blocks.push({ kind: "add-blocked-by", key: task.key, blockerKey });
}

function planExisting(
  input: PlanSyncInput,
  planned: Planned,
  context: TaskContext,
  issue: MirroredIssue,
  dependencyRef: (key: string) => string,
  identity: IssueIdentity,
): void {
  const { config } = input;
  const { task, path, parent, blockedBy, crossLinked } = context;
  const toggle = (itemKey: string, checked: boolean) =>
    planned.toggles.push({ kind: "toggle-file", key: task.key, path, itemKey, checked });

  // Checkboxes: whichever side changed since the base wins; both changed means they agree.
  // An item with no base merges as unticked base (file || issue), and an item the issue body
  // does not show (cut, or new) keeps the base on the issue side, so the file decides.
  const inIssue = new Map(readIssueChecklist(issue.body).map((item) => [item.key, item.checked]));
  const itemStates = new Map<string, boolean>();
  for (const item of task.checklist) {
    const base = Object.hasOwn(issue.marker.items, item.key) ? issue.marker.items[item.key] === true : false;
    const fromIssue = inIssue.get(item.key) ?? base;
    const merged = item.checked !== base ? item.checked : fromIssue;
    itemStates.set(item.key, merged);
    if (merged !== item.checked) toggle(item.key, merged);
  }

  // The done state merges the same way. A cancelled task's issue is closed as not planned, so
  // that close counts as done for it; for any other task an issue closed as not planned (a
  // removed task come back, or a person's choice) is not done, and is reopened.
  const fileDone = taskDone(task);
  const cancelled = closeReason(task) === "not_planned";
  const closedAsDone = issue.state === "closed" && (cancelled || !["not_planned", "duplicate"].includes(issue.stateReason ?? ""));
  const done = fileDone !== issue.marker.done ? fileDone : closedAsDone;
  // A task with neither its own box nor a status field has nowhere in the file to record done:
  // its issue's state is left as the person set it, and nothing is planned to write.
  if (done !== fileDone && (task.checkbox !== undefined || task.fields.status !== undefined)) toggle("", done);
  if (done && !closedAsDone) {
    planned.lifecycle.push({ kind: "close", key: task.key, number: issue.number, reason: closeReason(task) });
  } else if (!done && issue.state === "closed") {
    planned.lifecycle.push({
      kind: "reopen",
      key: task.key,
      number: issue.number,
      ...(issue.stateReason === "not_planned" ? { comment: `Reopened: task ${codeSpan(task.key)} is in ${codeSpan(path)} and is not done.` } : {}),
    });
  }

  // Logins GitHub refused for this very assignee list are not asked for again (nor the refusal
  // logged again); a changed list is tried afresh.
  const refused = issue.marker.unassignable;
  const unassignable = refused && sameSet(refused.of, task.fields.assignees ?? []) ? refused : undefined;
  const generated = renderBody({
    task, path, source: input.source, done, itemStates, dependencyRef,
    baseStates: new Map(task.checklist.map((item) => [item.key, item.checked])), baseDone: fileDone,
    maxChars: generatedBudget(issue.body),
    ...(parent !== undefined ? { parent } : {}),
    ...(blockedBy !== undefined ? { blockedBy } : {}),
    ...(unassignable !== undefined ? { unassignable } : {}),
    ...(crossLinked !== undefined ? { crossLinked } : {}),
  });
  const desired = desiredContent(config, task, mergeBody(issue.body, generated), unassignable?.logins, input.nativeTypes);
  const update = changedFields(config, task, desired, issue);
  if (update.fields.length > 0) {
    planned.updates.push({ kind: "update", key: task.key, number: issue.number, changes: update.changes, fields: update.fields });
  }

  if (config.subIssues) {
    const parentIssue = parent !== undefined ? identity.ofTask.get(parent) : undefined;
    if (parent !== undefined && (parentIssue === undefined || issue.parentNumber !== parentIssue.number)) {
      planned.links.push({ kind: "link-parent", key: task.key, parentKey: parent, replace: issue.parentNumber !== null });
    } else if (parent === undefined && issue.marker.parent !== undefined && issue.parentNumber !== null) {
      // Only a link taskmirror made itself: a parent a person chose is theirs. The marker names
      // the parent by the key it had when the link was made; it may have been rekeyed since.
      const current = identity.byNumber.get(issue.parentNumber);
      const currentKey = current ? identity.linkKey(current) : undefined;
      if (current && currentKey !== undefined && (current.marker.key === issue.marker.parent || currentKey === issue.marker.parent)) {
        planned.unlinks.push({ kind: "unlink-parent", key: task.key, parentKey: currentKey, parentNumber: issue.parentNumber });
      }
    }
  }

  if (blockedBy !== undefined) {
    // Linked blockers as the plan names them (a rekeyed blocker is the same issue: no relink).
    // The value says whether the blocker's issue is there to unlink.
    const linked = new Map<string, boolean>();
    // Blockers whose key the plan gives to another issue: the link made to them is stale
    // whether or not the task still depends on that key (the key's issue is linked anew).
    const stale: MirroredIssue[] = [];
    for (const markerKey of issue.marker.blockedBy ?? []) {
      const blocker = identity.resolve(markerKey);
      const key = blocker ? identity.linkKey(blocker) : markerKey;
      if (key !== undefined) linked.set(key, blocker !== undefined);
      else if (blocker) stale.push(blocker);
    }
    const wanted = new Set(blockedBy);
    // The marker is written with the body, before the links are made: a process that died in
    // between (or a sync that stopped before taking a failed link out of the marker) leaves it
    // recording a link that does not exist. When GitHub counts fewer links than the marker
    // records, every wanted link is asked for again ("already linked" counts as done).
    const recordedMissing = issue.blockedByCount !== undefined && issue.blockedByCount < [...linked.values()].filter(Boolean).length;
    for (const blockerKey of blockedBy) {
      if (recordedMissing || !linked.has(blockerKey)) planned.blocks.push({ kind: "add-blocked-by", key: task.key, blockerKey });
    }
    for (const [blockerKey, exists] of linked) {
      if (!wanted.has(blockerKey) && exists) planned.unblocks.push({ kind: "remove-blocked-by", key: task.key, blockerKey });
    }
    for (const blocker of stale) {
      planned.unblocks.push({ kind: "remove-blocked-by", key: task.key, blockerKey: blocker.marker.key, blockerNumber: blocker.number });
    }
  }
}

function desiredContent(config: Config, task: Task, body: string, refused: readonly string[] = [], nativeTypes: readonly string[] = []): IssueContent {
  const skip = new Set(refused.map((login) => login.toLowerCase()));
  return {
    title: renderTitle(task, config),
    body,
    labels: renderLabels(task, config, nativeTypes),
    assignees: config.assignees ? (task.fields.assignees ?? []).filter((login) => !skip.has(login.toLowerCase())) : [],
    milestone: config.milestones ? (task.fields.sprint ?? null) : null,
  };
}

function changedFields(
  config: Config,
  task: Task,
  desired: IssueContent,
  issue: MirroredIssue,
): { changes: Partial<IssueContent>; fields: IssueField[] } {
  const changes: Partial<IssueContent> = {};
  const fields: IssueField[] = [];
  if (desired.title !== issue.title) {
    changes.title = desired.title;
    fields.push("title");
  }
  if (comparableBody(desired.body) !== comparableBody(issue.body)) {
    changes.body = desired.body;
    fields.push("body");
  }
  const labels = mergeLabels(issue.labels, desired.labels, config.labels.ownership);
  if (!sameSet(labels, issue.labels)) {
    changes.labels = labels;
    fields.push("labels");
  }
  // A field the document does not give is left to people: no assignee field, no sprint.
  if (config.assignees && task.fields.assignees !== undefined && !sameSet(desired.assignees, issue.assignees)) {
    changes.assignees = desired.assignees;
    fields.push("assignees");
  }
  if (config.milestones && desired.milestone !== null && desired.milestone !== (issue.milestone?.title ?? null)) {
    changes.milestone = desired.milestone;
    fields.push("milestone");
  }
  return { changes, fields };
}

/** The issue's labels with stale field labels dropped and the desired ones added. */
function mergeLabels(current: string[], desired: string[], ownership: string): string[] {
  const wanted = new Set(desired.map((label) => label.toLowerCase()));
  const managed = (label: string) => {
    const folded = label.toLowerCase();
    return folded === ownership.toLowerCase() || folded === "parallel" || MANAGED_PREFIXES.some((p) => folded.startsWith(p));
  };
  const kept = current.filter((label) => !managed(label) || wanted.has(label.toLowerCase()));
  const present = new Set(kept.map((label) => label.toLowerCase()));
  return [...kept, ...desired.filter((label) => !present.has(label.toLowerCase()))];
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a.map((s) => s.toLowerCase()));
  const right = new Set(b.map((s) => s.toLowerCase()));
  return left.size === right.size && [...left].every((s) => right.has(s));
}

function closeReason(task: Task): "completed" | "not_planned" {
  return task.fields.status === "cancelled" && task.checkbox?.checked !== true ? "not_planned" : "completed";
}

/** Keys that are not unique across the documents, or that the validator found duplicated. */
function unsureKeys(placed: PlacedTask[], diagnostics: Diagnostic[]): Set<string> {
  const seen = new Set<string>();
  const unsure = new Set<string>();
  for (const { task } of placed) {
    if (seen.has(task.key)) unsure.add(task.key);
    seen.add(task.key);
  }
  const at = new Map(placed.map(({ task, path }) => [`${path}\u0000${task.line}`, task.key]));
  for (const d of diagnostics) {
    if (d.code !== "duplicate-key" || d.severity !== "error") continue;
    const key = at.get(`${d.path}\u0000${d.line}`);
    if (key !== undefined) unsure.add(key);
  }
  return unsure;
}

function missingLabels(contents: Partial<IssueContent>[], input: PlanSyncInput): Operation[] {
  const known = new Set([...(input.existingLabels ?? []), ...input.issues.flatMap((i) => i.labels)].map((l) => l.toLowerCase()));
  const ops: Operation[] = [];
  for (const name of contents.flatMap((content) => content.labels ?? [])) {
    if (known.has(name.toLowerCase())) continue;
    known.add(name.toLowerCase());
    ops.push({ kind: "ensure-label", ...labelSpec(name, input.config) });
  }
  return ops;
}

function missingMilestones(contents: Partial<IssueContent>[], input: PlanSyncInput): Operation[] {
  const known = new Set([...(input.existingMilestones ?? []), ...input.issues.flatMap((i) => (i.milestone ? [i.milestone.title] : []))]);
  const ops: Operation[] = [];
  for (const content of contents) {
    const title = content.milestone;
    if (title === undefined || title === null || known.has(title)) continue;
    known.add(title);
    ops.push({ kind: "ensure-milestone", title });
  }
  return ops;
}

function note(code: string, path: string, line: number, message: string): Diagnostic {
  return { code, severity: "notice", path, line, column: 1, message };
}

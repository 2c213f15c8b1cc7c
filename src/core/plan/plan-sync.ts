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
import { comparableBody } from "./comparable-body.js";
import { creationOrder } from "./creation-order.js";
import { linkableParents, type PlacedTask } from "./linkable-parents.js";
import { taskDone } from "./task-done.js";
import type { IssueContent, IssueField, MirroredIssue, Operation, Plan } from "./types.js";

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
}

type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;

interface Planned {
  creates: Map<string, Op<"create">>;
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
 * 1. Which tasks may be synced (a key that is not unique is never written).
 * 2. Which issue mirrors which task (by marker key, never by title).
 * 3. Sub-issue links within GitHub's limits; blockers that will have an issue.
 * 4. Per task: merge the checkboxes and the done state, render, compare, plan.
 * 5. Issues whose task is gone: close as not planned.
 * 6. Creates ordered blockers and parents first; the labels and milestones the writes need.
 */
export function planSync(input: PlanSyncInput): Plan {
  const { config } = input;
  const planned: Planned = {
    creates: new Map(),
    updates: [],
    lifecycle: [],
    unlinks: [],
    links: [],
    unblocks: [],
    blocks: [],
    toggles: [],
    notes: [],
  };

  // 1. Tasks that may be written.
  const placed: PlacedTask[] = input.documents.flatMap((doc) => doc.tasks.map((task) => ({ task, path: doc.path })));
  const skipped = unsureKeys(placed, input.diagnostics ?? []);
  const synced = placed.filter(({ task, path }) => {
    if (!skipped.has(task.key)) return true;
    planned.notes.push(note("skipped-task", path, task.line,
      `Task "${task.key}" is not synced: its key is not unique. Give each task its own id; its issue is left as it is.`));
    return false;
  });

  // 2. The issue of each key.
  const issues = mirrorOf(input.issues, planned.notes);
  const numbers = new Map([...issues].map(([key, issue]) => [key, issue.number]));
  const toCreate = new Set(synced.filter(({ task }) => !issues.has(task.key)).map(({ task }) => task.key));
  const syncedKeys = new Set(synced.map(({ task }) => task.key));

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

  // 4. Each task against its issue.
  for (const { task, path } of synced) {
    const context = { task, path, parent: hierarchy.parents.get(task.key), blockedBy: blockersOf(task) };
    const issue = issues.get(task.key);
    if (issue) planExisting(input, planned, context, issue, dependencyRef, issues);
    else planNew(input, planned, context, dependencyRef);
  }

  // 5. Issues whose task is gone.
  const documented = new Set(placed.map(({ task }) => task.key));
  if (config.removedTasks === "close") {
    for (const [key, issue] of issues) {
      if (documented.has(key) || issue.state === "closed") continue;
      planned.lifecycle.push({
        kind: "close",
        key,
        number: issue.number,
        reason: "not_planned",
        comment: `Closed as not planned: task ${codeSpan(key)} was removed from ${codeSpan(issue.marker.path)}. Put it back in a task document to reopen this issue.`,
      });
    }
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

  const operations: Operation[] = [
    ...missingLabels(contents, input, issues),
    ...missingMilestones(contents, input, issues),
    ...creates,
    ...planned.updates,
    ...planned.lifecycle,
    ...planned.unlinks,
    ...planned.links,
    ...planned.unblocks,
    ...planned.blocks,
    ...planned.toggles,
  ];
  return { operations, notes: planned.notes };
}

interface TaskContext {
  task: Task;
  path: string;
  parent: string | undefined;
  blockedBy: string[] | undefined;
}

function planNew(input: PlanSyncInput, planned: Planned, context: TaskContext, dependencyRef: (key: string) => string): void {
  const { task, path, parent, blockedBy } = context;
  const done = taskDone(task);
  const body = renderBody({
    task, path, source: input.source, done, dependencyRef,
    ...(parent !== undefined ? { parent } : {}),
    ...(blockedBy !== undefined ? { blockedBy } : {}),
  });
  const content = desiredContent(input.config, task, body);
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
  issues: Map<string, MirroredIssue>,
): void {
  const { config } = input;
  const { task, path, parent, blockedBy } = context;
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
  });
  const desired = desiredContent(config, task, mergeBody(issue.body, generated), unassignable?.logins);
  const update = changedFields(config, task, desired, issue);
  if (update.fields.length > 0) {
    planned.updates.push({ kind: "update", key: task.key, number: issue.number, changes: update.changes, fields: update.fields });
  }

  if (config.subIssues) {
    const parentIssue = parent !== undefined ? issues.get(parent) : undefined;
    if (parent !== undefined && (parentIssue === undefined || issue.parentNumber !== parentIssue.number)) {
      planned.links.push({ kind: "link-parent", key: task.key, parentKey: parent, replace: issue.parentNumber !== null });
    } else if (parent === undefined && issue.marker.parent !== undefined && issue.parentNumber !== null) {
      // Only a link taskmirror made itself: a parent a person chose is theirs.
      if (issues.get(issue.marker.parent)?.number === issue.parentNumber) {
        planned.unlinks.push({ kind: "unlink-parent", key: task.key, parentKey: issue.marker.parent, parentNumber: issue.parentNumber });
      }
    }
  }

  if (blockedBy !== undefined) {
    const linked = new Set(issue.marker.blockedBy ?? []);
    const wanted = new Set(blockedBy);
    for (const blockerKey of blockedBy) {
      if (!linked.has(blockerKey)) planned.blocks.push({ kind: "add-blocked-by", key: task.key, blockerKey });
    }
    for (const blockerKey of linked) {
      if (!wanted.has(blockerKey) && issues.has(blockerKey)) {
        planned.unblocks.push({ kind: "remove-blocked-by", key: task.key, blockerKey });
      }
    }
  }
}

function desiredContent(config: Config, task: Task, body: string, refused: readonly string[] = []): IssueContent {
  const skip = new Set(refused.map((login) => login.toLowerCase()));
  return {
    title: renderTitle(task, config),
    body,
    labels: renderLabels(task, config),
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

/** The issue mirroring each key: the oldest when several carry the same marker. */
function mirrorOf(issues: MirroredIssue[], notes: Diagnostic[]): Map<string, MirroredIssue> {
  const byKey = new Map<string, MirroredIssue>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const first = byKey.get(issue.marker.key);
    if (first) {
      notes.push(note("duplicate-issue", issue.marker.path, 1,
        `Issues #${first.number} and #${issue.number} both mirror task "${issue.marker.key}": #${first.number} is synced, #${issue.number} is left alone. Close the extra issue.`));
      continue;
    }
    byKey.set(issue.marker.key, issue);
  }
  return byKey;
}

function missingLabels(contents: Partial<IssueContent>[], input: PlanSyncInput, issues: Map<string, MirroredIssue>): Operation[] {
  const known = new Set([...(input.existingLabels ?? []), ...[...issues.values()].flatMap((i) => i.labels)].map((l) => l.toLowerCase()));
  const ops: Operation[] = [];
  for (const name of contents.flatMap((content) => content.labels ?? [])) {
    if (known.has(name.toLowerCase())) continue;
    known.add(name.toLowerCase());
    ops.push({ kind: "ensure-label", ...labelSpec(name, input.config) });
  }
  return ops;
}

function missingMilestones(contents: Partial<IssueContent>[], input: PlanSyncInput, issues: Map<string, MirroredIssue>): Operation[] {
  const known = new Set([...(input.existingMilestones ?? []), ...[...issues.values()].flatMap((i) => (i.milestone ? [i.milestone.title] : []))]);
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

import type { Document } from "../../../src/core/model/types.js";
import type { MirroredIssue, Plan } from "../../../src/core/plan/types.js";
import { parseMarker } from "../../../src/core/render/marker.js";
import { resolveRefs } from "../../../src/core/render/refs.js";
import { rebaseMarker } from "../../../src/core/sync/rebase-marker.js";

export interface World {
  issues: MirroredIssue[];
  documents: Document[];
  labels: string[];
  milestones: string[];
  /** `key → blocker keys` as linked on GitHub. */
  blockedBy: Map<string, Set<string>>;
}

/**
 * What applying `plan` would leave behind, as src/github/apply-plan.ts does it: issues created
 * in order (numbers and ids assigned), reference tokens resolved with the numbers known at the
 * time of each write, fields updated, states changed, links made, and ticks written back to
 * the documents — after which the issue's merge base moves to them, as flushTicks does.
 */
export function applyInMemory(plan: Plan, world: World): World {
  const issues = world.issues.map((issue) => ({ ...issue, labels: [...issue.labels], assignees: [...issue.assignees] }));
  const documents: Document[] = structuredClone(world.documents);
  const labels = [...world.labels];
  const milestones = [...world.milestones];
  const blockedBy = new Map([...world.blockedBy].map(([key, set]) => [key, new Set(set)]));
  const byKey = new Map(issues.map((issue) => [issue.marker.key, issue]));
  let next = Math.max(0, ...issues.map((issue) => issue.number)) + 1;
  const numbers = () => new Map([...byKey].map(([key, issue]) => [key, issue.number]));
  const find = (key: string) => {
    const issue = byKey.get(key);
    if (!issue) throw new Error(`no issue for ${key}`);
    return issue;
  };

  for (const op of plan.operations) {
    switch (op.kind) {
      case "ensure-label":
        if (labels.some((l) => l.toLowerCase() === op.name.toLowerCase())) throw new Error(`label ${op.name} exists`);
        labels.push(op.name);
        break;
      case "ensure-milestone":
        if (milestones.includes(op.title)) throw new Error(`milestone ${op.title} exists`);
        milestones.push(op.title);
        break;
      case "create": {
        if (byKey.has(op.key)) throw new Error(`duplicate create of ${op.key}`);
        for (const label of op.content.labels) {
          if (!labels.some((l) => l.toLowerCase() === label.toLowerCase())) throw new Error(`label ${label} missing`);
        }
        const number = next++;
        const issue: MirroredIssue = {
          number,
          id: 1000 + number,
          title: op.content.title,
          body: resolveRefs(op.content.body, numbers()),
          state: op.close ? "closed" : "open",
          stateReason: op.close ?? null,
          labels: [...op.content.labels],
          assignees: [...op.content.assignees],
          milestone: op.content.milestone === null ? null : { number: milestones.indexOf(op.content.milestone) + 1, title: op.content.milestone },
          parentNumber: null,
          marker: { v: 1, key: op.key, path: "", done: false, items: {} },
        };
        issues.push(issue);
        byKey.set(op.key, issue);
        break;
      }
      case "update": {
        const issue = find(op.key);
        if (issue.number !== op.number) throw new Error(`wrong number for ${op.key}`);
        const { title, body, labels: newLabels, assignees, milestone } = op.changes;
        if (title !== undefined) issue.title = title;
        if (body !== undefined) issue.body = resolveRefs(body, numbers());
        if (newLabels !== undefined) issue.labels = [...newLabels];
        if (assignees !== undefined) issue.assignees = [...assignees];
        if (milestone !== undefined) issue.milestone = milestone === null ? null : { number: milestones.indexOf(milestone) + 1, title: milestone };
        break;
      }
      case "close": {
        const issue = find(op.key);
        issue.state = "closed";
        issue.stateReason = op.reason;
        break;
      }
      case "reopen": {
        const issue = find(op.key);
        issue.state = "open";
        issue.stateReason = "reopened";
        break;
      }
      case "link-parent":
        find(op.key).parentNumber = find(op.parentKey).number;
        break;
      case "unlink-parent":
        find(op.key).parentNumber = null;
        break;
      case "add-blocked-by":
        find(op.blockerKey);
        if (!blockedBy.has(op.key)) blockedBy.set(op.key, new Set());
        blockedBy.get(op.key)?.add(op.blockerKey);
        break;
      case "remove-blocked-by":
        blockedBy.get(op.key)?.delete(op.blockerKey);
        break;
      case "toggle-file": {
        const task = documents.find((d) => d.path === op.path)?.tasks.find((t) => t.key === op.key);
        if (!task) throw new Error(`no task ${op.key} in ${op.path}`);
        if (op.itemKey === "") {
          if (task.checkbox) task.checkbox.checked = op.checked;
          else task.fields.status = op.checked ? "done" : "todo";
        } else {
          const item = task.checklist.find((i) => i.key === op.itemKey);
          if (!item) throw new Error(`no item ${op.itemKey} in ${op.key}`);
          item.checked = op.checked;
        }
        break;
      }
    }
  }

  for (const op of plan.operations) {
    if (op.kind === "toggle-file") {
      const issue = find(op.key);
      issue.body = rebaseMarker(issue.body, [op]);
    }
  }
  for (const issue of issues) {
    const marker = parseMarker(issue.body);
    if (!marker) throw new Error(`issue #${issue.number} has no marker`);
    issue.marker = marker;
  }
  return { issues, documents, labels, milestones, blockedBy };
}

export function emptyWorld(documents: Document[]): World {
  return { issues: [], documents, labels: [], milestones: [], blockedBy: new Map() };
}

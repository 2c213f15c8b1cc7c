import type { Document } from "../../../src/core/model/types.js";
import type { MirroredIssue, Plan } from "../../../src/core/plan/types.js";
import { parseMarker } from "../../../src/core/render/marker.js";
import { refToken, resolveRefs } from "../../../src/core/render/refs.js";
import { rebaseMarker } from "../../../src/core/sync/rebase-marker.js";

export interface World {
  issues: MirroredIssue[];
  documents: Document[];
  labels: string[];
  milestones: string[];
  /** `key → blocker keys` as linked on GitHub. */
  blockedBy: Map<string, Set<string>>;
  /** The same links by issue number (when two issues carry one key, only numbers tell them apart); read instead of `blockedBy` when given. */
  links?: Map<number, Set<number>>;
  /** Comments the plans posted, by issue number (cross-links; close and reopen comments too). */
  comments?: Map<number, string[]>;
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
  // Links as GitHub holds them: between issues, whatever keys their markers carry.
  const numberOfKey = (key: string) => [...world.issues].sort((a, b) => a.number - b.number).find((issue) => issue.marker.key === key)?.number;
  const links = new Map<number, Set<number>>([...(world.links ?? [])].map(([number, set]) => [number, new Set(set)]));
  for (const [key, blockers] of world.links ? [] : world.blockedBy) {
    const number = numberOfKey(key);
    if (number === undefined) continue;
    links.set(number, new Set([...blockers].flatMap((blocker) => numberOfKey(blocker) ?? [])));
  }
  const comments = new Map([...(world.comments ?? new Map<number, string[]>())].map(([n, list]) => [n, [...list]]));
  const post = (number: number, text: string) => comments.set(number, [...(comments.get(number) ?? []), text]);
  // As the applier's IssueIndex: a key names the oldest issue carrying it, until a rekey.
  const byKey = new Map<string, MirroredIssue>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) if (!byKey.has(issue.marker.key)) byKey.set(issue.marker.key, issue);
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  for (const op of plan.operations) if (op.kind === "create") byKey.delete(op.key);
  // Keys the plan gives an issue of its own (rekeyed onto one, or created): two would be a duplicate.
  const claimed = new Set<string>();
  let next = Math.max(0, ...issues.map((issue) => issue.number)) + 1;
  const numbers = () => new Map([...byKey].map(([key, issue]) => [key, issue.number]));
  const find = (key: string) => {
    const issue = byKey.get(key);
    if (!issue) throw new Error(`no issue for ${key}`);
    return issue;
  };

  for (const op of plan.operations) {
    switch (op.kind) {
      case "rekey": {
        const issue = byNumber.get(op.number);
        if (!issue) throw new Error(`no issue #${op.number} to rekey`);
        if (claimed.has(op.key)) throw new Error(`${op.key} given two issues`);
        claimed.add(op.key);
        byKey.set(op.key, issue);
        break;
      }
      case "cross-link": {
        const created = find(op.key);
        if (!byNumber.has(op.number)) throw new Error(`no issue #${op.number} to cross-link`);
        // As the applier: a resumed pair's comment is not posted again where one names the other.
        const names = (number: number, other: number) => op.resumed === true && (comments.get(number) ?? []).some((text) => new RegExp(`#${other}(?!\\d)`).test(text));
        if (!names(created.number, op.number)) post(created.number, op.comment);
        if (!names(op.number, created.number)) post(op.number, op.oldComment.split(refToken(op.key)).join(`#${created.number}`));
        break;
      }
      case "ensure-label":
        if (labels.some((l) => l.toLowerCase() === op.name.toLowerCase())) throw new Error(`label ${op.name} exists`);
        labels.push(op.name);
        break;
      case "ensure-milestone":
        if (milestones.includes(op.title)) throw new Error(`milestone ${op.title} exists`);
        milestones.push(op.title);
        break;
      case "create": {
        if (claimed.has(op.key)) throw new Error(`duplicate create of ${op.key}`);
        claimed.add(op.key);
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
        byNumber.set(number, issue);
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
        const issue = byNumber.get(op.number);
        if (!issue) throw new Error(`no issue #${op.number} to close`);
        if (op.comment !== undefined) post(op.number, op.comment);
        issue.state = "closed";
        issue.stateReason = op.reason;
        break;
      }
      case "reopen": {
        const issue = byNumber.get(op.number);
        if (!issue) throw new Error(`no issue #${op.number} to reopen`);
        if (op.comment !== undefined) post(op.number, op.comment);
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
      case "add-blocked-by": {
        const blocked = find(op.key).number;
        links.set(blocked, new Set([...(links.get(blocked) ?? []), find(op.blockerKey).number]));
        break;
      }
      case "remove-blocked-by":
        links.get(find(op.key).number)?.delete(op.blockerNumber ?? find(op.blockerKey).number);
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
  const keyOf = (number: number) => issues.find((issue) => issue.number === number)?.marker.key ?? `#${number}`;
  const blockedBy = new Map([...links].filter(([, set]) => set.size > 0).map(([number, set]) => [keyOf(number), new Set([...set].map(keyOf))]));
  return { issues, documents, labels, milestones, blockedBy, links, comments };
}

export function emptyWorld(documents: Document[]): World {
  return { issues: [], documents, labels: [], milestones: [], blockedBy: new Map() };
}

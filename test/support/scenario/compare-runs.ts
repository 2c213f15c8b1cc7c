import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { BODY_MARKERS } from "../../../src/core/render/body-markers.js";
import { parseMarker } from "../../../src/core/render/marker.js";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";
import type { SnapshotRepo } from "../fake-github/snapshot-state.js";
import type { Scenario, ScenarioStep, ScenarioTask } from "./generate-scenario.js";

/** What a run under faults got wrong, against the fault-free run of the same scenario. All must be 0. */
export interface Divergence {
  /** Issues of one task beyond the reference's count. */
  duplicates: number;
  /** Boxes (file or issue) and done states that differ from the reference. */
  lostTicks: number;
  /** Sub-issue parents and blocked-by links that differ from the reference (missing or extra). */
  links: number;
  /** App issues whose generated block or state marker is malformed, or whose marker differs from the reference's. */
  halfWrittenMarkers: number;
  /** App commits that change anything but box bytes and Status values. */
  nonBoxCommits: number;
  /** Any other difference (file text, titles, states), for the report; counted as a failure too. */
  other: string[];
  /** Each difference found, in words. */
  details: string[];
}

export const emptyDivergence = (): Divergence => ({ duplicates: 0, lostTicks: 0, links: 0, halfWrittenMarkers: 0, nonBoxCommits: 0, other: [], details: [] });

interface IssueView {
  number: number;
  title: string;
  state: string;
  checklist: Record<string, boolean>;
  parent: string | null;
  blockedBy: string[];
  marker: string;
  wellFormed: boolean;
}

function issuesByKey(repo: SnapshotRepo): Map<string, IssueView[]> {
  const keyOf = new Map<number, string>();
  for (const issue of repo.issues) {
    const key = issue.via_app ? parseMarker(issue.body ?? "")?.key : undefined;
    if (key !== undefined) keyOf.set(issue.number, key);
  }
  const ref = (reference: string) => keyOf.get(Number(reference.replace(/^#/, ""))) ?? reference;
  const byKey = new Map<string, IssueView[]>();
  for (const issue of repo.issues) {
    if (!issue.via_app || issue.pull_request) continue;
    const body = issue.body ?? "";
    const marker = parseMarker(body);
    const count = (text: string) => body.split(text).length - 1;
    const key = marker?.key ?? `(no marker) #${issue.number} ${issue.title}`;
    const view: IssueView = {
      number: issue.number,
      title: issue.title,
      state: `${issue.state}/${issue.state_reason ?? ""}`,
      checklist: Object.fromEntries(readIssueChecklist(body).map((item) => [item.key, item.checked])),
      parent: issue.parent === null ? null : ref(issue.parent),
      blockedBy: issue.blocked_by.map(ref).sort(),
      marker: JSON.stringify(marker),
      wellFormed: marker !== null && count(BODY_MARKERS.begin) === 1 && count(BODY_MARKERS.end) === 1 && count(BODY_MARKERS.statePrefix) === 1,
    };
    byKey.set(key, [...(byKey.get(key) ?? []), view]);
  }
  return byKey;
}

function fileBoxes(path: string, text: string): Map<string, boolean> {
  const document = parseDocument(path, text);
  const boxes = new Map<string, boolean>();
  for (const task of document.tasks) {
    boxes.set(`${task.key} status`, task.fields.status === "done");
    for (const item of task.checklist) boxes.set(`${task.key} / ${item.key}`, item.checked);
  }
  return boxes;
}

/**
 * Lines changed by an app commit's patch, paired removed/added: each pair must be the same line
 * but for the bytes between box brackets, or a Status value (a close or reopen by a person).
 */
export function nonBoxChanges(patch: string): string[] {
  const problems: string[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length !== added.length) problems.push(`${removed.length} line(s) replaced by ${added.length}: ${JSON.stringify([...removed, ...added]).slice(0, 200)}`);
    else {
      removed.forEach((before, i) => {
        const after = added[i]!;
        if (/^\*\*Status\*\*:/.test(before) && /^\*\*Status\*\*:/.test(after)) return;
        if (before.length !== after.length) return void problems.push(`${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        for (let at = 0; at < before.length; at++) {
          if (before[at] === after[at]) continue;
          if (before[at - 1] === "[" && before[at + 1] === "]" && " xX-~".includes(before[at]!) && " xX".includes(after[at]!)) continue;
          return void problems.push(`${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
      });
    }
    removed = [];
    added = [];
  };
  for (const line of patch.split("\n")) {
    if (line.startsWith("-")) {
      if (added.length > 0) flush();
      removed.push(line.slice(1));
    } else if (line.startsWith("+")) added.push(line.slice(1));
    else flush();
  }
  flush();
  return problems;
}

/** Compares a run's final repository with the reference (fault-free) run's. */
export function compareRuns(path: string, run: SnapshotRepo, reference: SnapshotRepo): Divergence {
  const out = emptyDivergence();
  const mine = issuesByKey(run);
  const theirs = issuesByKey(reference);
  for (const [key, views] of mine) {
    const expected = theirs.get(key)?.length ?? 0;
    if (views.length > Math.max(1, expected)) {
      out.duplicates += views.length - Math.max(1, expected);
      out.details.push(`duplicate: ${views.length} issues for ${key} (#${views.map((v) => v.number).join(", #")})`);
    }
    for (const view of views) {
      if (!view.wellFormed) {
        out.halfWrittenMarkers += 1;
        out.details.push(`half-written marker on #${view.number} (${key})`);
      }
    }
  }
  for (const [key, views] of theirs) {
    const got = mine.get(key)?.[0];
    const want = views[0]!;
    if (!got) {
      out.other.push(`no issue for ${key}`);
      continue;
    }
    for (const item of new Set([...Object.keys(want.checklist), ...Object.keys(got.checklist)])) {
      if (want.checklist[item] !== got.checklist[item]) {
        out.lostTicks += 1;
        out.details.push(`issue ${key} item ${item}: ${got.checklist[item]} (reference ${want.checklist[item]})`);
      }
    }
    if (got.state !== want.state) {
      out.lostTicks += 1;
      out.details.push(`issue ${key} is ${got.state} (reference ${want.state})`);
    }
    if (got.parent !== want.parent) {
      out.links += 1;
      out.details.push(`issue ${key} has parent ${got.parent} (reference ${want.parent})`);
    }
    const extra = got.blockedBy.filter((b) => !want.blockedBy.includes(b));
    const missing = want.blockedBy.filter((b) => !got.blockedBy.includes(b));
    if (extra.length + missing.length > 0) {
      out.links += extra.length + missing.length;
      out.details.push(`issue ${key} blocked by ${got.blockedBy.join(",")} (reference ${want.blockedBy.join(",")})`);
    }
    if (got.wellFormed && got.marker !== want.marker) {
      out.halfWrittenMarkers += 1;
      out.details.push(`marker of ${key} ${got.marker} (reference ${want.marker})`);
    }
    if (got.title !== want.title) out.other.push(`title of ${key}: ${got.title} (reference ${want.title})`);
  }
  const file = run.files[path] ?? "";
  const referenceFile = reference.files[path] ?? "";
  const boxes = fileBoxes(path, file);
  const referenceBoxes = fileBoxes(path, referenceFile);
  for (const key of new Set([...boxes.keys(), ...referenceBoxes.keys()])) {
    if (boxes.get(key) !== referenceBoxes.get(key)) {
      out.lostTicks += 1;
      out.details.push(`file ${key}: ${boxes.get(key)} (reference ${referenceBoxes.get(key)})`);
    }
  }
  if (out.lostTicks === 0 && file !== referenceFile) out.other.push(`the file differs from the reference's:\n${file}\n--- reference ---\n${referenceFile}`);
  for (const commit of run.commits) {
    if (!/\[bot\]/.test(commit.author)) continue;
    const problems = commit.changes.flatMap((change) => (change.path === path ? nonBoxChanges(change.patch) : [`changes ${change.path}`]));
    if (problems.length > 0) {
      out.nonBoxCommits += 1;
      out.details.push(`commit ${commit.sha.slice(0, 7)} "${commit.message.split("\n")[0]}": ${problems.join("; ")}`);
    }
  }
  out.details.push(...out.other);
  return out;
}

export function addDivergence(total: Divergence, one: Divergence): Divergence {
  return {
    duplicates: total.duplicates + one.duplicates,
    lostTicks: total.lostTicks + one.lostTicks,
    links: total.links + one.links,
    halfWrittenMarkers: total.halfWrittenMarkers + one.halfWrittenMarkers,
    nonBoxCommits: total.nonBoxCommits + one.nonBoxCommits,
    other: [...total.other, ...one.other],
    details: [...total.details, ...one.details],
  };
}

/**
 * The scenario's own answer, independent of any run: each box ends as people last set it and
 * each task closed by a person ends closed (done in the file), reopened ends open — every box
 * and done state has one owner, so nothing else can decide it.
 */
export function modelProblems(path: string, repo: SnapshotRepo, scenario: Scenario, performed: readonly ScenarioStep[]): string[] {
  const boxes = new Map<string, boolean>();
  const done = new Map<string, boolean>();
  const add = (task: ScenarioTask) => {
    done.set(task.id, false);
    for (const item of task.items) boxes.set(item.text, item.checked);
  };
  scenario.tasks.forEach(add);
  for (const step of performed) {
    if (step.kind === "file-add") add(step.task);
    else if (step.kind === "file-set" || step.kind === "issue-set") boxes.set(step.item, step.checked);
    else if (step.kind === "issue-close") done.set(step.task, true);
    else if (step.kind === "issue-reopen") done.set(step.task, false);
  }
  const problems: string[] = [];
  const document = parseDocument(path, repo.files[path] ?? "");
  const issues = issuesByKey(repo);
  for (const [id, closed] of done) {
    const task = document.tasks.find((candidate) => candidate.id === id);
    if (!task) {
      problems.push(`${id} is not in the file`);
      continue;
    }
    if ((task.fields.status === "done") !== closed) problems.push(`file: ${id} status ${task.fields.status} (people left it ${closed ? "closed" : "open"})`);
    for (const item of task.checklist) {
      const want = boxes.get(item.text);
      if (want !== undefined && item.checked !== want) problems.push(`file: ${id} "${item.text}" ${item.checked} (people set ${want})`);
    }
    const issue = issues.get(task.key)?.[0];
    if (!issue) {
      problems.push(`${id} has no issue`);
      continue;
    }
    if (issue.state.startsWith("closed") !== closed) problems.push(`issue of ${id} is ${issue.state} (people left it ${closed ? "closed" : "open"})`);
    for (const item of task.checklist) {
      const want = boxes.get(item.text);
      if (want !== undefined && issue.checklist[item.key] !== want) problems.push(`issue of ${id} "${item.text}" ${issue.checklist[item.key]} (people set ${want})`);
    }
  }
  return problems;
}

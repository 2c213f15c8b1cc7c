import { parseDocumentCached } from "../src/core/markdown/parse-document.js";
import { parseMarker } from "../src/core/render/marker.js";
import { readIssueChecklist, type IssueChecklistItem } from "../src/core/render/read-issue-checklist.js";
import type { SnapshotIssue, SnapshotRepo } from "../test/support/fake-github/snapshot-state.js";

export interface RoundTrip {
  issue: SnapshotIssue;
  /** The document the issue mirrors a task of, and the task's key. */
  path: string;
  key: string;
  /** Ticked in the issue by a person. */
  inIssue: IssueChecklistItem;
  /** Ticked in the file by a push. */
  inFile: IssueChecklistItem;
}

/**
 * An open mirrored issue with two unticked checklist items that its document still holds
 * unticked: one to tick in the issue, one in the file. Items are matched by key, as the app
 * matches them, so the demo ticks exactly what a person would see. Of those, the one with the
 * shortest checklist (then the lowest number), so the printed checklist stays readable.
 */
export function pickRoundTrip(repo: SnapshotRepo): RoundTrip | undefined {
  let best: { trip: RoundTrip; size: number } | undefined;
  for (const issue of repo.issues) {
    if (issue.pull_request || issue.state !== "open" || issue.body === null) continue;
    const marker = parseMarker(issue.body);
    const text = marker ? repo.files[marker.path] : undefined;
    if (!marker || text === undefined) continue;
    const checklist = readIssueChecklist(issue.body);
    if (best && checklist.length >= best.size) continue;
    const task = parseDocumentCached(marker.path, text).tasks.find((t) => t.key === marker.key);
    if (!task) continue;
    const open = checklist.filter((item) => !item.checked);
    const openInFile = new Set(task.checklist.filter((item) => !item.checked).map((item) => item.key));
    const [first, second] = open.filter((item) => openInFile.has(item.key));
    if (first && second) best = { trip: { issue, path: marker.path, key: marker.key, inIssue: first, inFile: second }, size: checklist.length };
  }
  return best?.trip;
}

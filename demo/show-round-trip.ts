import type { Item } from "../src/core/model/types.js";
import { parseDocument } from "../src/core/markdown/parse-document.js";
import { spliceCheckboxes } from "../src/core/markdown/splice-checkboxes.js";
import { readIssueChecklist } from "../src/core/render/read-issue-checklist.js";
import type { DemoRepo } from "./demo-repo.js";
import { heading } from "./heading.js";
import { pickRoundTrip } from "./pick-round-trip.js";

/**
 * Issue 4's round trip: a person ticks a box in an issue (a signed `issues.edited`), the app
 * commits it to the document; then a person ticks another item of that task in the file (a
 * push), the app ticks it in the issue. Returns false when either tick did not arrive.
 */
export async function showRoundTrip(repo: DemoRepo): Promise<boolean> {
  console.log(heading("1. Round trip: a tick in the issue, a tick in the file"));
  const before = await repo.state();
  const trip = pickRoundTrip(before);
  if (!trip) {
    console.log("No open issue has two unticked checklist items: nothing to tick.");
    return true;
  }
  const { issue, path, inIssue, inFile } = trip;
  console.log(`Issue #${issue.number} "${issue.title}" mirrors ${trip.key} in ${path}.`);

  console.log(`\n${repo.owner} ticks "${inIssue.text}" in the issue (issues.edited)…`);
  const body = issue.body!;
  const ticked = `${body.slice(0, inIssue.offset)}x${body.slice(inIssue.offset + 1)}`;
  const known = new Set(before.commits.map((c) => c.sha));
  await repo.github.editIssue({ owner: repo.owner, repo: repo.name, number: issue.number, body: ticked, sender: repo.owner });
  await repo.settle();
  const afterTick = await repo.state();
  const added = afterTick.commits.filter((c) => !known.has(c.sha));
  if (added.length === 0) console.log("✗ The app made no commit.");
  for (const commit of added) {
    console.log(`\nThe app committed ${commit.sha.slice(0, 7)} (${commit.author}):\n`);
    console.log(indent(commit.message));
    for (const change of commit.changes) console.log(`\n${indent(`--- a/${change.path}\n+++ b/${change.path}\n${change.patch}`)}`);
  }

  console.log(`\n${repo.owner} ticks "${inFile.text}" in ${path} and pushes…`);
  const file = afterTick.files[path] ?? "";
  const box = itemsOf(path, file, trip.key).find((item) => item.key === inFile.key);
  if (!box) {
    console.log(`✗ ${path} no longer holds "${inFile.text}".`);
    return false;
  }
  await repo.github.push({
    owner: repo.owner,
    repo: repo.name,
    files: { [path]: spliceCheckboxes(file, [{ offset: box.offset, checked: true }]) },
    message: `Tick "${inFile.text}"`,
  });
  await repo.settle();
  const after = await repo.state();
  const now = after.issues.find((i) => i.number === issue.number)!;
  console.log(`\nThe checklist of #${issue.number} afterwards:\n`);
  const checklist = readIssueChecklist(now.body ?? "");
  let section: string | undefined;
  for (const item of checklist) {
    if (item.section !== section && item.section !== undefined) console.log(`  ${item.section}`);
    section = item.section;
    const why = item.key === inIssue.key ? "   ← ticked in the issue" : item.key === inFile.key ? "   ← ticked in the file" : "";
    console.log(`  - [${item.checked ? "x" : " "}] ${item.text}${why}`);
  }
  const inDocument = itemsOf(path, after.files[path] ?? "", trip.key);
  const bothInFile = [inIssue.key, inFile.key].every((key) => inDocument.find((item) => item.key === key)?.checked === true);
  if (!bothInFile) console.log(`✗ ${path} does not hold both ticks.`);
  const bothInIssue = [inIssue.key, inFile.key].every((key) => checklist.find((item) => item.key === key)?.checked === true);
  if (!bothInIssue) console.log("✗ The issue does not show both ticks.");
  return bothInFile && bothInIssue;
}

function itemsOf(path: string, text: string, key: string): Item[] {
  return parseDocument(path, text).tasks.find((task) => task.key === key)?.checklist ?? [];
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

import type { DemoRepo } from "./demo-repo.js";
import { heading } from "./heading.js";

/**
 * Issue 12's board → file direction: a person with write permission moves an open issue's item
 * to Done on the organization's board (a signed `projects_v2_item.edited`); the app closes the
 * issue and commits the task done into its document. Returns false when no commit came.
 */
export async function showBoardMove(repo: DemoRepo, project: number): Promise<boolean> {
  console.log(heading("2. The board: an item moved to Done becomes a commit"));
  const before = await repo.state();
  const board = await repo.github.project(repo.owner, project);
  const open = new Map(before.issues.filter((issue) => issue.state === "open" && !issue.pull_request).map((issue) => [`${repo.owner}/${repo.name}#${issue.number}`, issue]));
  const item = board.items.find((candidate) => open.has(candidate.content) && candidate.values.Status !== "Done");
  if (!item) {
    console.log("No open item on the board: nothing to move.");
    return true;
  }
  const issue = open.get(item.content)!;
  await repo.github.setPermission(repo.owner, repo.name, "alice", "write");
  console.log(`alice (write permission) moves #${issue.number} "${issue.title}" from ${item.values.Status} to Done on the board…`);
  const known = new Set(before.commits.map((commit) => commit.sha));
  await repo.github.setProjectItemField({ owner: repo.owner, project, repo: `${repo.owner}/${repo.name}`, issue: issue.number, field: "Status", value: "Done", sender: "alice" });
  await repo.settle();
  const after = await repo.state();
  const added = after.commits.filter((commit) => !known.has(commit.sha));
  if (added.length === 0) {
    console.log("✗ The app made no commit.");
    return false;
  }
  for (const commit of added) {
    console.log(`\nThe app committed ${commit.sha.slice(0, 7)} (${commit.author}):\n`);
    console.log(indent(commit.message));
    for (const change of commit.changes) console.log(`\n${indent(`--- a/${change.path}\n+++ b/${change.path}\n${change.patch}`)}`);
  }
  const now = after.issues.find((candidate) => candidate.number === issue.number)!;
  console.log(`\n#${issue.number} is ${now.state}${now.state_reason ? ` (${now.state_reason})` : ""}.`);
  return now.state === "closed";
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

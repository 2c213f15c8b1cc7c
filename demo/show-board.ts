import type { DemoRepo } from "./demo-repo.js";

/** Fields every item has that follow the issue itself: not what the board tour is about. */
const BUILT_IN = new Set(["Title", "Assignees", "Labels", "Repository", "Milestone", "Linked pull requests", "Reviewers", "Parent issue", "Sub-issues progress"]);

const SHOWN = 12;

/** The project's items as a board shows them: each issue with its field values. */
export async function showBoard(repo: DemoRepo, project: number): Promise<void> {
  const board = await repo.github.project(repo.owner, project);
  const issues = new Map((await repo.state()).issues.map((issue) => [`${repo.owner}/${repo.name}#${issue.number}`, issue]));
  // A dozen items make the point; the richest first (the seed documents' TASK-nnn carry every field).
  const shown = [...board.items].sort((a, b) => Object.keys(b.values).length - Object.keys(a.values).length).slice(0, SHOWN);
  console.log(`Project "${board.title}": ${board.items.length} items; ${shown.length} of them:\n`);
  for (const item of shown) {
    const issue = issues.get(item.content);
    const values = Object.entries(item.values)
      .filter(([field]) => !BUILT_IN.has(field))
      .map(([field, value]) => `${field}: ${value}`);
    console.log(`  ${item.content.replace(/^.*#/, "#").padEnd(4)} ${(issue?.title ?? "").slice(0, 60)}`);
    console.log(`       ${values.join(" · ")}`);
  }
}

import { BROKEN_DOCUMENT } from "./broken-document.js";
import type { DemoRepo } from "./demo-repo.js";
import { heading } from "./heading.js";

const BRANCH = "docs/user-guide";
const PREVIEW_HEADING = "### What merging does to the issues";

interface Annotation {
  path: string;
  start_line: number;
  annotation_level: string;
  title: string;
  message: string;
}

/**
 * Issue 5's check run: a branch adds a task document with a duplicate id, an unknown dependency,
 * a malformed checkbox and a placeholder; a pull request opens; the app posts a check run named
 * `taskmirror`. Returns false when no such check run was posted.
 */
export async function showPullRequestCheck(repo: DemoRepo): Promise<boolean> {
  console.log(heading("3. A pull request with a broken task document"));
  const { path, text } = BROKEN_DOCUMENT;
  console.log(`Branch ${BRANCH} adds ${path}:\n`);
  text
    .replace(/\n$/, "")
    .split("\n")
    .forEach((line, index) => console.log(`  ${String(index + 1).padStart(3)}  ${line}`));

  await repo.github.push({ owner: repo.owner, repo: repo.name, branch: BRANCH, files: { [path]: text }, message: "Add the user guide's tasks" });
  await repo.settle();
  const number = await repo.github.openPullRequest({ owner: repo.owner, repo: repo.name, head: BRANCH, title: "Plan the user guide" });
  await repo.settle();

  const state = await repo.state();
  const head = state.pulls.find((pull) => pull.number === number)?.head_sha;
  const run = state.check_runs.filter((r) => r.head_sha === head && r.name === "taskmirror").at(-1);
  console.log(`\nPull request #${number} opened; the check run "taskmirror":\n`);
  if (!run) {
    console.log("✗ The app posted no check run.");
    return false;
  }
  console.log(`  title:      ${run.title ?? ""}`);
  console.log(`  status:     ${run.status}, conclusion: ${run.conclusion ?? "none"}`);
  console.log(`  annotations (${run.annotations.length}):`);
  for (const a of run.annotations as Annotation[]) {
    console.log(`    ${a.path}:${a.start_line} ${a.annotation_level} ${a.title} — ${a.message.replace(/\s+/g, " ")}`);
  }
  const elsewhere = (run.text ?? "").split("\n").filter((line) => line.startsWith("- `")).length;
  if (elsewhere > 0) console.log(`    (and ${elsewhere} in files the pull request does not change: listed in the run's text, not annotated)`);
  const summary = run.summary ?? "";
  const at = summary.indexOf(PREVIEW_HEADING);
  console.log("\n  plan preview:");
  console.log(
    (at < 0 ? summary : summary.slice(at + PREVIEW_HEADING.length))
      .trim()
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n"),
  );
  return true;
}

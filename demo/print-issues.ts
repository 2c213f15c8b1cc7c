import type { SnapshotRepo } from "../test/support/fake-github/snapshot-state.js";

/** One entry per mirrored issue: number, title, labels, hierarchy, dependencies, closed state. */
export function printIssues(repo: SnapshotRepo): void {
  for (const issue of repo.issues.filter((i) => !i.pull_request)) {
    const extra = [
      issue.parent ? `parent ${issue.parent}` : "",
      issue.blocked_by.length ? `blocked by ${issue.blocked_by.join(", ")}` : "",
      issue.state === "closed" ? `closed (${issue.state_reason})` : "",
    ].filter(Boolean);
    console.log(`#${String(issue.number).padEnd(3)} ${issue.title}`);
    console.log(`     labels: ${issue.labels.join(", ")}${extra.length ? `\n     ${extra.join("; ")}` : ""}`);
  }
}

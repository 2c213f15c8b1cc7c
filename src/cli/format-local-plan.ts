import type { Config } from "../core/config/schema.js";
import type { Diagnostic, Document } from "../core/model/types.js";
import { planSync } from "../core/plan/plan-sync.js";
import type { Operation } from "../core/plan/types.js";
import { resolveRefs } from "../core/render/refs.js";

/** Where permalinks point when there is no repository: the reader sees the path and lines. */
const LOCAL_SOURCE = { serverUrl: "https://github.com", owner: "OWNER", repo: "REPO", sha: "HEAD" };

interface LocalIssue {
  key: string;
  title: string;
  labels: string[];
  assignees: string[];
  milestone: string | null;
  parent: string | null;
  blockedBy: string[];
  closed: "completed" | "not_planned" | null;
  body: string;
}

/**
 * `taskmirror plan`: the issues the documents would become in a repository that has none yet —
 * the same planner the app runs, rendered without issue numbers.
 */
export function formatLocalPlan(documents: Document[], config: Config, diagnostics: Diagnostic[], json: boolean): string {
  const plan = planSync({ documents, issues: [], config, source: LOCAL_SOURCE, diagnostics });
  const issues = localIssues(plan.operations);
  if (json) return `${JSON.stringify({ issues, labels: labelsOf(plan.operations), notes: plan.notes }, null, 2)}\n`;
  const out: string[] = [];
  for (const issue of issues) {
    out.push(`━━ ${issue.title}`);
    out.push(`   key:        ${issue.key}`);
    out.push(`   labels:     ${issue.labels.join(", ") || "—"}`);
    if (issue.assignees.length > 0) out.push(`   assignees:  ${issue.assignees.join(", ")}`);
    if (issue.milestone !== null) out.push(`   milestone:  ${issue.milestone}`);
    out.push(`   parent:     ${issue.parent ?? "—"}`);
    out.push(`   blocked by: ${issue.blockedBy.join(", ") || "—"}`);
    if (issue.closed !== null) out.push(`   state:      closed (${issue.closed.replace("_", " ")})`);
    out.push("", ...issue.body.split("\n").map((line) => `   │ ${line}`.trimEnd()), "");
  }
  for (const note of plan.notes) out.push(`note: ${note.path}:${note.line}: ${note.message} (${note.code})`);
  const closed = issues.filter((i) => i.closed !== null).length;
  out.push(`${issues.length} issue${issues.length === 1 ? "" : "s"} (${closed} created closed), ${labelsOf(plan.operations).length} labels.`);
  return `${out.join("\n")}\n`;
}

function localIssues(operations: Operation[]): LocalIssue[] {
  const parents = new Map<string, string>();
  const blockers = new Map<string, string[]>();
  for (const op of operations) {
    if (op.kind === "link-parent") parents.set(op.key, op.parentKey);
    if (op.kind === "add-blocked-by") blockers.set(op.key, [...(blockers.get(op.key) ?? []), op.blockerKey]);
  }
  const none = new Map<string, number>();
  return operations.flatMap((op) =>
    op.kind === "create"
      ? [
          {
            key: op.key,
            title: op.content.title,
            labels: op.content.labels,
            assignees: op.content.assignees,
            milestone: op.content.milestone,
            parent: parents.get(op.key) ?? null,
            blockedBy: blockers.get(op.key) ?? [],
            closed: op.close ?? null,
            body: resolveRefs(op.content.body, none),
          },
        ]
      : [],
  );
}

function labelsOf(operations: Operation[]): string[] {
  return operations.flatMap((op) => (op.kind === "ensure-label" ? [op.name] : []));
}

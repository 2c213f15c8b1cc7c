import { CHECK_RUN_TEXT_MAX } from "../limits.js";
import type { MirroredIssue, Operation, Plan } from "../plan/types.js";
import { codeSpan } from "./code-span.js";
import { cutText } from "./cut-text.js";

export interface RenderPlanOptions {
  /** `text` for the CLI, `markdown` for the check-run preview. */
  format: "text" | "markdown";
  /** The mirrored issues the plan was made against: numbers and titles of the rows. */
  issues?: MirroredIssue[];
  /** Upper bound of the output; default CHECK_RUN_TEXT_MAX. Rows that do not fit are counted in a note. */
  maxChars?: number;
}

interface Row {
  action: string;
  key: string;
  issue: string;
  title: string;
}

/**
 * The plan as people read it: counts first, then one row per issue and action — create,
 * update (fields), close (completed / not planned), reopen, relink (parent, blocked-by), write
 * back (a tick going to the file) — with the key, the issue number or "new", and the title.
 */
export function renderPlan(plan: Plan, options: RenderPlanOptions): string {
  const max = options.maxChars ?? CHECK_RUN_TEXT_MAX;
  const markdown = options.format === "markdown";
  const rows = planRows(plan, options.issues ?? []);
  const header = summaryLine(plan, markdown);
  const extras = extraLines(plan, markdown);

  const head: string[] = [header];
  if (rows.length > 0) {
    head.push("");
    if (markdown) head.push("| Action | Task | Issue | Title |", "| --- | --- | --- | --- |");
  }
  const widths = textWidths(rows);
  const body = rows.map((row) => (markdown ? markdownRow(row) : textRow(row, widths)));
  if (extras.length > 0) body.push("", ...extras);

  // Whole lines only, and room kept for the line that says how much was left out.
  let length = head.join("\n").length;
  let shown = 0;
  for (const line of body) {
    const reserve = shown + 1 < body.length ? OMITTED_NOTE_RESERVE : 0;
    if (length + 1 + line.length + reserve > max) break;
    length += 1 + line.length;
    shown++;
  }
  const lines = [...head, ...body.slice(0, shown)];
  const omittedRows = rows.length - Math.min(shown, rows.length);
  const omittedOther = body.length - shown - omittedRows;
  if (omittedRows > 0) {
    lines.push("", `… ${omittedRows} more ${omittedRows === 1 ? "row" : "rows"} not shown (the plan has ${plan.operations.length} operations).`);
  } else if (omittedOther > 0) {
    lines.push(`… ${omittedOther} more ${omittedOther === 1 ? "line" : "lines"} not shown.`);
  }
  return cutText(lines.join("\n"), max);
}

const OMITTED_NOTE_RESERVE = 120;

function summaryLine(plan: Plan, markdown: boolean): string {
  const count = (kinds: Operation["kind"][]) => plan.operations.filter((op) => kinds.includes(op.kind)).length;
  const relinked = new Set(
    plan.operations
      .filter((op) => ["link-parent", "unlink-parent", "add-blocked-by", "remove-blocked-by"].includes(op.kind))
      .map((op) => ("key" in op ? op.key : "")),
  ).size;
  const parts: [number, string, string][] = [
    [count(["create"]), "to create", "to create"],
    [count(["update"]), "to update", "to update"],
    [count(["close"]), "to close", "to close"],
    [count(["reopen"]), "to reopen", "to reopen"],
    [relinked, "to relink", "to relink"],
    [count(["toggle-file"]), "tick to write back to a file", "ticks to write back to files"],
    [count(["ensure-label"]), "label to create", "labels to create"],
    [count(["ensure-milestone"]), "milestone to create", "milestones to create"],
  ];
  const shown = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const label = markdown ? "**Plan:**" : "Plan:";
  const notes = plan.notes.length > 0 ? ` ${plan.notes.length} ${plan.notes.length === 1 ? "note" : "notes"}.` : "";
  if (shown.length === 0) return `${label} no changes: the issues are in step with the documents.${notes}`;
  return `${label} ${shown.join(", ")}.${notes}`;
}

function planRows(plan: Plan, issues: MirroredIssue[]): Row[] {
  const issueOf = new Map(issues.map((issue) => [issue.marker.key, issue]));
  const createdTitle = new Map<string, string>();
  for (const op of plan.operations) if (op.kind === "create") createdTitle.set(op.key, op.content.title);
  const numberOf = (key: string) => {
    const issue = issueOf.get(key);
    return issue ? `#${issue.number}` : createdTitle.has(key) ? "new" : "?";
  };
  const titleOf = (key: string) => createdTitle.get(key) ?? issueOf.get(key)?.title ?? "";

  const rows: Row[] = [];
  const relinks = new Map<string, Row>();
  for (const op of plan.operations) {
    switch (op.kind) {
      case "ensure-label":
      case "ensure-milestone":
        break;
      case "create":
        rows.push({ action: op.close ? `create (closed: ${reasonText(op.close)})` : "create", key: op.key, issue: "new", title: op.content.title });
        break;
      case "update":
        rows.push({ action: `update (${op.fields.join(", ")})`, key: op.key, issue: `#${op.number}`, title: op.changes.title ?? titleOf(op.key) });
        break;
      case "close":
        rows.push({ action: `close (${reasonText(op.reason)})`, key: op.key, issue: `#${op.number}`, title: titleOf(op.key) });
        break;
      case "reopen":
        rows.push({ action: "reopen", key: op.key, issue: `#${op.number}`, title: titleOf(op.key) });
        break;
      case "link-parent":
      case "unlink-parent":
      case "add-blocked-by":
      case "remove-blocked-by": {
        const what = op.kind === "link-parent" || op.kind === "unlink-parent" ? "parent" : "blocked-by";
        const row = relinks.get(op.key);
        if (!row) {
          const created = { action: `relink (${what})`, key: op.key, issue: numberOf(op.key), title: titleOf(op.key) };
          relinks.set(op.key, created);
          rows.push(created);
        } else if (!row.action.includes(what)) {
          row.action = "relink (parent, blocked-by)";
        }
        break;
      }
      case "toggle-file":
        rows.push({
          action: `write back (${op.checked ? "tick" : "untick"} ${op.itemKey === "" ? "task" : `“${cutText(op.itemKey, 60)}”`} in ${op.path})`,
          key: op.key,
          issue: numberOf(op.key),
          title: titleOf(op.key),
        });
        break;
    }
  }
  return rows;
}

function extraLines(plan: Plan, markdown: boolean): string[] {
  const labels = plan.operations.flatMap((op) => (op.kind === "ensure-label" ? [op.name] : []));
  const milestones = plan.operations.flatMap((op) => (op.kind === "ensure-milestone" ? [op.title] : []));
  const name = (text: string) => (markdown ? codeSpan(text) : text);
  const lines: string[] = [];
  if (labels.length > 0) lines.push(`Labels to create: ${labels.map(name).join(", ")}`);
  if (milestones.length > 0) lines.push(`Milestones to create: ${milestones.map(name).join(", ")}`);
  if (plan.notes.length > 0) lines.push("Notes:");
  for (const note of plan.notes) {
    lines.push(`${markdown ? "- " : "  "}${note.path}:${note.line} ${note.message}`);
  }
  return lines;
}

function reasonText(reason: "completed" | "not_planned"): string {
  return reason === "completed" ? "completed" : "not planned";
}

function markdownRow(row: Row): string {
  const cell = (text: string) => text.replace(/\s+/g, " ").replace(/</g, "&lt;").replace(/\|/g, "\\|");
  return `| ${cell(row.action)} | ${cell(codeSpan(row.key))} | ${cell(row.issue)} | ${cell(row.title)} |`;
}

interface Widths {
  action: number;
  key: number;
  issue: number;
}

function textWidths(rows: Row[]): Widths {
  const widest = (pick: (r: Row) => string, cap: number) => Math.min(cap, rows.reduce((w, r) => Math.max(w, pick(r).length), 0));
  return { action: widest((r) => r.action, 60), key: widest((r) => r.key, 40), issue: widest((r) => r.issue, 8) };
}

function textRow(row: Row, widths: Widths): string {
  return [row.action.padEnd(widths.action), row.key.padEnd(widths.key), row.issue.padEnd(widths.issue), row.title]
    .join("  ")
    .trimEnd();
}

import { CHECK_RUN_TEXT_MAX } from "../limits.js";
import { issuesByPlanKey } from "../plan/issues-by-plan-key.js";
import type { MirroredIssue, Operation, Plan } from "../plan/types.js";
import { displayKey } from "../validate/create-validation-context.js";
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
 * back (a tick going to the file), cross-link — with the key, the issue number or "new", and
 * the title; then the tasks kept under new keys (a moved document as one line), the labels and
 * milestones to create, and the planner's notes.
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
    [plan.operations.filter((op) => op.kind === "rekey" && op.reason !== "kept").length, "to keep under a new key", "to keep under new keys"],
    [count(["update"]), "to update", "to update"],
    [count(["close"]), "to close", "to close"],
    [count(["reopen"]), "to reopen", "to reopen"],
    [relinked, "to relink", "to relink"],
    [count(["toggle-file"]), "tick to write back to a file", "ticks to write back to files"],
    [count(["cross-link"]), "pair of issues to cross-link", "pairs of issues to cross-link"],
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
  const issueOf = issuesByPlanKey(issues, plan.operations);
  const createdTitle = new Map<string, string>();
  for (const op of plan.operations) if (op.kind === "create") createdTitle.set(op.key, op.content.title);
  const numberOf = (key: string) => {
    const issue = issueOf.get(key);
    return issue ? `#${issue.number}` : createdTitle.has(key) ? "new" : "?";
  };
  const titleOf = (key: string) => createdTitle.get(key) ?? issueOf.get(key)?.title ?? "";
  // An operation on a listed issue names it by number too: its title is that issue's, even when
  // the plan gives its old key to a new issue.
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  const titleAt = (number: number, key: string) => byNumber.get(number)?.title ?? titleOf(key);

  const rows: Row[] = [];
  const relinks = new Map<string, Row>();
  for (const op of plan.operations) {
    switch (op.kind) {
      case "rekey":
      case "ensure-label":
      case "ensure-milestone":
        break;
      case "cross-link":
        rows.push({ action: `cross-link (with #${op.number})`, key: op.key, issue: numberOf(op.key), title: titleOf(op.key) });
        break;
      case "create":
        rows.push({ action: op.close ? `create (closed: ${reasonText(op.close)})` : "create", key: op.key, issue: "new", title: op.content.title });
        break;
      case "update":
        rows.push({ action: `update (${op.fields.join(", ")})`, key: op.key, issue: `#${op.number}`, title: op.changes.title ?? titleAt(op.number, op.key) });
        break;
      case "close":
        rows.push({ action: `close (${reasonText(op.reason)})`, key: op.key, issue: `#${op.number}`, title: titleAt(op.number, op.key) });
        break;
      case "reopen":
        rows.push({ action: "reopen", key: op.key, issue: `#${op.number}`, title: titleAt(op.number, op.key) });
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
  const lines: string[] = rekeyLines(plan, markdown);
  if (labels.length > 0) lines.push(`Labels to create: ${labels.map(name).join(", ")}`);
  if (milestones.length > 0) lines.push(`Milestones to create: ${milestones.map(name).join(", ")}`);
  if (plan.notes.length > 0) lines.push("Notes:");
  for (const note of plan.notes) {
    lines.push(`${markdown ? "- " : "  "}${note.path}:${note.line} ${note.message}`);
  }
  return lines;
}

/**
 * The tasks the plan keeps under new keys, as people name the edit: a renumbered or reworded
 * task, a migrated id, a task moved to another document one line each; a moved document one
 * line for all its tasks.
 */
function rekeyLines(plan: Plan, markdown: boolean): string[] {
  const name = (text: string) => (markdown ? codeSpan(text) : text);
  const bullet = markdown ? "- " : "  ";
  const moves = new Map<string, { from: string; to: string; numbers: number[] }>();
  const lines: string[] = [];
  for (const op of plan.operations) {
    if (op.kind !== "rekey" || op.reason === "kept") continue;
    const from = name(displayKey(op.from, op.fromPath));
    const to = name(displayKey(op.key, op.path));
    switch (op.reason) {
      case "document-moved": {
        const id = `${op.fromPath}\u0000${op.path}`;
        const move = moves.get(id) ?? { from: op.fromPath, to: op.path, numbers: [] };
        move.numbers.push(op.number);
        if (!moves.has(id)) {
          moves.set(id, move);
          lines.push(id);
        }
        break;
      }
      case "moved":
        lines.push(`${bullet}${from} in ${name(op.fromPath)} → ${to} in ${name(op.path)} (moved; keeps #${op.number})`);
        break;
      case "migrated":
        lines.push(`${bullet}${from} → ${to} (id migrated; keeps #${op.number})`);
        break;
      default:
        lines.push(`${bullet}${from} → ${to} (${op.reason}; keeps #${op.number})`);
    }
  }
  if (lines.length === 0) return [];
  return [
    "Tasks kept under new keys:",
    ...lines.map((line) => {
      const move = moves.get(line);
      if (!move) return line;
      const n = move.numbers.length;
      const kept = n === 1 ? `1 task keeps its issue, #${move.numbers[0]}` : `${n} tasks keep their issues`;
      return `${bullet}${name(move.from)} → ${name(move.to)} (moved; ${kept})`;
    }),
  ];
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

import { CONFIG_PATH } from "../config/parse-config.js";
import { CHECK_RUN_TEXT_MAX } from "../limits.js";
import type { Diagnostic, Severity } from "../model/types.js";
import type { MirroredIssue, Operation, Plan } from "../plan/types.js";
import { codeSpan } from "../render/code-span.js";
import { renderPlan } from "../render/render-plan.js";
import { displayKey } from "../validate/create-validation-context.js";
import { summarize } from "../validate/summarize.js";
import { cutAtLine } from "./cut-at-line.js";
import type { Renumbering } from "./detect-renumbered.js";
import type { CheckOutput } from "./types.js";

export interface CheckOutputInput {
  /** Every diagnostic of the run, sorted: documents at the head, renumbering, the config. */
  diagnostics: readonly Diagnostic[];
  /** Those on files the pull request does not change (counted and listed, not annotated). */
  unannotated: readonly Diagnostic[];
  /** What merging would do to the issues; null when the config is invalid (nothing would sync). */
  plan: Plan | null;
  /** The mirrored issues the plan was made against. */
  issues: readonly MirroredIssue[];
  renumbered: readonly Renumbering[];
  documents: { checked: number; changed: number };
  /** Upper bound of the summary and of the text; GitHub's limit by default. */
  maxChars?: number;
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];
/** Renumbered tasks listed one by one in the summary; all of them are annotated anyway. */
const RENUMBERED_LISTED_MAX = 20;

/**
 * The check run's title, summary and text. Title: the counts and what merging does, e.g.
 * "2 errors, 3 warnings — merging creates 4 issues, closes 1", the problems of files the pull
 * request does not change counted apart so they do not drown its own. Summary: counts by severity and
 * rule, renumbered tasks called out, then the plan preview. Text: the problems on files the
 * pull request does not change, which have no annotation to show them. Summary and text stay
 * within GitHub's 65,535 characters, cut after a whole line with a note.
 */
export function renderCheckOutput(input: CheckOutputInput): CheckOutput {
  const max = input.maxChars ?? CHECK_RUN_TEXT_MAX;
  const preview = input.plan ? previewPlan(input.plan) : null;
  const title = `${titleCounts(input)} — ${effects(preview)}`;

  const head = [...problemLines(input), ...renumberedLines(input.renumbered), "", "### What merging does to the issues", ""];
  const headText = head.join("\n");
  let summary: string;
  if (preview) {
    // The preview gets the room the rest leaves; the whole is cut again below in case the rest
    // alone is too long.
    const room = Math.max(0, max - headText.length - 1);
    summary = `${headText}\n${renderPlan(preview, { format: "markdown", issues: [...input.issues], maxChars: room })}`;
  } else {
    summary = `${headText}\nNothing: merging syncs no issue until \`${CONFIG_PATH}\` is valid.`;
  }
  const output: CheckOutput = { title, summary: cutAtLine(summary, max, (n) => cutNote(n, "summary")) };
  if (input.unannotated.length > 0) output.text = cutAtLine(unannotatedText(input.unannotated), max, (n) => cutNote(n, "text"));
  return output;
}

/**
 * The plan as the preview shows it: labels and milestones the sync would create are not
 * changes to issues, and listing them would need another request per check run.
 */
function previewPlan(plan: Plan): Plan {
  return { ...plan, operations: plan.operations.filter((op) => op.kind !== "ensure-label" && op.kind !== "ensure-milestone") };
}

function titleCounts({ diagnostics, unannotated }: CheckOutputInput): string {
  if (unannotated.length === 0) return problemCounts(diagnostics);
  const elsewhere = new Set(unannotated);
  const own = problemCounts(diagnostics.filter((d) => !elsewhere.has(d)));
  return `${own} in changed files, ${problemCounts(unannotated).toLowerCase()} elsewhere`;
}

function problemCounts(diagnostics: readonly Diagnostic[]): string {
  const { bySeverity } = summarize(diagnostics);
  const parts = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => plural(bySeverity[s], s));
  return parts.length > 0 ? parts.join(", ") : "No problems";
}

function effects(plan: Plan | null): string {
  if (!plan) return "nothing syncs until the configuration is fixed";
  const count = (kind: Operation["kind"]) => plan.operations.filter((op) => op.kind === kind).length;
  const relinked = new Set(
    plan.operations.flatMap((op) =>
      op.kind === "link-parent" || op.kind === "unlink-parent" || op.kind === "add-blocked-by" || op.kind === "remove-blocked-by" ? [op.key] : [],
    ),
  ).size;
  const verbs = [
    [count("create"), "creates"],
    [count("update"), "updates"],
    [count("close"), "closes"],
    [count("reopen"), "reopens"],
    [relinked, "relinks"],
  ] as const;
  const parts = verbs.filter(([n]) => n > 0).map(([n, verb], i) => (i === 0 ? `${verb} ${plural(n, "issue")}` : `${verb} ${n}`));
  const ticks = count("toggle-file");
  if (ticks > 0) parts.push(`writes ${plural(ticks, "tick")} back to files`);
  return parts.length > 0 ? `merging ${parts.join(", ")}` : "merging changes no issues";
}

function problemLines({ diagnostics, unannotated, documents, plan }: CheckOutputInput): string[] {
  const scope = `${plural(documents.checked, "task document")} checked, ${documents.changed} changed by this pull request`;
  const lines: string[] = [];
  if (!plan) {
    lines.push(
      `> [!CAUTION]`,
      `> \`${CONFIG_PATH}\` is not valid (see its annotations): the documents were checked with the default configuration, and nothing will be synced until it is fixed.`,
      "",
    );
  }
  if (diagnostics.length === 0) return [...lines, `**No problems** (${scope}).`];
  const summary = summarize(diagnostics);
  lines.push(`**${problemCounts(diagnostics)}** (${scope}).`, "", "| Rule | Severity | Count |", "| --- | --- | --- |");
  for (const rule of summary.byRule) {
    const severities = SEVERITIES.filter((s) => rule.bySeverity[s] > 0).join(", ");
    lines.push(`| ${cell(rule.title)} (\`${rule.code}\`) | ${severities} | ${rule.count} |`);
  }
  if (unannotated.length > 0) {
    const are = unannotated.length === 1 ? "1 of them is" : `${unannotated.length} of them are`;
    lines.push("", `${are} in files this pull request does not change: listed below, not annotated.`);
  }
  return lines;
}

function renumberedLines(renumbered: readonly Renumbering[]): string[] {
  if (renumbered.length === 0) return [];
  const lines = [
    "",
    "> [!WARNING]",
    renumbered.length === 1
      ? "> **1 renumbered task**: merging closes its issue as not planned and opens a new one, losing the old issue's history."
      : `> **${renumbered.length} renumbered tasks**: merging closes their issues as not planned and opens new ones, losing the old issues' history.`,
  ];
  for (const r of renumbered.slice(0, RENUMBERED_LISTED_MAX)) {
    lines.push(`> - ${codeSpan(displayKey(r.key, r.path))} (${cell(r.path)}:${r.line}) was ${codeSpan(displayKey(r.oldKey, r.path))}: closes #${r.number}`);
  }
  const more = renumbered.length - RENUMBERED_LISTED_MAX;
  if (more > 0) lines.push(`> - … and ${more} more (see the annotations)`);
  return lines;
}

function unannotatedText(diagnostics: readonly Diagnostic[]): string {
  const lines = ["### Problems in files this pull request does not change", ""];
  for (const d of diagnostics) {
    lines.push(`- ${codeSpan(`${d.path}:${d.line}:${d.column}`)} ${d.severity} \`${d.code}\`: ${d.message.replace(/\s+/g, " ")}`);
  }
  return lines.join("\n");
}

function cutNote(omittedLines: number, part: "summary" | "text"): string {
  return `… ${plural(omittedLines, "more line")} not shown: GitHub keeps at most ${CHECK_RUN_TEXT_MAX.toLocaleString("en-US")} characters of a check run's ${part}.`;
}

function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

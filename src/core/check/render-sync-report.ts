import { CHECK_RUN_TEXT_MAX } from "../limits.js";
import type { Diagnostic, Severity } from "../model/types.js";
import { codeSpan } from "../render/code-span.js";
import { summarize } from "../validate/summarize.js";
import { cutAtLine } from "./cut-at-line.js";
import type { LinkedKind, SyncTotals } from "./sync-totals.js";
import { totalsMarker } from "./totals-marker.js";
import type { CheckOutput } from "./types.js";

export interface SyncReportInput {
  totals: SyncTotals;
  /** Tasks in the documents. */
  tasks: number;
  documents: number;
  diagnostics: readonly Diagnostic[];
  /** How many of `diagnostics` (the first ones) the run annotates; the rest are listed in its text. */
  annotated: number;
  /** A budgeted sync that goes on later: what is left, and when it goes on (epoch ms). */
  progress: { mirrored: number; of: number; operationsLeft: number; resumeAt: number; perHour: number } | null;
  /** `https://github.com/acme/widgets/issues`: issue links. */
  issuesUrl: string;
  maxChars?: number;
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];
const KINDS: ReadonlyArray<[LinkedKind | "unlinked", string]> = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["closed", "Closed"],
  ["reopened", "Reopened"],
  ["linked", "Linked (sub-issues, blocked by)"],
  ["unlinked", "Unlinked"],
];
/** Issues linked one by one per kind; the count says the rest. */
const LINKS_LISTED_MAX = 50;

/**
 * The `taskmirror` run of a sync of the default branch: its title says what the sync did (or,
 * while a budgeted sync is under way, how far it is and when it goes on: "412 of 1,000 tasks
 * mirrored; continuing at 14:05 UTC"); its summary the counts with links to the issues, the
 * documents' problems, and how long the sync waited for GitHub's budgets.
 */
export function renderSyncReport(input: SyncReportInput): CheckOutput {
  const max = input.maxChars ?? CHECK_RUN_TEXT_MAX;
  const { totals, progress } = input;
  const title = progress
    ? `${count(progress.mirrored)} of ${count(progress.of)} tasks mirrored; continuing at ${clockTime(progress.resumeAt)} UTC`
    : effects(totals);
  const lines: string[] = [];
  if (progress) {
    lines.push(
      "> [!NOTE]",
      `> GitHub lets an app create about ${count(progress.perHour)} pieces of content an hour in an installation, and this sync needs more: it goes on in slices. ${plural(progress.operationsLeft, "change")} left; the next slice starts at ${clockTime(progress.resumeAt)} UTC on ${new Date(progress.resumeAt).toISOString().slice(0, 10)}.`,
      "",
    );
  }
  lines.push(`${plural(input.documents, "task document")}, ${plural(input.tasks, "task")}.`, "");
  const rows = KINDS.filter(([kind]) => totals[kind] > 0);
  if (rows.length > 0 || totals.ticksWritten > 0 || totals.failed > 0) {
    lines.push("| Change | Count | Issues |", "| --- | --- | --- |");
    for (const [kind, label] of rows) lines.push(`| ${label} | ${count(totals[kind])} | ${kind === "unlinked" ? "" : links(totals.issues[kind], totals[kind], input.issuesUrl)} |`);
    if (totals.ticksWritten > 0) lines.push(`| Ticks written back to the documents | ${count(totals.ticksWritten)} | |`);
    if (totals.failed > 0) lines.push(`| Failed (tried again by the next sync) | ${count(totals.failed)} | |`);
  } else {
    lines.push("The issues already showed the documents: nothing to change.");
  }
  lines.push("", ...problemLines(input), ...waitLines(totals));
  if (progress) lines.push("", totalsMarker(totals));
  const output: CheckOutput = { title, summary: cutAtLine(lines.join("\n"), max, (n) => `… ${plural(n, "more line")} not shown.`) };
  const rest = input.diagnostics.slice(input.annotated);
  if (rest.length > 0) {
    const text = ["### Problems not annotated", "", ...rest.map((d) => `- ${codeSpan(`${d.path}:${d.line}:${d.column}`)} ${d.severity} \`${d.code}\`: ${d.message.replace(/\s+/g, " ")}`)];
    output.text = cutAtLine(text.join("\n"), max, (n) => `… ${plural(n, "more line")} not shown.`);
  }
  return output;
}

function effects(totals: SyncTotals): string {
  const parts = (["created", "updated", "closed", "reopened", "linked"] as const).filter((kind) => totals[kind] > 0).map((kind) => `${count(totals[kind])} ${kind}`);
  if (totals.failed > 0) parts.push(`${count(totals.failed)} failed`);
  if (parts.length === 0) return "Issues in step with the documents: nothing to change";
  return `Issues: ${parts.join(", ")}`;
}

function problemLines({ diagnostics, annotated }: SyncReportInput): string[] {
  if (diagnostics.length === 0) return ["**No problems** in the documents."];
  const { bySeverity } = summarize(diagnostics);
  const counts = SEVERITIES.filter((s) => bySeverity[s] > 0).map((s) => plural(bySeverity[s], s)).join(", ");
  const shown = Math.min(annotated, diagnostics.length);
  const where = shown === diagnostics.length ? "annotated on their lines" : `${shown} annotated on their lines, the others listed below`;
  return [`**${counts}** in the documents (${where}).`];
}

function waitLines(totals: SyncTotals): string[] {
  const lines: string[] = [];
  if (totals.budgetWaits > 0) lines.push(`Paced within GitHub's write budget: ${plural(totals.budgetWaits, "write")} waited, ${duration(totals.budgetWaitedMs)} in all.`);
  if (totals.rateLimited > 0) lines.push(`GitHub answered ${plural(totals.rateLimited, "request")} with a rate limit; waited ${duration(totals.rateLimitedSeconds * 1000)}.`);
  if (totals.slices > 1) lines.push(`Done in ${count(totals.slices)} slices.`);
  return lines.length > 0 ? ["", ...lines] : [];
}

function links(numbers: readonly number[], total: number, issuesUrl: string): string {
  const listed = numbers.slice(0, LINKS_LISTED_MAX).map((n) => `[#${n}](${issuesUrl}/${n})`);
  const more = total - listed.length;
  return more > 0 ? `${listed.join(", ")}${listed.length > 0 ? " " : ""}and ${count(more)} more` : listed.join(", ");
}

function clockTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}

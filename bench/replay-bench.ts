import { listHistories, loadHistory } from "../test/support/replay/load-history.js";
import { replayHistories } from "../test/support/replay/replay-histories.js";
import type { IdealCounts, ReplayResult, StepOutcome } from "../test/support/replay/types.js";
import { seconds, table } from "./bench-harness.js";

interface Totals extends IdealCounts {
  retitled: number;
  losses: number;
  repurposed: number;
  duplicates: number;
  unmirrored: number;
}

const zero = (): Totals => ({ created: 0, closedCompleted: 0, closedNotPlanned: 0, reopened: 0, retitled: 0, losses: 0, repurposed: 0, duplicates: 0, unmirrored: 0 });

const counted = (outcome: StepOutcome): Totals => ({
  ...outcome,
  losses: outcome.losses.length,
  repurposed: outcome.repurposed.length,
  duplicates: outcome.duplicates.length,
  unmirrored: outcome.unmirrored.length,
});

function add<T extends object>(into: T, from: T): void {
  for (const key of Object.keys(into) as (keyof T)[]) (into[key] as number) += from[key] as number;
}

const noIdeal = (): IdealCounts => ({ created: 0, closedCompleted: 0, closedNotPlanned: 0, reopened: 0 });

/** `actual (ideal)`, marked when they differ; a count whose ideal is 0 shows only itself. */
const vs = (actual: number, ideal: number) => `${actual} (${ideal})${actual === ideal ? "" : " ✗"}`;
const bad = (count: number) => (count === 0 ? "0" : `${count} ✗`);

const HEADER = ["steps", "pushes", "created (ideal)", "closed completed (ideal)", "closed not planned (ideal)", "reopened (ideal)", "retitled", "identity losses", "repurposed", "duplicates", "unmirrored"];
const NUMERIC = HEADER.map(() => true);

function row(steps: number, pushes: number, actual: Totals, ideal: IdealCounts): string[] {
  return [
    String(steps),
    String(pushes),
    vs(actual.created, ideal.created),
    vs(actual.closedCompleted, ideal.closedCompleted),
    vs(actual.closedNotPlanned, ideal.closedNotPlanned),
    vs(actual.reopened, ideal.reopened),
    String(actual.retitled),
    bad(actual.losses),
    bad(actual.repurposed),
    bad(actual.duplicates),
    bad(actual.unmirrored),
  ];
}

/**
 * `npm run bench -- replay`: every history of fixtures/histories replayed through the app
 * (the same replay `npm test` asserts), as tables — per step of each history, then per
 * history and in total — with what a person expects in brackets.
 */
export async function replayBench(): Promise<string[]> {
  const histories = listHistories().map((name) => loadHistory(name));
  const started = Date.now();
  const results: ReplayResult[] = await replayHistories(histories);
  const elapsed = Date.now() - started;

  const lines = ["## replay: edit histories through the app (fixtures/histories)", ""];
  const all = zero();
  const allIdeal = noIdeal();
  const summary: string[][] = [];
  let steps = 0;
  let pushes = 0;
  for (const result of results) {
    const totals = zero();
    const ideal = noIdeal();
    const stepRows = result.steps.map((step) => {
      const one = counted(step.actual);
      add(totals, one);
      add(ideal, step.ideal);
      return [step.name, ...row(1, 1, one, step.ideal).slice(2)];
    });
    lines.push(`### ${result.name} — ${result.title}`, "", ...table(["step", ...HEADER.slice(2)], stepRows, [false, ...NUMERIC.slice(2)]));
    const extra = [
      result.resyncWrites.length > 0 ? `full resync wrote ${result.resyncWrites.length}: ${result.resyncWrites.join(", ")}` : "",
      result.errors.length > 0 ? `${result.errors.length} error log line(s): ${[...new Set(result.errors)].join("; ")}` : "",
      result.violations.length > 0 ? `${result.violations.length} request(s) GitHub would refuse` : "",
    ].filter((line) => line !== "");
    lines.push(...extra.map((line) => `- ${line}`), "");
    summary.push([result.name, ...row(result.steps.length, result.pushes, totals, ideal)]);
    add(all, totals);
    add(allIdeal, ideal);
    steps += result.steps.length;
    pushes += result.pushes;
  }
  summary.push([`**total (${results.length} histories)**`, ...row(steps, pushes, all, allIdeal)]);
  lines.push("### per history", "", ...table(["history", ...HEADER], summary, [false, ...NUMERIC]), "");
  lines.push(
    `${all.losses} tasks ended on a different issue (ideal 0), ${all.repurposed} issues were handed to another task (ideal 0), ` +
      `${all.created} issues created where ${allIdeal.created} were needed, ${all.closedNotPlanned} closed as not planned (ideal ${allIdeal.closedNotPlanned}), ` +
      `${all.reopened} reopened (ideal ${allIdeal.reopened}). Replayed in ${seconds(elapsed)}.`,
    "",
  );
  return lines;
}

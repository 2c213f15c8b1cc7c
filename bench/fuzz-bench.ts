import fc from "fast-check";
import { buildDocument, fuzzCase, type FuzzCase } from "../test/property/fuzz-documents.js";
import { parseProblems, spliceChoices, spliceProblems, strayOffsets, writeBackProblems, type SpliceChoice } from "../test/property/fuzz-properties.js";

/**
 * `npm run bench -- fuzz`: the long fuzzing campaign of the reader and the checkbox write-back,
 * on whole mutated documents and on harder-mutated windows of them, with fresh seeds until the time is up (FUZZ_SECONDS, default 180).
 * A case slower than CASE_BUDGET_MS counts as a failure (work that does not finish), never a
 * speed claim. Prints runs, failures and, for each failure, the seed and the shrunk case to keep
 * as a regression test in test/property/markdown-fuzz.test.ts.
 */
const CASE_BUDGET_MS = 10_000;
/** Whole documents, and windows of up to 40 lines mutated harder: the two shapes alternate by seed. */
const SHAPES = [
  { maxWindow: 0, maxMutations: 16 },
  { maxWindow: 40, maxMutations: 32 },
];

interface Tally {
  name: string;
  runs: number;
  failures: { seed: number; counterexample: string; error: string }[];
  slowestMs: number;
  largestBytes: number;
}

function timed(tally: Tally, text: string, check: () => string[]): boolean {
  const start = performance.now();
  const problems = check();
  const ms = performance.now() - start;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  tally.largestBytes = Math.max(tally.largestBytes, text.length);
  if (ms > CASE_BUDGET_MS) problems.push(`took ${Math.round(ms)} ms, over the ${CASE_BUDGET_MS} ms budget, on ${text.length} characters`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return true;
}

type Check = (tally: Tally, shape: (typeof SHAPES)[number]) => fc.IPropertyWithHooks<[FuzzCase, SpliceChoice[], number[]]>;

const checks: [string, Check][] = [
  ["parseDocument", (tally, shape) => fc.property(fuzzCase(shape), spliceChoices, strayOffsets, (fuzz, _choices, _stray) => { const text = buildDocument(fuzz); return timed(tally, text, () => parseProblems(text)); })],
  ["spliceCheckboxes", (tally, shape) => fc.property(fuzzCase(shape), spliceChoices, strayOffsets, (fuzz, choices, stray) => { const text = buildDocument(fuzz); return timed(tally, text, () => spliceProblems(text, choices, stray)); })],
  ["applyTogglesToText", (tally, shape) => fc.property(fuzzCase(shape), spliceChoices, strayOffsets, (fuzz, choices, _stray) => { const text = buildDocument(fuzz); return timed(tally, text, () => writeBackProblems(text, choices)); })],
];

export function fuzzBench(): string[] {
  const seconds = Number(process.env.FUZZ_SECONDS ?? "180");
  const until = Date.now() + seconds * 1000;
  const tallies = checks.map(([name]) => ({ name, runs: 0, failures: [], slowestMs: 0, largestBytes: 0 }) as Tally);
  let seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
  while (Date.now() < until) {
    checks.forEach(([, check], i) => {
      const tally = tallies[i]!;
      const details = fc.check(check(tally, SHAPES[seed % SHAPES.length]!), { seed, numRuns: 50, endOnFailure: false });
      tally.runs += details.numRuns;
      if (details.failed) {
        tally.failures.push({ seed, counterexample: JSON.stringify(details.counterexample), error: String(details.errorInstance).slice(0, 600) });
      }
    });
    seed = (seed + 7919) % 2_147_483_647; // odd: the shapes alternate
  }
  const lines = [`## fuzz (${seconds} s)`, "", "| property | runs | failures | slowest case | largest document |", "|---|---:|---:|---:|---:|"];
  for (const tally of tallies) lines.push(`| ${tally.name} | ${tally.runs} | ${tally.failures.length} | ${Math.round(tally.slowestMs)} ms | ${tally.largestBytes} chars |`);
  for (const tally of tallies) {
    for (const failure of tally.failures) lines.push("", `${tally.name} failed, seed ${failure.seed}:`, `  case ${failure.counterexample}`, `  ${failure.error.replace(/\n/g, "\n  ")}`);
  }
  return lines;
}

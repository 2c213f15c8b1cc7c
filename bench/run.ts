/**
 * `npm run bench`: speed, memory and request counts, reported as ratios and counts — never
 * asserted in tests, where timing would make them flaky. `npm run bench -- sync check` runs
 * only the named sections.
 */
import { ackBench } from "./ack-bench.js";
import { budgetBench } from "./budget-bench.js";
import { writePacer } from "../src/github/pacing/shared-write-pacer.js";
import { checkBench } from "./check-bench.js";
import { faultsBench } from "./faults-bench.js";
import { fuzzBench } from "./fuzz-bench.js";
import { graphqlBench } from "./graphql-bench.js";
import { matchBench } from "./match-bench.js";
import { parseBench } from "./parse-bench.js";
import { reconcileBench } from "./reconcile-bench.js";
import { replayBench } from "./replay-bench.js";
import { syncBench } from "./sync-bench.js";
import { twoWayBench } from "./two-way-bench.js";

const sections: Array<[string, () => string[] | Promise<string[]>]> = [
  ["reader", parseBench],
  ["sync", syncBench],
  ["two-way", twoWayBench],
  ["check", checkBench],
  ["match", matchBench],
  ["replay", replayBench],
  ["ack", ackBench],
  ["graphql", graphqlBench],
  ["reconcile", reconcileBench],
  ["fuzz", fuzzBench],
  ["faults", faultsBench],
  ["budget", budgetBench],
];
// The other sections measure the sync against a fake without budgets: no pacing unless asked
// for; the budget section paces on its own clock and limits.
if (process.env.TASKMIRROR_CONTENT_BUDGET === undefined) writePacer.configure({ limits: null });
const only = process.argv.slice(2);
const unknown = only.filter((name) => !sections.some(([section]) => section === name));
if (unknown.length > 0) {
  console.error(`unknown section(s): ${unknown.join(", ")}; sections: ${sections.map(([name]) => name).join(", ")}`);
  process.exit(2);
}
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log((await run()).join("\n"));
}

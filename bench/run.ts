/**
 * `npm run bench`: speed, memory and request counts, reported as ratios and counts — never
 * asserted in tests, where timing would make them flaky.
 */
import { parseBench } from "./parse-bench.js";

const sections: Array<[string, () => string[] | Promise<string[]>]> = [["reader", parseBench]];
const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log((await run()).join("\n"));
}

import { sharedTickBatcher } from "../src/handlers/issues.js";
import { addDivergence, emptyDivergence } from "../test/support/scenario/compare-runs.js";
import { convergeUnderFaults, startConvergenceHarness } from "../test/support/scenario/converge-under-faults.js";

process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "120";

/**
 * `npm run bench -- faults`: many seeded scenarios through the app under the fake's faults, each
 * compared with its fault-free run (test/support/scenario). FAULT_SCENARIOS (default 12) seeds
 * from FAULT_SEED (default 1000), fault rate FAULT_RATE (default 0.15). Every count must be 0.
 */
export async function faultsBench(): Promise<string[]> {
  const scenarios = Number(process.env.FAULT_SCENARIOS ?? "12");
  const first = Number(process.env.FAULT_SEED ?? "1000");
  const rate = Number(process.env.FAULT_RATE ?? "0.15");
  const app = await startConvergenceHarness();
  const batcher = sharedTickBatcher();
  const settle = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };
  const owner = "faults";
  await app.fake.createRepo({ owner, name: "seed", files: { "README.md": "seed\n" } });
  const { installationId } = await app.fake.installApp({ owner, repos: ["seed"] });
  await settle();
  let total = emptyDivergence();
  let faults = 0;
  let steps = 0;
  const kinds: Record<string, number> = {};
  const failing: string[] = [];
  const start = Date.now();
  for (let seed = first; seed < first + scenarios; seed++) {
    const result = await convergeUnderFaults(seed, { harness: app, owner, installationId, rate, settle });
    faults += result.faults;
    steps += result.performed;
    for (const [kind, count] of Object.entries(result.faultKinds)) kinds[kind] = (kinds[kind] ?? 0) + count;
    total = addDivergence(total, result.divergence);
    if (result.divergence.details.length > 0) failing.push(`seed ${seed}: ${result.divergence.details.join("; ").slice(0, 1500)}`);
  }
  await app.close();
  return [
    `## faults (in-process app, rate ${rate}, ${Math.round((Date.now() - start) / 1000)} s)`,
    "",
    "| scenarios | steps | faults injected | kills | duplicates | lost ticks | orphan/missing links | half-written markers | non-box commits | other |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${scenarios} | ${steps} | ${faults} | 0 | ${total.duplicates} | ${total.lostTicks} | ${total.links} | ${total.halfWrittenMarkers} | ${total.nonBoxCommits} | ${total.other.length} |`,
    "",
    `faults by kind: ${Object.entries(kinds).map(([kind, count]) => `${kind} ${count}`).join(", ")}`,
    ...failing,
  ];
}

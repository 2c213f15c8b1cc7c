import { sharedTickBatcher } from "../src/handlers/issues.js";
import { addDivergence, emptyDivergence } from "../test/support/scenario/compare-runs.js";
import { startFakeGitHub } from "../test/support/fake-github/index.js";
import { convergeUnderFaults, startConvergenceHarness, type ConvergenceResult } from "../test/support/scenario/converge-under-faults.js";
import { convergeWithKills, KillableApp } from "../test/support/scenario/converge-with-kills.js";

process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "120";

/**
 * `npm run bench -- faults`: many seeded scenarios through the app under the fake's faults, each
 * compared with its fault-free run (test/support/scenario). FAULT_SCENARIOS (default 12) seeds
 * from FAULT_SEED (default 1000) with the app in process, fault rate FAULT_RATE (default 0.15);
 * then FAULT_KILL_SCENARIOS (default 3) with the app as its own process (`npm run build` first),
 * SIGKILLed and restarted at random moments. Every count must be 0.
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
  const start = Date.now();
  const inProcess: ConvergenceResult[] = [];
  for (let seed = first; seed < first + scenarios; seed++) inProcess.push(await convergeUnderFaults(seed, { harness: app, owner, installationId, rate, settle }));
  await app.close();

  const killScenarios = Number(process.env.FAULT_KILL_SCENARIOS ?? "3");
  const killed: (ConvergenceResult & { kills: number })[] = [];
  if (killScenarios > 0) {
    const fake = await startFakeGitHub();
    const killable = new KillableApp(fake);
    await killable.start();
    await fake.createRepo({ owner, name: "seed", files: { "README.md": "seed\n" } });
    const installed = await fake.installApp({ owner, repos: ["seed"] });
    await fake.waitForQuiet({ quietMs: 500 });
    for (let seed = first; seed < first + killScenarios; seed++) {
      killed.push(await convergeWithKills(seed, { app: killable, owner, installationId: installed.installationId, rate: Math.min(rate, 0.1), killChance: 0.5 }));
    }
    await killable.close();
    await fake.close();
  }
  return [
    `## faults (rate ${rate}; ${Math.round((Date.now() - start) / 1000)} s)`,
    "",
    "| app | scenarios | steps | faults injected | kills | duplicates | lost ticks | orphan/missing links | half-written markers | non-box commits | other |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...row("in process", inProcess),
    ...row("process, killed", killed),
  ];
}

function row(name: string, results: (ConvergenceResult & { kills?: number })[]): string[] {
  let total = emptyDivergence();
  const kinds: Record<string, number> = {};
  const failing: string[] = [];
  for (const result of results) {
    for (const [kind, count] of Object.entries(result.faultKinds)) kinds[kind] = (kinds[kind] ?? 0) + count;
    total = addDivergence(total, result.divergence);
    if (result.divergence.details.length > 0) failing.push(`  ${name}, seed ${result.seed}: ${result.divergence.details.join("; ").slice(0, 1500)}`);
  }
  const sum = (pick: (result: ConvergenceResult & { kills?: number }) => number) => results.reduce((n, result) => n + pick(result), 0);
  return [
    `| ${name} | ${results.length} | ${sum((r) => r.performed)} | ${sum((r) => r.faults)} (${Object.entries(kinds).map(([kind, count]) => `${kind} ${count}`).join(", ")}) | ${sum((r) => r.kills ?? 0)} | ${total.duplicates} | ${total.lostTicks} | ${total.links} | ${total.halfWrittenMarkers} | ${total.nonBoxCommits} | ${total.other.length} |`,
    ...failing,
  ];
}

import type { Logger } from "probot";
import { serverUrlFor } from "../../../src/github/server-url.js";
import { syncRepository } from "../../../src/github/sync-repository.js";
import type { AppHarness } from "../../integration/app-harness.js";
import type { FaultKind } from "../fake-github/fault-injector.js";
import { compareRuns, type Divergence } from "./compare-runs.js";
import { generateScenario, type Scenario } from "./generate-scenario.js";
import { runScenario, type ScenarioApp } from "./run-scenario.js";

export interface ConvergenceResult {
  seed: number;
  scenario: Scenario;
  faults: number;
  faultKinds: Partial<Record<FaultKind, number>>;
  performed: number;
  skipped: number;
  divergence: Divergence;
}

export interface ConvergenceOptions {
  owner: string;
  installationId: number;
  /** Probability of a fault per request. */
  rate: number;
  /** Waits for the app's pending ticks too (the tick batcher). */
  settle(): Promise<void>;
  /** The in-process app, for the final reconcile. */
  harness: AppHarness;
}

/** Fault settings that keep a scenario to seconds: GitHub's 10 s timeout held 400 ms, slow answers 300 ms late. */
export const QUICK_FAULTS = { timeoutMs: 400, slowMs: 300, retryAfterSeconds: 1 };

/** A full sync of one repository, as the reconcile at start does: the level-triggered catch-up. */
export async function reconcile(harness: AppHarness, installationId: number, owner: string, repo: string): Promise<void> {
  const octokit = await harness.probot.auth(installationId);
  const log = harness.probot.log.child({ test: "final reconcile" }) as Logger;
  await syncRepository({ octokit, log, repo: { owner, repo } }, { botLogin: `${harness.fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit) });
}

/**
 * One seed: the scenario run under faults in `f<seed>`, then faults off, a settle and one final
 * reconcile; the same people's steps run fault-free in `r<seed>` (with the same final
 * reconcile); the two final states compared.
 */
export async function convergeUnderFaults(seed: number, options: ConvergenceOptions): Promise<ConvergenceResult> {
  const { harness, owner, installationId, rate } = options;
  const scenario = generateScenario(seed);
  const app: ScenarioApp = { fake: harness.fake, settle: options.settle };
  const faultsBefore = harness.fake.faults().length;
  harness.fake.setFaults({ seed, rate, spareTokens: true, ...QUICK_FAULTS });
  let faulty;
  try {
    faulty = await runScenario(app, scenario, { owner, name: `f${seed}`, installationId, person: owner });
  } finally {
    harness.fake.setFaults(null);
  }
  const injected = harness.fake.faults().slice(faultsBefore);
  await options.settle();
  await reconcile(harness, installationId, owner, `f${seed}`);
  await options.settle();

  const reference = await runScenario(app, scenario, { owner, name: `r${seed}`, installationId, person: owner }, faulty.performed);
  await reconcile(harness, installationId, owner, `r${seed}`);
  await options.settle();
  const state = (name: string) => harness.fake.snapshot().repositories.find((repo) => repo.full_name === `${owner}/${name}`)!;
  const divergence = compareRuns(scenario.path, state(`f${seed}`), state(`r${seed}`));
  if (reference.skipped.length > 0) divergence.other.push(`the fault-free run could not take ${JSON.stringify(reference.skipped)}`);
  const faultKinds: Partial<Record<FaultKind, number>> = {};
  for (const fault of injected) faultKinds[fault.kind] = (faultKinds[fault.kind] ?? 0) + 1;
  return { seed, scenario, faults: injected.length, faultKinds, performed: faulty.performed.length, skipped: faulty.skipped.length, divergence };
}

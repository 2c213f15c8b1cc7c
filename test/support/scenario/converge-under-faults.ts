import type { Logger } from "probot";
import { serverUrlFor } from "../../../src/github/server-url.js";
import { syncRepository } from "../../../src/github/sync-repository.js";
import { JournalJobQueue } from "../../../src/queue/journal-job-queue.js";
import { memoryJournal } from "../../../src/queue/memory-journal.js";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { startAppHarness, type AppHarness } from "../../integration/app-harness.js";
import type { FaultKind } from "../fake-github/fault-injector.js";
import { compareRuns, modelProblems, type Divergence } from "./compare-runs.js";
import { generateScenario, type Scenario } from "./generate-scenario.js";
import { runScenario, StepFeed, type ScenarioApp } from "./run-scenario.js";

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

/**
 * The in-process app for convergence runs: Octokit's retries and the job queue's backoff
 * shortened (100 ms base instead of 1 s and 2 s), so that a scenario under faults takes seconds;
 * what is retried, and how often, is the app's own.
 */
export async function startConvergenceHarness(): Promise<AppHarness> {
  const jobs = new JournalJobQueue({
    journal: memoryJournal(),
    log: { info: () => {}, warn: () => {}, error: () => {} } as never,
    backoffMs: (attempt) => 100 * 5 ** (attempt - 1),
  });
  const Octokit = TaskmirrorOctokit.defaults({ retry: { retryAfterBaseValue: 100 } }) as typeof TaskmirrorOctokit;
  return startAppHarness({ jobs, Octokit });
}

/** A full sync of one repository, as the reconcile at start does: the level-triggered catch-up. */
export async function reconcile(probot: Pick<AppHarness["probot"], "auth" | "log">, slug: string, installationId: number, owner: string, repo: string): Promise<void> {
  const octokit = await probot.auth(installationId);
  const log = probot.log.child({ test: "final reconcile" }) as Logger;
  await syncRepository({ octokit, log, repo: { owner, repo } }, { botLogin: `${slug}[bot]`, serverUrl: serverUrlFor(octokit) });
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
  // The fault-free run goes alongside (its repository excluded from faults), replaying the steps
  // people could take in the faulty one as they take them.
  harness.fake.setFaults({ seed, rate, spareTokens: true, exclude: [{ path: new RegExp(`/repos/${owner}/r${seed}(/|$)`) }], ...QUICK_FAULTS });
  const taken = new StepFeed();
  let faulty;
  let reference;
  try {
    [faulty, reference] = await Promise.all([
      runScenario(app, scenario, { owner, name: `f${seed}`, installationId, person: owner }, undefined, taken),
      runScenario(app, scenario, { owner, name: `r${seed}`, installationId, person: owner }, taken),
    ]);
  } finally {
    harness.fake.setFaults(null);
  }
  const injected = harness.fake.faults().slice(faultsBefore);
  await options.settle();
  const slug = harness.fake.app.slug;
  await Promise.all([reconcile(harness.probot, slug, installationId, owner, `f${seed}`), reconcile(harness.probot, slug, installationId, owner, `r${seed}`)]);
  await options.settle();
  const state = (name: string) => harness.fake.snapshot().repositories.find((repo) => repo.full_name === `${owner}/${name}`)!;
  const divergence = compareRuns(scenario.path, state(`f${seed}`), state(`r${seed}`));
  // The fault-free run must itself be right; the faulty one is measured against it.
  for (const problem of modelProblems(scenario.path, state(`r${seed}`), scenario, faulty.performed)) divergence.other.push(`fault-free run: ${problem}`);
  if (reference.skipped.length > 0) divergence.other.push(`the fault-free run could not take ${JSON.stringify(reference.skipped)}`);
  const faultKinds: Partial<Record<FaultKind, number>> = {};
  for (const fault of injected) faultKinds[fault.kind] = (faultKinds[fault.kind] ?? 0) + 1;
  return { seed, scenario, faults: injected.length, faultKinds, performed: faulty.performed.length, skipped: faulty.skipped.length, divergence };
}

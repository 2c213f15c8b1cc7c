import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Probot } from "probot";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { startAppProcess, type AppProcess } from "../../e2e/app-process.js";
import type { FakeGitHub } from "../fake-github/index.js";
import type { FaultKind } from "../fake-github/fault-injector.js";
import { compareRuns, modelProblems } from "./compare-runs.js";
import { QUICK_FAULTS, reconcile, type ConvergenceResult } from "./converge-under-faults.js";
import { generateScenario, random } from "./generate-scenario.js";
import { runScenario, type ScenarioApp } from "./run-scenario.js";

/**
 * The app as its own process (`node dist/main.js`, the embedded journal in a data directory),
 * SIGKILLed and started again on the same directory; the fake GitHub's webhooks follow it.
 */
export class KillableApp {
  readonly dataDir = mkdtempSync(join(tmpdir(), "taskmirror-kills-"));
  #process: AppProcess | undefined;
  kills = 0;

  constructor(readonly fake: FakeGitHub) {}

  async start(): Promise<void> {
    this.#process = await startAppProcess({
      appId: this.fake.app.id,
      privateKey: this.fake.app.privateKey,
      webhookSecret: this.fake.app.webhookSecret,
      gheHost: this.fake.host,
      dataDir: this.dataDir,
      env: { TASKMIRROR_TICK_DEBOUNCE_MS: "120", TASKMIRROR_JOB_BACKOFF_MS: "100", LOG_LEVEL: "error" },
    });
    this.fake.setWebhook({ url: this.#process.webhookUrl, secret: this.fake.app.webhookSecret });
  }

  /** SIGKILL — no drain, the journal as a crash leaves it — then a new process on the same data directory. */
  async killAndRestart(): Promise<void> {
    await this.#process?.stop("SIGKILL");
    this.kills += 1;
    await this.start();
  }

  output(): string {
    return this.#process?.output() ?? "";
  }

  async close(): Promise<void> {
    await this.#process?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface KillResult extends ConvergenceResult {
  kills: number;
}

/** Waits out the app's work: nothing sent or received for longer than a job's second backoff. */
const settleProcess = (fake: FakeGitHub) => fake.waitForQuiet({ quietMs: 800, timeoutMs: 120_000 });

/**
 * One seed with the app as a process: the scenario under faults in `k<seed>`, with the app
 * killed at random moments (a random delay after a step, while it works), then faults off, a
 * long quiet and one final reconcile; the same people's steps fault-free in `q<seed>`, compared.
 */
export async function convergeWithKills(
  seed: number,
  options: { app: KillableApp; owner: string; installationId: number; rate: number; killChance: number; steps?: number },
): Promise<KillResult> {
  const { app, owner, installationId, rate } = options;
  const fake = app.fake;
  const scenario = generateScenario(seed, options.steps !== undefined ? { steps: options.steps } : {});
  const next = random(seed ^ 0x5eed);
  const killsBefore = app.kills;
  const faulty: ScenarioApp = {
    fake,
    async settle() {
      if (next() < options.killChance) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 400)));
        await app.killAndRestart();
      }
      await settleProcess(fake);
    },
  };
  const faultsBefore = fake.faults().length;
  fake.setFaults({ seed, rate, spareTokens: true, ...QUICK_FAULTS });
  let run;
  try {
    run = await runScenario(faulty, scenario, { owner, name: `k${seed}`, installationId, person: owner });
  } finally {
    fake.setFaults(null);
  }
  const injected = fake.faults().slice(faultsBefore);
  // Longer than Octokit's third retry wait (9 s) and the journal's third backoff (2.5 s here): the app is done.
  await fake.waitForQuiet({ quietMs: 10_000, timeoutMs: 180_000 });
  const probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, baseUrl: fake.apiUrl, Octokit: TaskmirrorOctokit, log: pino({ level: "silent" }) });
  await reconcile(probot, fake.app.slug, installationId, owner, `k${seed}`);
  await settleProcess(fake);

  const reference = await runScenario({ fake, settle: () => settleProcess(fake) }, scenario, { owner, name: `q${seed}`, installationId, person: owner }, run.performed);
  await reconcile(probot, fake.app.slug, installationId, owner, `q${seed}`);
  await settleProcess(fake);
  const state = (name: string) => fake.snapshot().repositories.find((repo) => repo.full_name === `${owner}/${name}`)!;
  const divergence = compareRuns(scenario.path, state(`k${seed}`), state(`q${seed}`));
  // The fault-free run must itself be right; the faulty one is measured against it.
  for (const problem of modelProblems(scenario.path, state(`q${seed}`), scenario, run.performed)) divergence.other.push(`fault-free run: ${problem}`);
  if (reference.skipped.length > 0) divergence.other.push(`the fault-free run could not take ${JSON.stringify(reference.skipped)}`);
  const faultKinds: Partial<Record<FaultKind, number>> = {};
  for (const fault of injected) faultKinds[fault.kind] = (faultKinds[fault.kind] ?? 0) + 1;
  return { seed, scenario, faults: injected.length, faultKinds, performed: run.performed.length, skipped: run.skipped.length, divergence, kills: app.kills - killsBefore };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { convergeWithKills, KillableApp } from "../support/scenario/converge-with-kills.js";

/**
 * Convergence when the app itself dies: the app as its own process, SIGKILLed at random moments
 * while it works and started again on the same data directory (the journal), under the fake's
 * faults; then faults off and one final reconcile. The final state must equal the fault-free
 * run's (test/support/scenario). `npm run bench -- faults` runs more seeds.
 */
const SEEDS = [21];
const OWNER = "kills";

describe("convergence under faults and kills (the app as a process)", () => {
  let fake: FakeGitHub;
  let app: KillableApp;
  let installationId = 0;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    app = new KillableApp(fake);
    await app.start();
    await fake.createRepo({ owner: OWNER, name: "seed", files: { "README.md": "seed\n" } });
    ({ installationId } = await fake.installApp({ owner: OWNER, repos: ["seed"] }));
    await fake.waitForQuiet({ quietMs: 500 });
  });

  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it.each(SEEDS)("seed %i ends as the fault-free run does, with the app killed along the way", { timeout: 240_000 }, async (seed) => {
    const result = await convergeWithKills(seed, { app, owner: OWNER, installationId, rate: 0.1, killChance: 0.6, steps: 7 });
    expect(result.kills).toBeGreaterThan(0);
    expect(result.faults).toBeGreaterThan(0);
    expect(result.divergence.details).toEqual([]);
    expect(result.divergence.other).toEqual([]);
  });
});

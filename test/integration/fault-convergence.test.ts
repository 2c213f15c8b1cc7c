import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TickBatcher } from "../../src/github/write-back/tick-batcher.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { convergeUnderFaults, startConvergenceHarness } from "../support/scenario/converge-under-faults.js";
import type { AppHarness } from "./app-harness.js";

process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "120";

/**
 * Convergence under GitHub's failures: seeded scenarios (test/support/scenario) run through the
 * app against the fake GitHub with every kind of fault it injects, then faults off and one
 * final reconcile; each final state must equal the fault-free run of the same people's steps —
 * no duplicate issue, no lost tick, no orphan or missing sub-issue or blocked-by link, no
 * half-written marker, no commit that changes anything but box bytes (and Status values).
 * `npm run bench -- faults` runs many more seeds.
 */
const SEEDS = [11, 12];
const OWNER = "conv";

describe("convergence under faults (in-process app, fake GitHub with faults)", () => {
  let app: AppHarness;
  let batcher: TickBatcher;
  let installationId = 0;
  const settle = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };

  beforeAll(async () => {
    app = await startConvergenceHarness();
    batcher = sharedTickBatcher();
    await app.fake.createRepo({ owner: OWNER, name: "seed", files: { "README.md": "seed\n" } });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: ["seed"] }));
    await settle();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(SEEDS)("seed %i ends as the fault-free run does", { timeout: 120_000 }, async (seed) => {
    const result = await convergeUnderFaults(seed, { harness: app, owner: OWNER, installationId, rate: 0.15, settle });
    expect(result.faults).toBeGreaterThan(0);
    expect(result.divergence.details).toEqual([]);
    expect(result.divergence.other).toEqual([]);
  });
});

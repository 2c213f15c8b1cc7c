import { beforeAll, describe, expect, it } from "vitest";
import { listHistories, loadHistory } from "../support/replay/load-history.js";
import { replayHistories } from "../support/replay/replay-histories.js";
import type { History, ReplayResult, StepResult } from "../support/replay/types.js";

/**
 * Every history of fixtures/histories replayed through the app against the fake GitHub
 * (test/support/replay): at every step, no task a person sees as the same ends on another
 * issue, no issue starts describing another task, and the app creates, closes and reopens
 * exactly the issues a person expects; a full resync afterwards writes nothing.
 */
const histories = listHistories().map((name) => loadHistory(name));

const asReplayed = (step: StepResult) => ({
  step: step.name,
  created: step.actual.created,
  closedCompleted: step.actual.closedCompleted,
  closedNotPlanned: step.actual.closedNotPlanned,
  reopened: step.actual.reopened,
  losses: step.actual.losses,
  repurposed: step.actual.repurposed,
  duplicates: step.actual.duplicates,
  unmirrored: step.actual.unmirrored,
});

const asIdeal = (step: History["steps"][number]) => ({
  step: step.name,
  ...step.ideal,
  losses: [],
  repurposed: [],
  duplicates: [],
  unmirrored: [],
});

describe("replaying real and constructed edit histories (fixtures/histories)", () => {
  const results = new Map<string, ReplayResult>();

  // One app and one fake GitHub for all histories, which advance a step each in turn (see
  // replayHistories); the limit is for a loaded machine, an idle one needs far less.
  beforeAll(async () => {
    for (const result of await replayHistories(histories)) results.set(result.name, result);
  }, 300_000);

  it("has histories to replay", () => {
    expect(histories.length).toBeGreaterThanOrEqual(15);
  });

  it.each(histories.map((history) => [history.name, history] as const))("%s", (name, history) => {
    const result = results.get(name) as ReplayResult;
    expect(result.steps.map(asReplayed)).toEqual(history.steps.map(asIdeal));
    expect(result.resyncWrites).toEqual([]);
    expect(result.violations).toEqual([]);
    expect(result.errors).toEqual([]);
  });
});

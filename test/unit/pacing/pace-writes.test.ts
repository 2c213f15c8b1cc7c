import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { paceWrites } from "../../../src/github/pacing/pace-writes.js";
import { WriteBudgetSpent } from "../../../src/github/pacing/write-budget-spent.js";
import { WritePacer } from "../../../src/github/pacing/write-pacer.js";
import { WriteSlice } from "../../../src/github/pacing/write-slice.js";
import { ManualClock } from "./manual-clock.js";

const api = "https://api.test";

function client(pacer: WritePacer, auth: Record<string, unknown>) {
  const Paced = ProbotOctokit.plugin(paceWrites(() => pacer));
  return new Paced({ baseUrl: api, auth, throttle: { enabled: false }, retry: { enabled: false } } as never);
}

describe("paceWrites", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it("paces an installation's writes, not its reads", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ clock, limits: { perMinute: 1, perHour: 100 } });
    const octokit = client(pacer, { token: "ghs_installation", installationId: 42 });
    const scope = nock(api).post("/repos/o/r/issues").times(2).reply(201, {}).get("/repos/o/r").times(3).reply(200, {});
    const sentAt: number[] = [];
    for (const route of ["POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}", "GET /repos/{owner}/{repo}", "POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}"]) {
      await octokit.request(route, { owner: "o", repo: "r" });
      sentAt.push(clock.now());
    }
    expect(sentAt).toEqual([0, 0, 0, 60_000, 60_000]);
    expect(scope.isDone()).toBe(true);
  });

  it("does not count requests signed with the app's JWT", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ clock, limits: { perMinute: 1, perHour: 100 } });
    const Paced = ProbotOctokit.plugin(paceWrites(() => pacer));
    const octokit = new Paced({ baseUrl: api, throttle: { enabled: false }, retry: { enabled: false } } as never);
    const scope = nock(api).post("/app/hook/deliveries/1/attempts").times(2).reply(202, {});
    for (let n = 0; n < 2; n += 1) {
      await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: 1, headers: { authorization: "bearer x.y.z" } });
    }
    expect(clock.now()).toBe(0);
    expect(scope.isDone()).toBe(true);
  });

  it("stops a budgeted slice before the write is sent", async () => {
    const clock = new ManualClock(0);
    const pacer = new WritePacer({ clock, limits: { perMinute: 10, perHour: 1 } });
    const octokit = client(pacer, { token: "ghs_installation", installationId: 42 });
    const scope = nock(api).post("/repos/o/r/issues").once().reply(201, {});
    const slice = new WriteSlice({ maxWaitMs: 60_000 });
    await slice.run(async () => {
      await octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", title: "one" });
      await expect(octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", title: "two" })).rejects.toBeInstanceOf(WriteBudgetSpent);
    });
    expect(slice.spentUntil).toBe(3_600_000);
    expect(scope.isDone()).toBe(true);
  });
});

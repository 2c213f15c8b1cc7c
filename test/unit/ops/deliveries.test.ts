import { pino } from "pino";
import { Probot } from "probot";
import { beforeAll, describe, expect, it } from "vitest";
import { deliveryOf, enqueueDelivery } from "../../../src/handlers/handler-deps.js";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { observeDeliveries } from "../../../src/ops/observe-deliveries.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";
import { generateAppKeys } from "../../support/fake-github/app-auth.js";
import { metricValue } from "./metric-value.js";

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const DELIVERIES = "taskmirror_webhook_deliveries_total";

/**
 * Every delivery counted once by event and outcome, and one summary line per delivery's work:
 * Probot's own `receive`, the app's registration (`observeDeliveries`) and its queue.
 */
describe("webhook deliveries", () => {
  const lines: Line[] = [];
  const queue = new RepoQueue();
  const deps = { queue, botLogin: async () => "taskmirror[bot]", submit: async () => undefined };
  let probot: Probot;
  let id = 0;
  const receive = (name: string, payload: Record<string, unknown>) =>
    probot.receive({ id: `delivery-${++id}`, name, payload } as Parameters<Probot["receive"]>[0]);
  const count = (event: string, outcome: string) => metricValue(DELIVERIES, { event, outcome });

  beforeAll(async () => {
    const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
    probot = new Probot({ appId: 1, privateKey: generateAppKeys().privateKey, secret: "s", log, Octokit: TaskmirrorOctokit, baseUrl: "https://api.test" });
    await probot.load((app: Probot) => {
      const on = observeDeliveries(app);
      on("push", async (context) => {
        const ref = String(context.payload.ref);
        if (ref === "refs/heads/other") return;
        const log = context.log.child({ repo: "acme/widgets", delivery: context.id });
        enqueueDelivery(deps, "acme/widgets", deliveryOf(context), log, async () => {
          if (ref === "refs/heads/boom") throw new Error("the sync broke");
          if (ref === "refs/heads/nothing") return undefined;
          return { planned: 3, applied: 2, details: { documents: 1 } };
        });
      });
      on(["issues.closed"], async () => {
        throw new Error("the handler broke");
      });
    });
  });

  it("counts work that ran as done, with one summary line carrying the counts", async () => {
    const before = await count("push", "done");
    await receive("push", { ref: "refs/heads/main" });
    await queue.onIdle();
    expect((await count("push", "done")) - before).toBe(1);
    const summary = lines.filter((line) => line.msg === "delivery done");
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ level: 30, repo: "acme/widgets", delivery: `delivery-${id}`, event: "push", planned: 3, applied: 2, reads: 0, writes: 0, documents: 1 });
    expect(summary[0]!.durationMs).toEqual(expect.any(Number));
  });

  it("counts as ignored a delivery whose handler queued nothing, work that found nothing to do, and an event without a handler", async () => {
    const before = await Promise.all([count("push", "ignored"), count("label.created", "ignored")]);
    await receive("push", { ref: "refs/heads/other" });
    await receive("push", { ref: "refs/heads/nothing" });
    await receive("label", { action: "created", label: { name: "x" } });
    await queue.onIdle();
    const after = await Promise.all([count("push", "ignored"), count("label.created", "ignored")]);
    expect(after.map((value, index) => value - before[index]!)).toEqual([2, 1]);
  });

  it("counts a failure once: work that threw (logged once, not rethrown) and a handler that threw (Probot answers 500)", async () => {
    const before = await Promise.all([count("push", "failed"), count("issues.closed", "failed")]);
    const errorsBefore = lines.filter((line) => line.level >= 50).length;
    await receive("push", { ref: "refs/heads/boom" });
    await queue.onIdle();
    await expect(receive("issues", { action: "closed", issue: { number: 1 } })).rejects.toThrow(/the handler broke/);
    const after = await Promise.all([count("push", "failed"), count("issues.closed", "failed")]);
    expect(after.map((value, index) => value - before[index]!)).toEqual([1, 1]);
    const errors = lines.filter((line) => line.level >= 50).slice(errorsBefore);
    expect(errors.map((line) => line.msg)).toContain("delivery failed: the sync broke");
    expect(errors.filter((line) => line.msg === "taskmirror job failed")).toEqual([]);
  });

  it("starts every outcome of a handled event at 0 and leaves the queue empty", async () => {
    expect(await count("issues.closed", "done")).toBe(0);
    expect(await metricValue("taskmirror_queue_depth", { state: "waiting" })).toBe(0);
    expect(await metricValue("taskmirror_queue_depth", { state: "running" })).toBe(0);
    expect(await metricValue("taskmirror_queue_wait_seconds_count")).toBe(3);
  });
});

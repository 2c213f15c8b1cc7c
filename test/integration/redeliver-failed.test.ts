import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GitHub } from "../../src/github/types.js";
import { redeliverFailed, type RedeliveryState } from "../../src/ops/redeliver-failed.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks.md";
const plan = (done = " ") => ["# Plan", "", "### TASK-001: Write the parser", "", `- [${done}] Parse headings`, ""].join("\n");

describe("redeliverFailed: webhooks GitHub could not deliver while the app was down", () => {
  let app: AppHarness;

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { [PLAN]: plan() } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
  });
  afterEach(async () => {
    await app.close();
  });

  const body = () =>
    app.fake
      .snapshot()
      .repositories.find((repo) => repo.full_name === `${OWNER}/${REPO}`)!
      .issues.find((issue) => issue.title.startsWith("TASK-001"))!.body ?? "";
  const appClient = async () => (await app.probot.auth()) as unknown as GitHub;
  const down = () => app.fake.setWebhook({ url: null, secret: app.fake.app.webhookSecret });
  const up = () => app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret });
  const redeliveries = () => app.fake.requests().filter((request) => request.method === "POST" && /^\/app\/hook\/deliveries\/\d+\/attempts$/.test(request.path));

  it("redelivers each failed GUID once, so the push missed during downtime is synced", async () => {
    const state: RedeliveryState = { redelivered: new Set() };
    // Everything delivered so far succeeded: nothing to do, and the log is read up to here.
    expect(await redeliverFailed(await appClient(), state, app.probot.log)).toMatchObject({ failed: 0, redelivered: 0 });

    down();
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("x") } });
    await app.fake.waitForQuiet({ quietMs: 50 });
    const missed = app.fake.deliveries().filter((delivery) => delivery.statusText !== "OK");
    expect(missed.map((delivery) => delivery.event)).toEqual(["push", "check_suite"]);
    expect(body()).toContain("- [ ] Parse headings");

    up();
    const report = await redeliverFailed(await appClient(), state, app.probot.log);
    expect(report).toEqual({ listed: 2, failed: 2, redelivered: 2, alreadyRedelivered: 0, refused: 0 });
    await app.settle();
    expect(body()).toContain("- [x] Parse headings");
    const again = app.fake.deliveries().filter((delivery) => delivery.redelivery);
    expect(again.map((delivery) => [delivery.guid, delivery.statusText])).toEqual(missed.map((delivery) => [delivery.guid, "OK"]));

    // Once per GUID: the same process, and a restarted one (no memory), redeliver nothing more.
    const before = redeliveries().length;
    expect(await redeliverFailed(await appClient(), state, app.probot.log)).toMatchObject({ redelivered: 0 });
    expect(await redeliverFailed(await appClient(), { redelivered: new Set() }, app.probot.log)).toMatchObject({ failed: 0, redelivered: 0 });
    expect(redeliveries()).toHaveLength(before);
    expect(app.fake.violations()).toEqual([]);
  });

  it("does not redeliver a GUID a second time when its redelivery failed too, even after a restart", async () => {
    down();
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("x") } });
    await app.fake.waitForQuiet({ quietMs: 50 });
    // Still down when the redelivery arrives.
    const first = await redeliverFailed(await appClient(), { redelivered: new Set() }, app.probot.log);
    expect(first).toMatchObject({ failed: 2, redelivered: 2 });
    await app.fake.waitForQuiet({ quietMs: 50 });
    expect(app.fake.deliveries().filter((delivery) => delivery.redelivery && delivery.statusText !== "OK")).toHaveLength(2);

    up();
    const restarted = await redeliverFailed(await appClient(), { redelivered: new Set() }, app.probot.log);
    expect(restarted).toEqual({ listed: expect.any(Number), failed: 2, redelivered: 0, alreadyRedelivered: 2, refused: 0 });
    expect(redeliveries()).toHaveLength(2);
  });

  it("redelivers a timed-out delivery (status_code 0, which the status=failure filter misses)", async () => {
    // A receiver that never answers within the fake's (shortened) timeout.
    const { createServer } = await import("node:http");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    app.fake.setWebhook({ url: `http://127.0.0.1:${port}/`, secret: app.fake.app.webhookSecret, timeoutMs: 200 });
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("x") } });
    await app.fake.waitForQuiet({ quietMs: 50 });
    silent.closeAllConnections();
    silent.close();
    const timedOut = app.fake.deliveries().filter((delivery) => delivery.statusText === "timed out");
    expect(timedOut.map((delivery) => delivery.statusCode)).toEqual([0, 0]);

    up();
    expect(await redeliverFailed(await appClient(), { redelivered: new Set() }, app.probot.log)).toMatchObject({ failed: 2, redelivered: 2 });
    await app.settle();
    expect(body()).toContain("- [x] Parse headings");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { startSmeeRelay, type SmeeRelay } from "../support/smee-relay.js";
import { startAppProcess, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

/**
 * `npm start` on a laptop: GitHub cannot reach it, so the app's webhook URL is a smee.io
 * channel and WEBHOOK_PROXY_URL makes Probot start smee-client (a devDependency), which
 * re-posts each delivery to the local server. Here a local relay plays smee.io; the fake
 * GitHub posts to the relay only, never to the app.
 */
describe("receiving webhooks through a smee channel", () => {
  let fake: FakeGitHub;
  let relay: SmeeRelay;
  let app: AppProcess;

  beforeAll(async () => {
    relay = await startSmeeRelay();
    fake = await startFakeGitHub();
    app = await startAppProcess({
      appId: fake.app.id,
      privateKey: fake.app.privateKey,
      webhookSecret: fake.app.webhookSecret,
      gheHost: fake.host,
      env: { WEBHOOK_PROXY_URL: relay.url, LOG_LEVEL: "info" },
    });
    fake.setWebhook({ url: relay.url, secret: fake.app.webhookSecret });
    await waitFor(() => relay.listeners() === 1, "smee-client on the channel");
  });

  afterAll(async () => {
    await app?.stop();
    await relay?.close();
    await fake?.close();
  });

  it("syncs a repository installed and pushed to, from deliveries that came through the channel", async () => {
    await fake.createRepo({ owner: "octocat", name: "laptop", files: { "docs/tasks/TASK-001.md": "# TASK-001: First task\n\n**Status**: To Do\n\n- [ ] Try it\n" } });
    await fake.installApp({ owner: "octocat", repos: ["laptop"] });
    const issues = () => fake.snapshot().repositories.find((r) => r.full_name === "octocat/laptop")!.issues;
    await waitFor(() => issues().length === 1, "the issue of the install");

    await fake.push({ owner: "octocat", repo: "laptop", files: { "docs/tasks/TASK-002.md": "# TASK-002: First push\n\n**Status**: To Do\n" } });
    await waitFor(() => issues().length === 2, "the issue of the first push");
    await fake.waitForQuiet({ quietMs: 500 });
    expect(issues().map((issue) => issue.title)).toEqual(["TASK-001: First task", "TASK-002: First push"]);
    expect(relay.relayed()).toBe(fake.deliveries().length);
    const lines = app.output().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines.some((line) => line.msg === `Forwarding ${relay.url} to ${app.webhookUrl}`)).toBe(true);
    expect(lines.filter((line) => line.msg === "delivery done").length).toBe(2);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});

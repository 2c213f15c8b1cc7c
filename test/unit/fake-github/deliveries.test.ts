import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { startReceiver, statusOf, useHarness, WEBHOOK_SECRET } from "./fake-harness.js";

const h = useHarness();

interface DeliveryItem {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action: string | null;
  installation_id: number | null;
  repository_id: number | null;
}

/** The app itself, authenticated with its JWT (auth-app signs one for `/app/...` routes). */
function appOctokit(): Octokit {
  return new Octokit({
    baseUrl: h.fake.apiUrl,
    authStrategy: createAppAuth,
    auth: { appId: h.fake.app.id, privateKey: h.fake.app.privateKey },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

async function listAll(octokit: Octokit, query: Record<string, unknown> = {}): Promise<DeliveryItem[]> {
  return (await octokit.paginate("GET /app/hook/deliveries", { per_page: 2, ...query })) as DeliveryItem[];
}

describe("the app's webhook deliveries API", () => {
  it("lists deliveries newest first with cursor pagination, to the app's JWT only", async () => {
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "a.md": "a\n" } });
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "b.md": "b\n" } });
    await h.fake.waitForQuiet({ quietMs: 50 });
    const app = appOctokit();
    const firstPage = await app.request("GET /app/hook/deliveries", { per_page: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(String(firstPage.headers.link)).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/v3\/app\/hook\/deliveries\?per_page=2&cursor=[\w-]+>; rel="next"$/);
    const all = await listAll(app);
    const recorded = h.fake.deliveries();
    expect(all.map((item) => item.id)).toEqual(recorded.map((delivery) => delivery.id).reverse());
    expect(all.map((item) => [item.event, item.status, item.status_code])).toEqual([
      ["check_suite", "OK", 202],
      ["push", "OK", 202],
      ["check_suite", "OK", 202],
      ["push", "OK", 202],
      ["installation", "OK", 202],
    ]);
    const push = all[1] as DeliveryItem;
    expect(push).toMatchObject({ redelivery: false, action: null, installation_id: h.installationId, repository_id: expect.any(Number), delivered_at: expect.stringMatching(/Z$/) });
    expect(push.guid).toBe(recorded.find((delivery) => delivery.id === push.id)?.guid);

    // An installation token is not the app's JWT.
    const { token } = (await h.octokit.auth({ type: "installation" })) as { token: string };
    const refused = await fetch(`${h.fake.apiUrl}/app/hook/deliveries`, { headers: { authorization: `token ${token}` } });
    expect([refused.status, ((await refused.json()) as { message: string }).message]).toEqual([401, "A JSON web token could not be decoded"]);
  });

  it("records failures with GitHub's status texts and filters them by status code", async () => {
    const failing = await startReceiver(500);
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const push = (name: string) => h.fake.push({ owner: "acme", repo: "widgets", files: { [name]: `${name}\n` } });
      h.fake.setWebhook({ url: failing.url, secret: WEBHOOK_SECRET, events: ["push"] });
      await push("a.md");
      h.fake.setWebhook({ url: `http://127.0.0.1:${closedPort}/`, secret: WEBHOOK_SECRET, events: ["push"] });
      await push("b.md");
      h.fake.setWebhook({ url: null, secret: WEBHOOK_SECRET, events: ["push"] });
      await push("c.md");
      h.fake.setWebhook({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, secret: WEBHOOK_SECRET, events: ["push"], timeoutMs: 200 });
      await push("d.md");
      await h.fake.waitForQuiet({ quietMs: 50 });
      const app = appOctokit();
      const pushes = (await listAll(app)).filter((item) => item.event === "push").reverse();
      expect(pushes.map((item) => [item.status, item.status_code])).toEqual([
        ["Invalid HTTP Response: 500", 500],
        ["failed to connect to host", 502],
        ["failed to connect to host", 502],
        ["timed out", 0],
      ]);
      // The documented filter is by status code (failure: 400–599): a timeout (0) is not in it.
      expect((await listAll(app, { status: "failure" })).map((item) => item.status_code)).toEqual([502, 502, 500]);
      expect((await listAll(app, { status: "success" })).map((item) => item.event)).toEqual(["installation"]);
      expect(h.fake.deliveries().filter((delivery) => delivery.event === "push").map((delivery) => delivery.url)).toEqual([
        failing.url,
        `http://127.0.0.1:${closedPort}/`,
        null,
        `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
      ]);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await failing.close();
    }
  });

  it("shows one delivery with what was sent and what the app answered", async () => {
    const app = appOctokit();
    const [installation] = await listAll(app);
    const { data } = await app.request("GET /app/hook/deliveries/{delivery_id}", { delivery_id: (installation as DeliveryItem).id });
    expect(data).toMatchObject({
      id: installation?.id,
      guid: installation?.guid,
      event: "installation",
      action: "created",
      status: "OK",
      url: h.receiver.url,
      request: { headers: { "x-github-event": "installation", "x-github-delivery": installation?.guid }, payload: { action: "created", installation: { id: h.installationId } } },
      response: { payload: "ok" },
    });
    expect((await statusOf(app.request("GET /app/hook/deliveries/{delivery_id}", { delivery_id: 1 }))).status).toBe(404);
    expect((await statusOf(app.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: 1 }))).status).toBe(404);
  });

  it("keeps the events of a downtime as failed deliveries, and redelivers each once with its GUID", async () => {
    const up = { url: h.receiver.url, secret: WEBHOOK_SECRET };
    h.fake.setWebhook({ ...up, url: null });
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": "- [x] TASK-1 Write it\n" } });
    await h.fake.createIssue({ owner: "acme", repo: "widgets", title: "by hand", sender: "alice" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    h.fake.setWebhook(up);
    expect(h.events()).toEqual(["installation.created"]);

    const app = appOctokit();
    const failed = (await listAll(app)).filter((item) => item.status !== "OK");
    expect(failed.map((item) => item.event).sort()).toEqual(["check_suite", "issues", "push"]);
    for (const item of failed) {
      const attempt = await app.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: item.id });
      expect(attempt.status).toBe(202);
    }
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(h.events().sort()).toEqual(["check_suite.requested", "installation.created", "issues.opened", "push"]);
    const guids = h.receiver.received.map((hook) => String(hook.headers["x-github-delivery"]));
    expect(new Set(guids).size).toBe(guids.length);
    expect(guids.slice(1).sort()).toEqual(failed.map((item) => item.guid).sort());
    const latest = (await listAll(app)).slice(0, 3);
    expect(latest.map((item) => [item.redelivery, item.status]).every(([redelivery, status]) => redelivery === true && status === "OK")).toBe(true);
    expect(latest.map((item) => item.guid).sort()).toEqual(failed.map((item) => item.guid).sort());
  });
});

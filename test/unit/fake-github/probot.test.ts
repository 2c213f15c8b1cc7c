import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../support/fake-github/index.js";

let fake: FakeGitHub;
let server: Server;
const handled: string[] = [];

beforeAll(async () => {
  fake = await startFakeGitHub({ checkResponses: true });
  const probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, secret: fake.app.webhookSecret, baseUrl: fake.apiUrl, log: pino({ level: "silent" }) });
  const middleware = await createNodeMiddleware(
    (app: Probot) => {
      app.on("push", async (context) => {
        const config = await context.config<{ labels?: string[] }>("taskmirror.yml", {});
        await context.octokit.rest.issues.create(context.repo({ title: `pushed ${context.payload.after.slice(0, 7)}`, labels: config?.labels ?? [] }));
        handled.push(`push by ${context.payload.sender?.login ?? "?"}`);
      });
      app.on("issues.opened", async (context) => {
        handled.push(`issues.opened by ${context.payload.sender.login} (${context.isBot ? "bot" : "person"})`);
      });
    },
    { probot },
  );
  server = createServer((request, response) => void middleware(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.setWebhook({ url: `http://127.0.0.1:${port}/api/github/webhooks`, secret: fake.app.webhookSecret });
});

afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Probot against the fake", () => {
  it("verifies the fake's signatures, authenticates as the installation, reads config, writes, and hears its own write", async () => {
    await fake.createRepo({ owner: "acme", name: "widgets", files: { ".github/taskmirror.yml": "labels: [taskmirror]\n", "tasks.md": "- [ ] TASK-1\n" } });
    await fake.installApp({ owner: "acme", repos: ["widgets"] });
    const sha = await fake.push({ owner: "acme", repo: "widgets", files: { "tasks.md": "- [x] TASK-1\n" }, author: "alice" });
    await fake.waitForQuiet({ quietMs: 100 });
    expect(handled).toEqual(["push by alice", "issues.opened by taskmirror[bot] (bot)"]);
    const issues = fake.snapshot().repositories[0]?.issues.map((issue) => [issue.title, issue.user, issue.labels]);
    expect(issues).toEqual([[`pushed ${sha.slice(0, 7)}`, "taskmirror[bot]", ["taskmirror"]]]);
    expect(fake.deliveries().every((delivery) => delivery.status === 200)).toBe(true);
    expect(fake.requests().filter((request) => request.status >= 400)).toEqual([]);
    expect(fake.violations()).toEqual([]);
    expect(fake.responseProblems()).toEqual([]);
  });
});

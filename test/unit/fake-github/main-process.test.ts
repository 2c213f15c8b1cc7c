import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHubClient } from "../../support/fake-github/index.js";
import { startReceiver, type Receiver } from "./fake-harness.js";

const root = join(import.meta.dirname, "../../..");

interface Ready {
  url: string;
  apiUrl: string;
  host: string;
  appId: number;
  appSlug: string;
  privateKeyFile: string;
  webhookSecret: string;
}

let child: ChildProcess;
let ready: Ready;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  const flags = [
    ["--faults", JSON.stringify({ seed: 3, rate: 1, kinds: ["server-error"], routes: [{ route: "/repos/{owner}/{repo}/branches/{branch}" }] })],
    ["--limits", JSON.stringify({ primaryPerHour: 100 })],
    ["--clock-scale", "60"],
    ["--quirks", JSON.stringify({ creatorFilterIgnoresBots: true })],
  ].flat();
  const args = ["test/support/fake-github/main.ts", "--port", "0", "--webhook-url", receiver.url, "--webhook-secret", "demo-secret", ...flags];
  child = spawn(join(root, "node_modules/.bin/tsx"), args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  ready = await new Promise<Ready>((resolve) => lines.once("line", (line) => resolve(JSON.parse(line) as Ready)));
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGTERM");
  await receiver.close();
});

describe("main.ts", () => {
  it("prints where it listens and the app's credentials, and is driven over HTTP", async () => {
    expect(ready.host).toBe(new URL(ready.url).host);
    expect(ready.apiUrl).toBe(`${ready.url}/api/v3`);
    expect(ready.webhookSecret).toBe("demo-secret");
    expect(readFileSync(ready.privateKeyFile, "utf8")).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);

    const fake = new FakeGitHubClient(ready.url);
    await fake.createRepo({ owner: "acme", name: "demo", files: { "tasks.md": "- [ ] TASK-1 Demo\n" } });
    const { installationId } = await fake.installApp({ owner: "acme", repos: ["demo"] });
    expect(typeof installationId).toBe("number");
    const sha = await fake.push({ owner: "acme", repo: "demo", files: { "tasks.md": "- [x] TASK-1 Demo\n" }, author: "alice" });
    await fake.failNext({ method: "GET", path: /\/repos\/acme\/demo$/, status: 500 });
    await fake.waitForQuiet({ quietMs: 50 });
    const snapshot = await fake.snapshot();
    expect(snapshot.repositories[0]?.branches.main).toBe(sha);
    expect(snapshot.repositories[0]?.files["tasks.md"]).toBe("- [x] TASK-1 Demo\n");
    expect((await fake.deliveries()).map((delivery) => [delivery.event, delivery.status])).toEqual([
      ["installation", 202],
      ["push", 202],
      ["check_suite", 202],
    ]);
    expect(receiver.received.map((hook) => hook.headers["x-github-event"])).toEqual(["installation", "push", "check_suite"]);
    expect(await fake.violations()).toEqual([]);
    await expect(fake.push({ owner: "acme", repo: "nope", files: {} })).rejects.toThrow("fake GitHub push: 404 fake GitHub: no repository acme/nope");

    // The flags: faults on one route, a primary limit of 100, the creator quirk.
    const octokit = new Octokit({
      baseUrl: ready.apiUrl,
      authStrategy: createAppAuth,
      auth: { appId: ready.appId, privateKey: readFileSync(ready.privateKeyFile, "utf8"), installationId },
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const branch = await octokit.repos.getBranch({ owner: "acme", repo: "demo", branch: "main" }).catch((error: { status: number }) => error);
    expect((branch as { status: number }).status).toBeGreaterThanOrEqual(500);
    expect((await fake.faults()).map((fault) => [fault.kind, fault.route])).toEqual([["server-error", "/repos/{owner}/{repo}/branches/{branch}"]]);
    await octokit.issues.create({ owner: "acme", repo: "demo", title: "TASK-1" });
    expect((await octokit.issues.listForRepo({ owner: "acme", repo: "demo", creator: "taskmirror[bot]" })).data).toEqual([]);
    expect(await fake.rateLimit(installationId)).toMatchObject({ limit: 100, used: 3 });
    expect(await fake.limitHits()).toEqual([]);

    const exited = new Promise((resolve) => child.once("exit", resolve));
    await fake.close();
    await exited;
    expect(child.exitCode).toBe(0);
  });
});

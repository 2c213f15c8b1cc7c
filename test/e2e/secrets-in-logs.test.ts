import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

const OWNER = "acme";
const REPO = "secrets";
const METRICS_TOKEN = "metrics-bearer-token-5f1e2d";

interface LogLine {
  level: number;
  msg: string;
  name?: string;
  err?: { request?: { headers?: Record<string, string> }; aggregateErrors?: unknown[] };
  req?: { url?: string; headers?: Record<string, string> };
  [key: string]: unknown;
}

/**
 * The real server at LOG_LEVEL=trace, everything it writes scanned for its credentials: the
 * installation tokens GitHub issued it, its private key, its webhook secret, the metrics
 * token, JWTs — including in the errors it logs when GitHub refuses a request, and in the
 * request lines of a scrape of /metrics.
 */
describe("secrets never reach the logs", () => {
  let fake: FakeGitHub;
  let app: AppProcess;

  const lines = () => app.logLines() as LogLine[];

  beforeAll(async () => {
    ({ fake, app } = await startFakeAndApp({ LOG_LEVEL: "trace", METRICS_TOKEN }));
    await fake.createRepo({
      owner: OWNER,
      name: REPO,
      files: {
        "docs/tasks/TASK-001.md": "# TASK-001: Keep the secrets\n\n**Status**: To Do\n\n- [ ] Redact them\n",
        "docs/tasks/TASK-002.md": "# TASK-002: Log the errors\n\n**Status**: To Do\n\n- [ ] Without the token\n",
      },
    });
    // GitHub refuses the first issue: the error is logged, with the request it failed on.
    fake.failNext({ method: "POST", path: new RegExp(`/repos/${OWNER}/${REPO}/issues$`), status: 403, body: { message: "Resource not accessible by integration" } });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await waitFor(() => lines().some((line) => line.msg === "delivery done" || line.msg.startsWith("delivery failed")), "the install's summary line", 60_000);
    await fake.waitForQuiet({ quietMs: 500 });
    const scraped = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    await waitFor(() => lines().some((line) => line.name === "http" && line.req?.url === "/metrics"), "the scrape's request line");
    await app.stop();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("logs the refused request's error with its authorization redacted", () => {
    expect(fake.requests().filter((r) => r.injected).map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual(["POST /repos/{owner}/{repo}/issues 403"]);
    const refused = lines().filter((line) => line.err?.request?.headers !== undefined);
    expect(refused.length).toBeGreaterThan(0);
    for (const line of refused) expect(line.err!.request!.headers!.authorization).toBe("[redacted]");
  });

  it("logs the scrape's request line with its bearer token redacted", () => {
    const scrape = lines().find((line) => line.name === "http" && line.req?.url === "/metrics")!;
    expect(scrape.req!.headers!.authorization).toBe("[redacted]");
  });

  it("prints no installation token, private key, webhook secret, metrics token or JWT in any line", () => {
    const output = app.output();
    // At trace level the server wrote every request it made and answered, and every delivery.
    expect(lines().filter((line) => line.msg.startsWith("GitHub request: ")).length).toBeGreaterThan(10);
    expect(lines().filter((line) => line.name === "http").length).toBeGreaterThan(5);
    const tokens = [...fake.ctx.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const keyLines = fake.app.privateKey.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"));
    const leaked = [...tokens, fake.app.webhookSecret, METRICS_TOKEN, ...keyLines].filter((secret) => output.includes(secret));
    expect(leaked).toEqual([]);
    expect(output).not.toMatch(/PRIVATE KEY/);
    expect(output).not.toMatch(/\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(output).not.toMatch(/\bghs_[A-Za-z0-9]{20,}/);
  });
});

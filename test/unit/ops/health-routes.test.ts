import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { healthRoutes } from "../../../src/ops/health-routes.js";
import { metrics } from "../../../src/ops/metrics.js";
import { Readiness, type RedisPing } from "../../../src/ops/readiness.js";

let server: Server | undefined;

/** The routes on a server of their own, as Probot's server calls an added handler. */
async function serve(routes: ReturnType<typeof healthRoutes>): Promise<string> {
  server = createServer((request, response) => {
    void routes(request, response).then((answered) => {
      if (!answered) response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
};

const ready = () => {
  const readiness = new Readiness();
  readiness.useCredentials(async () => "a JWT");
  return readiness;
};

describe("health and metrics routes", () => {
  afterEach(async () => {
    const running = server;
    server = undefined;
    if (running) await new Promise((resolve) => running.close(resolve));
  });

  it("answers liveness always, and leaves every other path to the next handler", async () => {
    const readiness = new Readiness();
    readiness.stop();
    const base = await serve(healthRoutes({ readiness }));
    expect(await get(`${base}/healthz`)).toEqual({ status: 200, type: "application/json; charset=utf-8", body: '{"status":"ok"}\n' });
    expect((await get(`${base}/api/github/webhooks`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(404);
  });

  it("is ready with working credentials, and says why not otherwise", async () => {
    const broken = new Readiness();
    broken.useCredentials(async () => {
      throw new Error("secretOrPrivateKey must be an asymmetric key when using RS256");
    });
    const states = [await new Readiness().check(), await broken.check(), await ready().check()];
    expect(states).toEqual([
      { ready: false, reason: "credentials: not loaded (the app has not started)" },
      { ready: false, reason: "credentials: secretOrPrivateKey must be an asymmetric key when using RS256" },
      { ready: true },
    ]);
  });

  it("is not ready while Redis does not answer PING in time or refuses it, nor once shutting down", async () => {
    const redis = (ping: () => Promise<unknown>): RedisPing => ({ ping });
    const silent = new Readiness({ redis: redis(() => new Promise(() => {})), pingTimeoutMs: 50 });
    const refusing = new Readiness({ redis: redis(async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379"))) });
    const answering = new Readiness({ redis: redis(async () => "PONG") });
    for (const readiness of [silent, refusing, answering]) readiness.useCredentials(async () => "a JWT");
    const base = await serve(healthRoutes({ readiness: silent }));
    expect(await get(`${base}/readyz`)).toEqual({
      status: 503,
      type: "application/json; charset=utf-8",
      body: '{"status":"not ready","reason":"redis: no answer to PING within 50 ms"}\n',
    });
    expect(await refusing.check()).toEqual({ ready: false, reason: "redis: connect ECONNREFUSED 127.0.0.1:6379" });
    expect(await answering.check()).toEqual({ ready: true });
    answering.stop();
    expect(await answering.check()).toEqual({ ready: false, reason: "shutting down" });
  });

  it("serves the metrics in Prometheus's text format, only with the bearer token when one is set", async () => {
    metrics.checkRun("success");
    const base = await serve(healthRoutes({ readiness: ready(), metricsToken: "scrape-token" }));
    const refused = await Promise.all([get(`${base}/metrics`), get(`${base}/metrics`, { authorization: "Bearer wrong-token!" }), get(`${base}/metrics`, { authorization: "scrape-token" })]);
    expect(refused.map((answer) => answer.status)).toEqual([401, 401, 401]);
    const scraped = await get(`${base}/metrics`, { authorization: "Bearer scrape-token" });
    expect([scraped.status, scraped.type]).toEqual([200, "text/plain; version=0.0.4; charset=utf-8"]);
    expect(scraped.body).toContain("# TYPE taskmirror_check_runs_total counter");
    expect(scraped.body).toMatch(/^taskmirror_check_runs_total\{conclusion="success"\} [1-9]/m);
    expect(scraped.body).toMatch(/^taskmirror_tick_writebacks_total\{outcome="reverted"\} 0$/m);
  });

  it("serves the metrics to anyone without a token", async () => {
    const base = await serve(healthRoutes({ readiness: ready() }));
    expect((await get(`${base}/metrics`)).status).toBe(200);
  });
});

import { Writable } from "node:stream";
import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { createLog } from "../../../src/ops/create-log.js";
import { logFormat } from "../../../src/ops/log-format.js";
import { generateAppKeys } from "../../support/fake-github/app-auth.js";

const api = "https://api.test";
const { privateKey } = generateAppKeys();
const WEBHOOK_SECRET = "9f2c1d7e4b8a6035";
const METRICS_TOKEN = "scrape-me-please-1234";
const TOKEN = "ghs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxIiwiaWF0IjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";

/** A logger as the server makes it, writing into a string. */
async function capture(env: Record<string, string> = {}, terminal = false) {
  let text = "";
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const log = await createLog({ PRIVATE_KEY: privateKey, WEBHOOK_SECRET, METRICS_TOKEN, LOG_LEVEL: "trace", ...env }, terminal, destination);
  const flushed = async (lines: number) => {
    for (let i = 0; i < 100 && text.split("\n").length <= lines; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    return text;
  };
  return { log, flushed };
}

describe("the app's logger", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it("is JSON in production (even on a terminal) and when piped, pretty on a terminal, as LOG_FORMAT says when set", () => {
    expect([
      logFormat({ NODE_ENV: "production" }, true),
      logFormat({ NODE_ENV: "production" }, false),
      logFormat({}, true),
      logFormat({}, false),
      logFormat({ LOG_FORMAT: "pretty", NODE_ENV: "production" }, false),
      logFormat({ LOG_FORMAT: "json" }, true),
      logFormat({ LOG_FORMAT: "anything" }, true),
    ]).toEqual(["json", "json", "pretty", "json", "pretty", "json", "json"]);
  });

  it("writes JSON lines, or Probot's pretty lines on a terminal", async () => {
    const json = await capture({}, false);
    json.log.info({ repo: "acme/widgets" }, "delivery done");
    expect(JSON.parse((await json.flushed(1)).trim())).toMatchObject({ level: 30, name: "probot", repo: "acme/widgets", msg: "delivery done" });
    const pretty = await capture({}, true);
    pretty.log.info({ repo: "acme/widgets" }, "delivery done");
    const line = await pretty.flushed(1);
    expect(line).toMatch(/INFO.*delivery done/);
    expect(() => JSON.parse(line)).toThrow();
  });

  it("redacts the authorization of a request that failed, however deep the error", async () => {
    nock(api).post("/repos/acme/widgets/labels").reply(403, { message: "Resource not accessible by integration" });
    const octokit = new TaskmirrorOctokit({ baseUrl: api, log: pino({ level: "silent" }) });
    const failed = await octokit
      .request("POST /repos/{owner}/{repo}/labels", { owner: "acme", repo: "widgets", name: "x", headers: { authorization: `token ${TOKEN}` } })
      .catch((error: unknown) => error);
    expect((failed as { request: { headers: Record<string, string> } }).request.headers.authorization).toBe("token [REDACTED]");
    // Another library's error, with the header as sent, inside an aggregate (Probot's handler errors).
    const raw = Object.assign(new Error("socket hang up"), {
      request: { method: "GET", url: `${api}/repos/acme/widgets`, headers: { authorization: `token ${TOKEN}`, accept: "application/json" }, body: "{}" },
    });
    const { log, flushed } = await capture({ LOG_FORMAT: "json" });
    log.error({ err: failed }, "create failed");
    log.error(new AggregateError([raw], "handlers failed"));
    const [first, second] = (await flushed(2)).trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
    expect(first!.err.status).toBe(403);
    expect(first!.err.request.headers).toMatchObject({ authorization: "[redacted]" });
    expect(first!.err.request.method).toBe("POST");
    expect(second!.err.aggregateErrors[0].request).toEqual({
      method: "GET",
      url: `${api}/repos/acme/widgets`,
      headers: { authorization: "[redacted]", accept: "application/json" },
      body: "[omitted]",
    });
    expect(JSON.stringify([first, second])).not.toContain(TOKEN.slice(4));
  });

  it("redacts credentials in request headers and credential-named fields", async () => {
    const { log, flushed } = await capture({ LOG_FORMAT: "json" });
    log.info({ req: { method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}`, "x-hub-signature-256": "sha256=abc" } } }, "GET /metrics 200");
    log.info({ token: TOKEN, response: { data: { token: TOKEN, expires_at: "soon" } } }, "installation token");
    const [http, token] = (await flushed(2)).trim().split("\n").map((line) => JSON.parse(line) as Record<string, any>);
    expect(http!.req.headers).toEqual({ authorization: "[redacted]", "x-hub-signature-256": "[redacted]" });
    expect(token!.token).toBe("[redacted]");
    expect(token!.response.data.token).toBe("[redacted]");
  });

  it("scrubs tokens, JWTs, the private key and the configured secrets from the text of any line", async () => {
    const { log, flushed } = await capture({ LOG_FORMAT: "json" });
    log.warn(`retrying with ${TOKEN} and ${JWT}`);
    log.warn({ detail: { nested: { value: `secret=${WEBHOOK_SECRET}; metrics=${METRICS_TOKEN}` } } }, "configuration");
    log.warn({ pem: undefined, key: privateKey, line: privateKey.split("\n")[3] }, "the key");
    const text = await flushed(3);
    for (const secret of [TOKEN, JWT, WEBHOOK_SECRET, METRICS_TOKEN, ...privateKey.split("\n").filter((line) => line.length > 20)]) {
      expect(text).not.toContain(secret);
    }
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
    expect(text.trim().split("\n").map((line) => JSON.parse(line).msg)).toEqual(["retrying with [redacted] and [redacted]", "configuration", "the key"]);
  });
});

import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMIT_RETRIES, TaskmirrorOctokit } from "../../../src/octokit.js";

const api = "https://api.test";
const secondary = { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." };

function client(warnings: string[] = []) {
  const log = pino({ level: "warn" }, { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) });
  // retry-after is in seconds; a base of 10 ms per second keeps the test fast. The handlers
  // come from TaskmirrorOctokit's defaults, which is what is under test.
  const throttle = { retryAfterBaseValue: 10 } as unknown as NonNullable<ConstructorParameters<typeof TaskmirrorOctokit>[0]>["throttle"];
  return new TaskmirrorOctokit({ auth: { token: "ghs_test" }, baseUrl: api, log, throttle });
}

describe("TaskmirrorOctokit", () => {
  beforeAll(() => {
    process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
    process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());

  it("waits out a secondary rate limit and sends the write again, once", async () => {
    const created = nock(api)
      .post("/repos/o/r/issues", { title: "T" })
      .reply(403, secondary, { "retry-after": "1" })
      .post("/repos/o/r/issues", { title: "T" })
      .reply(201, { number: 1, id: 11 });
    const warnings: string[] = [];
    const { data } = await client(warnings).request("POST /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", title: "T", request: { retries: 0 } });
    expect(data).toEqual({ number: 1, id: 11 });
    expect(created.isDone()).toBe(true);
    expect(warnings).toEqual(["Secondary rate limit on POST /repos/{owner}/{repo}/issues: retrying in 1 s (retry 1 of 3)"]);
  });

  it(`gives up after ${RATE_LIMIT_RETRIES} retries`, async () => {
    const scope = nock(api).get("/repos/o/r").times(RATE_LIMIT_RETRIES + 1).reply(429, secondary, { "retry-after": "1" });
    await expect(client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 429 });
    expect(scope.isDone()).toBe(true);
  });

  it("does not retry a failed create when asked not to (the caller checks what was created)", async () => {
    const scope = nock(api).post("/repos/o/r/issues").reply(502, { message: "Server Error" });
    await expect(
      client().request("POST /repos/{owner}/{repo}/issues", { owner: "o", repo: "r", title: "T", request: { retries: 0 } }),
    ).rejects.toMatchObject({ status: 502 });
    expect(scope.isDone()).toBe(true);
  });
});

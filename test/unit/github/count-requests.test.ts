import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { countRequests } from "../../../src/github/count-requests.js";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { generateAppKeys } from "../../support/fake-github/app-auth.js";

const api = "https://api.test";

describe("countRequests", () => {
  beforeAll(() => {
    process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
    process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());

  it("counts each piece of work's own requests, even on one shared client", async () => {
    nock(api).get("/repos/o/a").times(3).reply(200, {}).get("/repos/o/b").reply(200, {}).post("/repos/o/b/labels").times(2).reply(201, {});
    const octokit = new TaskmirrorOctokit({ auth: { token: "t" }, baseUrl: api, log: pino({ level: "silent" }) });
    const whole = countRequests(octokit);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const [a, b] = await Promise.all([
      countRequests(octokit, async (counts) => {
        for (let i = 0; i < 3; i += 1) {
          await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "a" });
          await pause();
        }
        return { ...counts };
      }),
      countRequests(octokit, async (counts) => {
        await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "b" });
        await pause();
        await octokit.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "b", name: "x" });
        await octokit.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "b", name: "y" });
        return { ...counts };
      }),
    ]);
    whole.stop();
    expect([a, b, { reads: whole.reads, writes: whole.writes }]).toEqual([
      { reads: 3, writes: 0 },
      { reads: 1, writes: 2 },
      { reads: 4, writes: 2 },
    ]);
  });
});

describe("countRequests and GraphQL", () => {
  beforeAll(() => {
    process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
    process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());

  it("counts a query as a read and a mutation as a write, though both are POSTs (also at GHES's /api/graphql)", async () => {
    for (const [baseUrl, path] of [[api, "/graphql"], [`${api}/api/v3`, "/api/graphql"]] as const) {
      const scope = nock(api).post(path).times(3).reply(200, { data: {} });
      const octokit = new TaskmirrorOctokit({ auth: { token: "t" }, baseUrl, log: pino({ level: "silent" }) });
      const counts = await countRequests(octokit, async (c) => {
        await octokit.graphql("query Ids($owner: String!) { repository(owner: $owner, name: \"r\") { id } }", { owner: "o" });
        await octokit.graphql("{ viewer { login } }");
        await octokit.graphql("mutation Make($input: CreateIssueInput!) { createIssue(input: $input) { issue { id } } }", { input: {} });
        return { ...c };
      });
      expect(scope.isDone()).toBe(true);
      expect(counts).toEqual({ reads: 2, writes: 1 });
    }
  });
});

describe("countRequests with an installation token", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it("does not count the installation-token request, and nested counts each see their own", async () => {
    const { privateKey } = generateAppKeys();
    const tokens = nock(api)
      .post("/app/installations/5/access_tokens")
      .reply(201, { token: "ghs_0123456789abcdefghijklmnopqrstuvwxyzAB", expires_at: new Date(Date.now() + 3_600_000).toISOString() });
    const work = nock(api).get("/repos/o/a").reply(200, {}).post("/repos/o/a/labels").reply(201, {}).get("/repos/o/a/labels").reply(200, []);
    const octokit = new TaskmirrorOctokit({ auth: { appId: 1, privateKey, installationId: 5 }, baseUrl: api, log: pino({ level: "silent" }) });
    const [outer, inner] = await countRequests(octokit, async (outerCounts) => {
      await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "a" });
      const innerCounts = await countRequests(octokit, async (counts) => {
        await octokit.request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "a", name: "x" });
        await octokit.request("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "a" });
        return { ...counts };
      });
      return [{ ...outerCounts }, innerCounts];
    });
    expect([tokens.isDone(), work.isDone()]).toEqual([true, true]);
    expect([outer, inner]).toEqual([
      { reads: 2, writes: 1 },
      { reads: 1, writes: 1 },
    ]);
  });
});

import nock from "nock";
import { pino } from "pino";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { TaskmirrorOctokit } from "../../../src/octokit.js";
import { metricValue } from "./metric-value.js";

const api = "https://api.test";
const REQUESTS = "taskmirror_github_requests_total";

describe("GitHub request metrics", () => {
  beforeAll(() => {
    process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
    process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());

  const client = () => new TaskmirrorOctokit({ auth: { token: "t" }, baseUrl: api, log: pino({ level: "silent" }), request: { retries: 0 } });

  it("labels every page of a pagination with its route template, never the concrete path", async () => {
    const pages = nock(api)
      .get("/repos/acme/widgets/issues")
      .query({ state: "all", per_page: "2" })
      .reply(200, [{ id: 1 }, { id: 2 }], { link: `<${api}/repositories/42/issues?state=all&per_page=2&page=2>; rel="next"` })
      .get("/repositories/42/issues")
      .query({ state: "all", per_page: "2", page: "2" })
      .reply(200, [{ id: 3 }]);
    const route = { method: "GET", route: "/repos/{owner}/{repo}/issues", status: "200" };
    const before = await metricValue(REQUESTS, route);
    const issues = await client().paginate("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", state: "all", per_page: 2 });
    expect([issues.length, pages.isDone()]).toEqual([3, true]);
    expect((await metricValue(REQUESTS, route)) - before).toBe(2);
    const labels = (await (await import("../../../src/ops/metrics.js")).metrics.render()).body;
    expect(labels).not.toMatch(/acme|widgets|repositories\/42/);
  });

  it("counts a refused request by its status, one without an answer as none, and a fixed path as itself", async () => {
    nock(api).get("/repos/acme/widgets/contents/missing.md").reply(404, { message: "Not Found" }).get("/app").reply(200, { slug: "taskmirror" });
    nock(api).post("/repos/acme/widgets/labels").replyWithError("socket hang up");
    const octokit = client();
    const missing = { method: "GET", route: "/repos/{owner}/{repo}/contents/{path}", status: "404" };
    const unanswered = { method: "POST", route: "/repos/{owner}/{repo}/labels", status: "none" };
    const app = { method: "GET", route: "/app", status: "200" };
    const before = await Promise.all([missing, unanswered, app].map((labels) => metricValue(REQUESTS, labels)));
    await expect(octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: "acme", repo: "widgets", path: "missing.md" })).rejects.toMatchObject({ status: 404 });
    await expect(octokit.request("POST /repos/{owner}/{repo}/labels", { owner: "acme", repo: "widgets", name: "x" })).rejects.toThrow(/socket hang up/);
    await octokit.request("GET /app");
    const after = await Promise.all([missing, unanswered, app].map((labels) => metricValue(REQUESTS, labels)));
    expect(after.map((value, index) => value - before[index]!)).toEqual([1, 1, 1]);
  });
});

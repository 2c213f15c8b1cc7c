import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Router } from "../../support/fake-github/router.js";
import { specOperation } from "../../support/fake-github/openapi-spec.js";
import { startHarness, statusOf, type Harness } from "./fake-harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

/** The routes the brief names: the fake must serve each of them. */
const REQUIRED_ROUTES = [
  "POST /app/installations/{installation_id}/access_tokens",
  "GET /app",
  "GET /app/installations",
  "GET /repos/{owner}/{repo}/installation",
  "GET /repos/{owner}/{repo}",
  "GET /repos/{owner}/{repo}/contents/{path}",
  "PUT /repos/{owner}/{repo}/contents/{path}",
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}",
  "GET /repos/{owner}/{repo}/git/ref/{ref}",
  "POST /repos/{owner}/{repo}/git/refs",
  "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
  "GET /repos/{owner}/{repo}/commits/{ref}",
  "GET /repos/{owner}/{repo}/compare/{basehead}",
  "GET /repos/{owner}/{repo}/branches/{branch}",
  "GET /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues",
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "GET /repos/{owner}/{repo}/labels",
  "POST /repos/{owner}/{repo}/labels",
  "GET /repos/{owner}/{repo}/labels/{name}",
  "PATCH /repos/{owner}/{repo}/labels/{name}",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
  "GET /repos/{owner}/{repo}/milestones",
  "POST /repos/{owner}/{repo}/milestones",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/parent",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by",
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}",
  "POST /repos/{owner}/{repo}/check-runs",
  "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}",
  "GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations",
  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
  "GET /repos/{owner}/{repo}/check-suites/{check_suite_id}",
  "POST /repos/{owner}/{repo}/pulls",
  "GET /repos/{owner}/{repo}/pulls",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}",
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
  "GET /rate_limit",
];

describe("routes", () => {
  it("serves only (method, path) pairs of GitHub's OpenAPI description", () => {
    const routes = h.fake.router.routes();
    const outside = routes.filter((route) => specOperation(route.method, route.template) === undefined);
    expect(outside).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(REQUIRED_ROUTES.length);
  });

  it("serves every route the app is expected to call", () => {
    const served = new Set(h.fake.router.routes().map((route) => `${route.method} ${route.template}`));
    expect(REQUIRED_ROUTES.filter((route) => !served.has(route))).toEqual([]);
  });

  it("refuses to register a route GitHub does not have", () => {
    expect(() => new Router().on("GET", "/repos/{owner}/{repo}/tasks", () => ({ status: 200 }))).toThrow(
      "GET /repos/{owner}/{repo}/tasks is not an operation of GitHub's REST API",
    );
    expect(() => new Router().on("POST", "/repos/{owner}/{repo}", () => ({ status: 200 }))).toThrow("POST /repos/{owner}/{repo} is not an operation");
  });
});

describe("request checks", () => {
  it("answers an unknown body field with 400 and records a violation", async () => {
    const before = h.fake.violations().length;
    const result = await statusOf(
      h.octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", title: "x", parent_issue: 3 } as never),
    );
    expect(result.status).toBe(400);
    expect(result.message).toBe('fake GitHub: body field "parent_issue" is not a parameter of POST /repos/{owner}/{repo}/issues');
    expect(h.fake.violations().slice(before)).toEqual([
      {
        kind: "unknown-body-field",
        method: "POST",
        path: "/repos/acme/widgets/issues",
        route: "/repos/{owner}/{repo}/issues",
        message: 'body field "parent_issue" is not a parameter of POST /repos/{owner}/{repo}/issues',
      },
    ]);
  });

  it("answers an unknown query parameter, a missing field, a wrong type, a wrong method and an unknown path with 400", async () => {
    const before = h.fake.violations().length;
    const unknownQuery = await statusOf(h.octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", closed: "yes" } as never));
    const missing = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/labels", { owner: "acme", repo: "widgets", color: "ff0000" } as never));
    const wrongType = await statusOf(h.octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", title: "x", labels: "bug" } as never));
    const wrongMethod = await statusOf(h.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}", { owner: "acme", repo: "widgets", issue_number: 1 } as never));
    const unknownPath = await statusOf(h.octokit.request("GET /repos/{owner}/{repo}/tasks", { owner: "acme", repo: "widgets" } as never));
    expect([unknownQuery.status, missing.status, wrongType.status, wrongMethod.status, unknownPath.status]).toEqual([400, 400, 400, 400, 400]);
    expect(h.fake.violations().slice(before).map((violation) => [violation.kind, violation.message])).toEqual([
      ["unknown-query", 'unknown query parameter "closed"'],
      ["missing-body-field", 'body field "name" is required'],
      ["invalid-body", "body /labels must be array"],
      ["wrong-method", "/repos/{owner}/{repo}/issues/{issue_number} does not take DELETE (only GET, PATCH)"],
      ["unknown-path", "GET /repos/acme/widgets/tasks is not a path of GitHub's REST API"],
    ]);
  });

  it("coerces query values the way GitHub reads them and refuses values outside the schema", async () => {
    const before = h.fake.violations().length;
    const ok = await h.octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", per_page: 5, state: "all" });
    expect(ok.status).toBe(200);
    const bad = await statusOf(h.octokit.request("GET /repos/{owner}/{repo}/issues", { owner: "acme", repo: "widgets", state: "done" } as never));
    expect(bad.status).toBe(400);
    expect(h.fake.violations().slice(before).map((violation) => violation.kind)).toEqual(["invalid-query"]);
  });

  it("answers requests without credentials 401 and repositories outside the installation 404", async () => {
    const anonymous = await fetch(`${h.fake.apiUrl}/repos/acme/widgets`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest/repos/repos#get-a-repository", status: "401" });
    await h.fake.createRepo({ owner: "acme", name: "private-stuff", files: { "a.md": "a" } });
    const outside = await statusOf(h.octokit.repos.get({ owner: "acme", repo: "private-stuff" }));
    expect(outside.status).toBe(404);
    expect(anonymous.headers.get("x-ratelimit-limit")).toBe(null);
    const ok = await h.octokit.repos.get({ owner: "acme", repo: "widgets" });
    expect(ok.headers["x-ratelimit-limit"]).toBe("5000");
    expect(Number(ok.headers["x-ratelimit-remaining"])).toBeLessThan(5000);
  });

  it("serves the same API at the root as under /api/v3", async () => {
    const token = (await h.octokit.auth({ type: "installation" })) as { token: string };
    const atRoot = await fetch(`${h.fake.url}/repos/acme/widgets`, { headers: { authorization: `token ${token.token}` } });
    expect(atRoot.status).toBe(200);
    expect(((await atRoot.json()) as { full_name: string }).full_name).toBe("acme/widgets");
  });
});

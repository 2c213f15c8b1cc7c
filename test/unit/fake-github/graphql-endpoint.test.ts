import { describe, expect, it } from "vitest";
import { graphqlFailure, useGraphqlHarness } from "./graphql-harness.js";

const h = useGraphqlHarness({ expectNone: ["responseProblems"] });

async function tokenOf(): Promise<string> {
  const { token } = (await h.org.octokit.auth({ type: "installation" })) as { token: string };
  return token;
}

async function post(path: string, body: unknown, authorization?: string): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${h.fake.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

describe("the /graphql endpoint", () => {
  it("refuses a field GitHub's schema lacks with HTTP 200, GitHub's error shape and no data, and records a violation", async () => {
    const token = await tokenOf();
    const answer = await post("/api/graphql", { query: `query { repository(owner: "acme-org", name: "board") { nameWithOwner colour } }` }, `token ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      errors: [{ locations: [{ line: 1, column: 70 }], extensions: { code: "undefinedField", typeName: "Repository", fieldName: "colour" }, message: "Field 'colour' doesn't exist on type 'Repository'" }],
    });
    expect(h.fake.violations()).toEqual([{ kind: "graphql-invalid", method: "POST", path: "/graphql", route: "/graphql", message: 'Cannot query field "colour" on type "Repository".' }]);
  });

  it("refuses a missing argument and a syntax error the same way", async () => {
    const missing = await graphqlFailure(h.org.graphql(`query { repository(owner: "acme-org", name: "board") { issue { title } } }`));
    expect(missing.errors.map((error) => error.message)).toEqual(["Field 'issue' is missing required arguments: number"]);
    const broken = await graphqlFailure(h.org.graphql(`query { repository(owner: "acme-org" { id } }`));
    expect(broken.errors[0]?.message).toMatch(/^Parse error: Syntax Error/);
    expect(h.fake.violations().map((violation) => violation.kind)).toEqual(["graphql-invalid", "graphql-invalid"]);
  });

  it("applies GitHub's pagination limits before running anything", async () => {
    const none = await graphqlFailure(h.org.graphql(`query { repository(owner: "acme-org", name: "board") { issues { totalCount } } }`));
    expect(none.errors).toEqual([
      { type: "MISSING_PAGINATION_BOUNDARIES", path: ["query", "repository", "issues"], message: "You must provide a `first` or `last` value to properly paginate the `issues` connection." },
    ]);
    const many = await graphqlFailure(h.org.graphql(`query($n: Int!) { repository(owner: "acme-org", name: "board") { labels(first: $n) { totalCount } } }`, { n: 101 }));
    expect(many.errors).toEqual([
      { type: "EXCESSIVE_PAGINATION", path: ["query", "repository", "labels"], message: "Requesting 101 records on the `labels` connection exceeds the `first` limit of 100 records." },
    ]);
    expect(h.fake.violations()).toHaveLength(2);
  });

  it("serves GitHub.com's /graphql and GitHub Enterprise Server's /api/graphql, and only to an installation token", async () => {
    const token = await tokenOf();
    const query = { query: "query { viewer { login } }" };
    expect((await post("/graphql", query, `bearer ${token}`)).json).toEqual({ data: { viewer: { login: "taskmirror[bot]" } } });
    expect((await post("/api/graphql", query, `token ${token}`)).json).toEqual({ data: { viewer: { login: "taskmirror[bot]" } } });
    const anonymous = await post("/api/graphql", query);
    expect([anonymous.status, anonymous.json.message]).toEqual([401, "This endpoint requires you to be authenticated."]);
    const forged = await post("/api/graphql", query, "token ghs_not-a-token");
    expect([forged.status, forged.json.message]).toEqual([401, "Bad credentials"]);
    expect(h.fake.violations()).toEqual([]);
  });

  it("answers what a token may not see as GitHub does: null and a NOT_FOUND error beside the data", async () => {
    const missing = await graphqlFailure(h.org.graphql(`query { repository(owner: "sam", name: "notes") { id } }`));
    expect(missing).toEqual({
      data: { repository: null },
      errors: [{ type: "NOT_FOUND", path: ["repository"], locations: [{ line: 1, column: 9 }], message: "Could not resolve to a Repository with the name 'sam/notes'." }],
    });
    const node = await graphqlFailure(h.org.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: "I_kwDOnope" }));
    expect(node.errors.map((error) => [error.type, error.message])).toEqual([["NOT_FOUND", "Could not resolve to a node with the global id of 'I_kwDOnope'"]]);
    const issue = await graphqlFailure(h.org.graphql(`query { repository(owner: "acme-org", name: "board") { issue(number: 7) { id } } }`));
    expect(issue.errors.map((error) => [error.type, error.path, error.message])).toEqual([["NOT_FOUND", ["repository", "issue"], "Could not resolve to an Issue with the number of 7."]]);
    expect(h.fake.violations()).toEqual([]);
  });

  it("charges points to a GraphQL bucket of its own and says so in rateLimit and the headers", async () => {
    const first = await h.org.octokit.request("POST /graphql", {
      baseUrl: h.fake.url,
      query: `query { rateLimit { cost limit remaining used resetAt } repository(owner: "acme-org", name: "board") { issues(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } }`,
    });
    const data = (first.data as { data: { rateLimit: Record<string, unknown> } }).data;
    // 1 request for the issues, 100 for their labels: 101 / 100 rounds to 1 point.
    expect(data.rateLimit).toMatchObject({ cost: 1, limit: 5000, remaining: 4999, used: 1 });
    expect(Date.parse(String(data.rateLimit.resetAt))).toBeGreaterThan(Date.now());
    expect([first.headers["x-ratelimit-resource"], first.headers["x-ratelimit-remaining"]]).toEqual(["graphql", "4999"]);
    const costly = await h.org.graphql<{ rateLimit: { cost: number; remaining: number } }>(
      `query { rateLimit { cost remaining } repository(owner: "acme-org", name: "board") { issues(first: 100) { nodes { labels(first: 100) { nodes { issues(first: 10) { totalCount } } } } } } }`,
    );
    // 1 + 100 + 100 × 100 requests: 10,101 / 100 → 101 points.
    expect(costly.rateLimit).toEqual({ cost: 101, remaining: 4898 });
    const rest = await h.org.octokit.repos.get({ owner: "acme-org", repo: "board" });
    expect([rest.headers["x-ratelimit-resource"], rest.headers["x-ratelimit-used"]]).toEqual(["core", "1"]);
  });

  it("records each request with its operation, root fields and cost, telling queries from mutations", async () => {
    await h.org.graphql(`query Board { repository(owner: "acme-org", name: "board") { id } }`);
    const { repository } = await h.org.graphql<{ repository: { id: string } }>(`query { repository(owner: "acme-org", name: "board") { id } }`);
    await h.org.graphql(`mutation Open($repo: ID!) { createIssue(input: { repositoryId: $repo, title: "T" }) { issue { number } } }`, { repo: repository.id });
    const graphql = h.fake.requests().filter((request) => request.path === "/graphql");
    expect(graphql.map((request) => [request.method, request.route, request.status, request.by, request.graphql])).toEqual([
      ["POST", "/graphql", 200, "taskmirror[bot]", { operationName: "Board", operation: "query", rootFields: ["repository"], cost: 1 }],
      ["POST", "/graphql", 200, "taskmirror[bot]", { operationName: null, operation: "query", rootFields: ["repository"], cost: 1 }],
      ["POST", "/graphql", 200, "taskmirror[bot]", { operationName: "Open", operation: "mutation", rootFields: ["createIssue"], cost: 1 }],
    ]);
    const seqs = h.fake.requests().map((request) => request.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("counts each mutation as a write against the secondary limit, with retry-after", async () => {
    await h.restart({ secondaryRateLimit: { perMinute: 2 } });
    const { repository } = await h.org.graphql<{ repository: { id: string } }>(`query { repository(owner: "acme-org", name: "board") { id } }`);
    const create = `mutation($repo: ID!) { one: createIssue(input: { repositoryId: $repo, title: "1" }) { issue { number } } two: createIssue(input: { repositoryId: $repo, title: "2" }) { issue { number } } }`;
    await h.org.graphql(create, { repo: repository.id });
    const refused = await h.org.octokit
      .request("POST /graphql", { baseUrl: h.fake.url, query: `mutation($repo: ID!) { createIssue(input: { repositoryId: $repo, title: "3" }) { issue { number } } }`, repo: repository.id })
      .then(
        () => ({ status: 0, retryAfter: undefined as string | undefined }),
        (error: { status: number; response: { headers: Record<string, string> } }) => ({ status: error.status, retryAfter: error.response.headers["retry-after"] }),
      );
    expect(refused.status).toBe(403);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Queries are not writes.
    await h.org.graphql(`query { repository(owner: "acme-org", name: "board") { id } }`);
    const issues = await h.org.octokit.issues.listForRepo({ owner: "acme-org", repo: "board" });
    expect(issues.data.map((issue) => issue.title).sort()).toEqual(["1", "2"]);
  });

  it("injects failNext faults on /graphql as on REST paths", async () => {
    h.fake.failNext({ method: "POST", path: "/graphql", status: 502 });
    const failed = await h.org.graphql(`query { viewer { login } }`).then(
      () => 0,
      (error: { status: number }) => error.status,
    );
    expect(failed).toBe(502);
    expect((await h.org.graphql<{ viewer: { login: string } }>(`query { viewer { login } }`)).viewer.login).toBe("taskmirror[bot]");
    expect(h.fake.requests().filter((request) => request.path === "/graphql").map((request) => [request.status, request.injected])).toEqual([
      [502, true],
      [200, false],
    ]);
  });

  it("reports a schema field the fake does not serve as an error and a not-implemented violation", async () => {
    const answer = await graphqlFailure(h.org.graphql(`query { repository(owner: "acme-org", name: "board") { nameWithOwner stargazerCount } }`));
    expect(answer.data).toEqual({ repository: null });
    expect(answer.errors.map((error) => error.message)).toEqual(["fake GitHub does not implement Repository.stargazerCount"]);
    expect(h.fake.violations().map((violation) => [violation.kind, violation.message])).toEqual([["not-implemented", "fake GitHub does not implement Repository.stargazerCount"]]);
  });
});

describe("random faults on GraphQL (setFaults, route /graphql)", () => {
  const create = (repositoryId: string, title: string) =>
    h.org.graphql(`mutation($input: CreateIssueInput!) { createIssue(input: $input) { issue { number } } }`, { input: { repositoryId, title } });
  const titles = () => h.fake.snapshot().repositories.find((repo) => repo.full_name === "acme-org/board")!.issues.map((issue) => issue.title);

  it("loses a mutation's answer after doing it, spares queries under `graphql: \"mutation\"`, and a reset does nothing", async () => {
    const { repository } = await h.org.graphql<{ repository: { id: string } }>(`query { repository(owner: "acme-org", name: "board") { id } }`);
    h.fake.setFaults({ seed: 1, rate: 1, kinds: ["lost-response"], routes: [{ route: "/graphql", graphql: "mutation" }] });
    await expect(h.org.graphql(`query { repository(owner: "acme-org", name: "board") { id } }`)).resolves.toEqual({ repository });
    await expect(create(repository.id, "made, answer lost")).rejects.toThrow();
    expect(titles()).toContain("made, answer lost");
    h.fake.setFaults({ seed: 1, rate: 1, kinds: ["reset"], routes: [{ route: "/graphql" }] });
    await expect(create(repository.id, "never made")).rejects.toThrow();
    h.fake.setFaults(null);
    expect(titles()).not.toContain("never made");
    expect(h.fake.faults().map((fault) => [fault.route, fault.kind, fault.applied])).toEqual([
      ["/graphql", "lost-response", true],
      ["/graphql", "reset", false],
    ]);
    expect(h.fake.requests().filter((request) => request.fault !== null).map((request) => [request.graphql?.operation, request.status])).toEqual([
      ["mutation", 0],
      ["mutation", 0],
    ]);
  });
});

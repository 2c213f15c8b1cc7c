import { demoDocuments } from "../demo/demo-documents.js";
import type { RecordedRequest } from "../test/support/fake-github/index.js";
import { countRequests, startBench, table, type Bench, type Measured } from "./bench-harness.js";
import { generateDocument } from "./generate-documents.js";

/** A Kiro plan: `tasks` top-level tasks with `subTasks` sub-tasks each, every one an issue (sub-tasks sub-issues). */
export function generateKiroPlan(tasks: number, subTasks: number): string {
  const out = ["# Implementation Plan", ""];
  for (let t = 1; t <= tasks; t++) {
    out.push(`- [ ] ${t}. Build part ${t} of the system`);
    for (let s = 1; s <= subTasks; s++) out.push(`  - [${(t + s) % 4 === 0 ? "x" : " "}] ${t}.${s} Step ${s} of part ${t}`, `    - Detail of ${t}.${s}`, `    - _Requirements: ${t}.${s}_`);
    out.push("");
  }
  return out.join("\n");
}

// Issue 12's counterfactual: the listing as one paginated GraphQL query with what REST gives
// (labels, assignees, milestone, parent) plus the sub-issue and blocked-by links REST lists
// per issue. Nodes per page: 100 issues × (20 labels + 10 assignees + 100 sub-issues + 50
// blockers) — under GitHub's 500,000-node limit; every connection has its `first`.
const LIST_ISSUES = `query TaskmirrorListIssues($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id number fullDatabaseId title body state stateReason author { login }
        labels(first: 20) { nodes { name } }
        assignees(first: 10) { nodes { login } }
        milestone { number title }
        parent { number }
        subIssues(first: 100) { nodes { number } }
        blockedBy(first: 50) { nodes { number } }
      }
    }
  }
}`;

interface Row {
  scenario: string;
  rest: Measured["count"];
  graphql: Measured["count"];
  restPoints: number;
  graphqlPoints: number;
  issues: number;
}

const blobReads = (count: Measured["count"]) => count.byRoute["GET /repos/{owner}/{repo}/git/blobs/{file_sha}"] ?? 0;

const points = (requests: readonly RecordedRequest[]) => requests.reduce((sum, request) => sum + (request.graphql?.cost ?? 0), 0);

interface Scenario {
  name: string;
  owner: string;
  repo: string;
  files: Record<string, string>;
  /** Measure the resync (install redelivered) after an unmeasured first sync, not the first sync. */
  resync?: boolean;
}

async function runScenario(bench: Bench, scenario: Scenario): Promise<{ measured: Measured; issues: number; installationId: number }> {
  await bench.fake.createRepo({ owner: scenario.owner, name: scenario.repo, files: { "README.md": "# Bench\n", ...scenario.files } });
  let installationId = 0;
  const install = async () => {
    installationId = (await bench.fake.installApp({ owner: scenario.owner, repos: [scenario.repo] })).installationId;
  };
  let measured = await bench.measure(install);
  if (scenario.resync) {
    const delivery = bench.fake.deliveries().find((d) => d.event === "installation" && d.installationId === installationId);
    if (!delivery) throw new Error("bench: no installation delivery");
    measured = await bench.measure(() => bench.fake.redeliver(delivery.id));
  }
  const issues = bench.repo(`${scenario.owner}/${scenario.repo}`).issues.filter((issue) => !issue.pull_request).length;
  return { measured, issues, installationId };
}

/** The same repository's issues read by the GraphQL query above, page by page: requests and points. */
async function listByGraphql(bench: Bench, installationId: number, owner: string, name: string): Promise<{ count: Measured["count"]; points: number; listed: number }> {
  const octokit = await bench.probot.auth(installationId);
  const from = bench.fake.requests().length;
  let after: string | null = null;
  let listed = 0;
  for (;;) {
    const page: { repository: { issues: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] } } } = await octokit.graphql(LIST_ISSUES, { owner, name, after });
    listed += page.repository.issues.nodes.length;
    if (!page.repository.issues.pageInfo.hasNextPage) break;
    after = page.repository.issues.pageInfo.endCursor;
  }
  const requests = bench.fake.requests().slice(from);
  return { count: countRequests(requests), points: points(requests), listed };
}

/** Issue 12, "GraphQL where it saves requests": each scenario on a fresh fake, REST only and with the GraphQL paths. */
export async function graphqlBench(): Promise<string[]> {
  const scenarios: Scenario[] = [
    { name: "(a) the demo's seed documents, first sync", owner: "acme", repo: "platform", files: demoDocuments() },
    { name: "(b) Kiro plan: 100 tasks, 300 sub-tasks, first sync", owner: "kiro", repo: "plan", files: { ".kiro/specs/big/tasks.md": generateKiroPlan(100, 3) } },
    { name: "(c) resync of 1,000 mirrored issues, unchanged", owner: "big", repo: "backlog", files: { "specs/001-big/tasks.md": generateDocument("spec-kit", 1000) }, resync: true },
  ];
  const rows: Row[] = [];
  const writesByRoute: string[] = [];
  let listing: Awaited<ReturnType<typeof listByGraphql>> | undefined;
  for (const scenario of scenarios) {
    const measured: Partial<Record<"rest" | "graphql", { measured: Measured; issues: number }>> = {};
    for (const mode of ["rest", "graphql"] as const) {
      process.env.TASKMIRROR_GRAPHQL = mode === "rest" ? "off" : "on";
      const bench = await startBench(0);
      try {
        const run = await runScenario(bench, scenario);
        measured[mode] = run;
        if (scenario.resync && mode === "graphql") listing = await listByGraphql(bench, run.installationId, scenario.owner, scenario.repo);
        bench.assertClean();
      } finally {
        await bench.close();
      }
    }
    delete process.env.TASKMIRROR_GRAPHQL;
    const rest = measured.rest!;
    const graphql = measured.graphql!;
    if (rest.issues !== graphql.issues) throw new Error(`bench: ${scenario.name}: ${rest.issues} issues by REST, ${graphql.issues} with GraphQL`);
    rows.push({
      scenario: scenario.name,
      rest: rest.measured.count,
      graphql: graphql.measured.count,
      restPoints: points(rest.measured.requests),
      graphqlPoints: points(graphql.measured.requests),
      issues: graphql.issues,
    });
    for (const [mode, run] of [["REST", rest], ["GraphQL", graphql]] as const) {
      const writes = Object.entries(run.measured.count.byRoute).filter(([route]) => !route.startsWith("GET ") && !route.includes(" query "));
      writesByRoute.push(`- ${scenario.name}, ${mode}: ${writes.length ? writes.map(([route, n]) => `${n}× ${route}`).join(", ") : "none"}`);
    }
  }
  const lines = [
    "## GraphQL where it saves requests (issue 12)",
    "",
    ...table(
      ["scenario", "issues", "blob reads", "REST: reads", "writes", "with GraphQL: reads", "writes", "requests saved", "GraphQL points"],
      rows.map((row) => [
        row.scenario,
        row.issues,
        blobReads(row.rest),
        row.rest.reads - blobReads(row.rest),
        row.rest.writes,
        row.graphql.reads - blobReads(row.graphql),
        row.graphql.writes,
        row.rest.reads - blobReads(row.rest) + row.rest.writes - (row.graphql.reads - blobReads(row.graphql) + row.graphql.writes),
        row.graphqlPoints,
      ]),
      [false, true, true, true, true, true, true, true, true],
    ),
    "",
    "Counts from the fake's request log (installation tokens apart); a GraphQL query is a read, a mutation a write. Reads are",
    "counted beside the document blobs (\"blob reads\", REST run): the app's blob cache is process-wide, so the second run of",
    "a scenario in this process reads no blob — the same documents are fetched either way.",
    "GraphQL path: a new issue whose parent has a node id is made by `createIssue(parentIssueId)` — no `POST …/sub_issues`;",
    "its labels' and milestone's node ids come from one query per sync (100 labels + 100 milestones a page).",
    "",
    "Writes by route:",
    ...writesByRoute,
  ];
  if (listing) {
    const resync = rows[2]!;
    const issuePages = resync.rest.byRoute["GET /repos/{owner}/{repo}/issues"] ?? 0;
    lines.push(
      "",
      `Listing by GraphQL instead (counterfactual, not used by the app): ${listing.listed} issues with labels, assignees, milestone, parent,`,
      `sub-issues and blocked-by in ${listing.count.reads} queries costing ${listing.points} GraphQL points, against ${issuePages} REST pages of the`,
      "listing today. The app makes no per-issue sub-issue or blocked-by read (parents come with each REST issue as",
      "`parent_issue_url`, blocked-by links from the marker), so GraphQL would save no request here: the listing stays on REST.",
    );
  }
  lines.push("");
  return lines;
}

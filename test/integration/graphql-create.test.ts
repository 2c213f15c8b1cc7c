import { afterEach, describe, expect, it } from "vitest";
import type { FaultOptions, SnapshotIssue } from "../support/fake-github/index.js";
import { tallyRequests, type RequestTally } from "../support/tally-requests.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";
import { SEED_FILES } from "./seed-files.js";

/**
 * Issue 12: a new issue with a parent is made by GraphQL's createIssue with `parentIssueId` —
 * one write where REST takes two (create, then POST …/sub_issues). The issues must come out
 * exactly as REST makes them, and the creation guard must hold for the GraphQL create too.
 */

const OWNER = "acme";
const REPO = "platform";
const KIRO = ".kiro/specs/app/tasks.md";

/** A Kiro plan: `tasks` tasks with `subTasks` sub-tasks each (every one an issue), some done, one blocked by the plan's first task. */
function kiroPlan(tasks: number, subTasks: number): string {
  const out = ["# Implementation Plan", ""];
  for (let t = 1; t <= tasks; t++) {
    out.push(`- [ ] ${t}. Build part ${t}`);
    for (let s = 1; s <= subTasks; s++) out.push(`  - [${(t + s) % 4 === 0 ? "x" : " "}] ${t}.${s} Step ${s} of part ${t}`, `    - Detail of ${t}.${s}`);
    out.push("");
  }
  return out.join("\n");
}

/**
 * Reads apart from blob reads: the app's blob cache is process-wide, so the second of two syncs
 * of the same documents in this process reads none.
 */
const readsBesideBlobs = (tally: RequestTally) => tally.reads - (tally.readRoutes["GET /repos/{owner}/{repo}/git/blobs/{file_sha}"] ?? 0);

let harnesses: AppHarness[] = [];
afterEach(async () => {
  for (const app of harnesses) {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  }
  harnesses = [];
  delete process.env.TASKMIRROR_GRAPHQL;
});

interface Synced {
  app: AppHarness;
  tally: RequestTally;
  issues: SnapshotIssue[];
}

/** Installs the app on a repository holding `files` and lets the first sync finish, REST only or with GraphQL. */
async function firstSync(files: Record<string, string>, mode: "rest" | "graphql", faults?: FaultOptions): Promise<Synced> {
  process.env.TASKMIRROR_GRAPHQL = mode === "rest" ? "off" : "on";
  const app = await startAppHarness();
  harnesses.push(app);
  await app.fake.createRepo({ owner: OWNER, name: REPO, files });
  if (faults) app.fake.setFaults(faults);
  const from = app.fake.requests().length;
  await app.fake.installApp({ owner: OWNER, repos: [REPO] });
  await app.settle();
  app.fake.setFaults(null);
  return { app, tally: tallyRequests(app.requestsSince(from)), issues: issuesOf(app) };
}

function issuesOf(app: AppHarness): SnapshotIssue[] {
  const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
  if (!repo) throw new Error("no repository");
  return repo.issues.filter((issue) => !issue.pull_request);
}

/** What a person sees of an issue; commit shas and the server's port (permalinks) differ between two fakes. */
function visible(issue: SnapshotIssue) {
  const { number, title, body, state, state_reason, labels, assignees, milestone, parent, sub_issues, blocked_by, user } = issue;
  return { number, title, body: (body ?? "").replace(/\b[0-9a-f]{40}\b/g, "<sha>").replace(/http:\/\/127\.0\.0\.1:\d+/g, "<server>"), state, state_reason, labels, assignees, milestone, parent, sub_issues, blocked_by, user };
}

describe("creating sub-issues by GraphQL (createIssue with parentIssueId)", () => {
  it("the seed documents: the same issues as REST makes, one write fewer per sub-issue, one read more", async () => {
    const rest = await firstSync(SEED_FILES, "rest");
    const graphql = await firstSync(SEED_FILES, "graphql");
    expect(graphql.issues.map(visible)).toEqual(rest.issues.map(visible));

    const subIssues = graphql.issues.filter((issue) => issue.parent !== null).length;
    expect(subIssues).toBe(9);
    expect(rest.tally.writeRoutes["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]).toBe(9);
    expect(graphql.tally.writeRoutes["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]).toBeUndefined();
    expect(graphql.tally.writeRoutes["POST /graphql mutation createIssue"]).toBe(9);
    expect(graphql.tally.writeRoutes["POST /repos/{owner}/{repo}/issues"]).toBe(rest.tally.writeRoutes["POST /repos/{owner}/{repo}/issues"]! - 9);
    expect(graphql.tally.writes).toBe(rest.tally.writes - 9);
    // The repository's, its labels' and milestones' node ids: one query for the whole sync (both
    // runs also read the repository's issue types).
    expect(graphql.tally.readRoutes["POST /graphql query repository"]).toBe(rest.tally.readRoutes["POST /graphql query repository"]! + 1);
    expect(readsBesideBlobs(graphql.tally)).toBe(readsBesideBlobs(rest.tally) + 1);
  }, 120_000);

  it("a Kiro plan of 30 tasks and 90 sub-tasks: the same issues, 90 writes fewer", async () => {
    const files = { "README.md": "# App\n", [KIRO]: kiroPlan(30, 3) };
    const rest = await firstSync(files, "rest");
    const graphql = await firstSync(files, "graphql");
    expect(graphql.issues).toHaveLength(120);
    expect(graphql.issues.map(visible)).toEqual(rest.issues.map(visible));
    expect(graphql.issues.filter((issue) => issue.parent !== null)).toHaveLength(90);
    expect(graphql.issues.filter((issue) => issue.state === "closed").length).toBeGreaterThan(0);

    expect(rest.tally.writeRoutes["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]).toBe(90);
    expect(graphql.tally.writeRoutes).toEqual({
      ...Object.fromEntries(Object.entries(rest.tally.writeRoutes).filter(([route]) => !route.endsWith("/sub_issues"))),
      "POST /repos/{owner}/{repo}/issues": 30,
      "POST /graphql mutation createIssue": 90,
    });
    expect(graphql.tally.writes).toBe(rest.tally.writes - 90);
    expect(readsBesideBlobs(graphql.tally)).toBe(readsBesideBlobs(rest.tally) + 1);

    // Nothing left to do: the next full sync writes nothing (the links are where the plan wants them).
    const install = graphql.app.fake.deliveries().find((delivery) => delivery.event === "installation")!;
    const from = graphql.app.fake.requests().length;
    await graphql.app.fake.redeliver(install.id);
    await graphql.app.settle();
    expect(tallyRequests(graphql.app.requestsSince(from)).writes).toBe(0);
  }, 120_000);

  it("a createIssue whose answer is lost is found by its marker, never made twice", async () => {
    const files = { "README.md": "# App\n", [KIRO]: kiroPlan(4, 2) };
    // Every createIssue is done and its answer dropped; the node-id query is answered.
    const lost: FaultOptions = { seed: 12, rate: 1, kinds: ["lost-response"], routes: [{ route: "/graphql", graphql: "mutation" }] };
    const { app, tally, issues } = await firstSync(files, "graphql", lost);
    expect(app.fake.faults().map((fault) => [fault.kind, fault.applied])).toEqual(Array(8).fill(["lost-response", true]));
    expect(tally.writeRoutes["POST /graphql mutation createIssue"]).toBe(8);
    expect(issues).toHaveLength(12);
    expect(new Set(issues.map((issue) => issue.title)).size).toBe(12);
    expect(issues.filter((issue) => issue.parent !== null)).toHaveLength(8);
    // Each lost create was looked for (the newest issues, unfiltered) and found: no sub-issue link
    // was written by REST, and no create was sent again.
    expect(tally.writeRoutes["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]).toBeUndefined();
    expect(app.logs.filter((entry) => /looking for what it made/.test(entry.msg))).toHaveLength(8);
  });

  it("a createIssue that GraphQL refuses is made by REST and linked as before", async () => {
    process.env.TASKMIRROR_GRAPHQL = "on";
    // Right before the first createIssue leaves, GitHub is told to refuse it (a typed error:
    // nothing was made), as it refuses a parent that has its 100 sub-issues already.
    let fake: AppHarness["fake"] | undefined;
    let armed = true;
    const Octokit = TaskmirrorOctokit.plugin((octokit) => {
      octokit.hook.before("request", (options) => {
        if (!armed || !/mutation TaskmirrorCreateIssue/.test(String((options as { query?: unknown }).query))) return;
        armed = false;
        fake?.failNext({
          method: "POST",
          path: "/graphql",
          status: 200,
          body: { data: { createIssue: null }, errors: [{ type: "UNPROCESSABLE", path: ["createIssue"], message: "Parent cannot have more than 100 sub-issues" }] },
        });
      });
      return {};
    });
    const app = await startAppHarness({ Octokit });
    fake = app.fake;
    harnesses.push(app);
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# App\n", [KIRO]: kiroPlan(1, 1) } });
    const from = app.fake.requests().length;
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    const tally = tallyRequests(app.requestsSince(from));
    const issues = issuesOf(app);
    expect(issues.map((issue) => [issue.title, issue.parent])).toEqual([
      ["1: Build part 1", null],
      ["1.1: Step 1 of part 1", `#${issues[0]!.number}`],
    ]);
    expect(armed).toBe(false);
    expect(tally.writeRoutes).toMatchObject({
      "POST /graphql mutation createIssue": 1,
      "POST /repos/{owner}/{repo}/issues": 2,
      "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": 1,
    });
    expect(app.logs.filter((entry) => /GraphQL refused/.test(entry.msg))).toHaveLength(1);
  });

  it("a new sub-task under an issue on the listing's second page: its parent's node id comes from the listing", async () => {
    process.env.TASKMIRROR_GRAPHQL = "on";
    const app = await startAppHarness();
    harnesses.push(app);
    const plan = (withSubTask: boolean) =>
      ["# Implementation Plan", "", ...Array.from({ length: 150 }, (_, i) => [`- [ ] ${i + 1}. Part ${i + 1}`, ...(withSubTask && i === 139 ? ["  - [ ] 140.1 First step of part 140"] : [])]).flat(), ""].join("\n");
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# App\n", [KIRO]: plan(false) } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    expect(issuesOf(app)).toHaveLength(150);

    const from = app.fake.requests().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [KIRO]: plan(true) } });
    await app.settle();
    const tally = tallyRequests(app.requestsSince(from));
    const issues = issuesOf(app);
    const parent = issues.find((issue) => issue.title === "140: Part 140")!;
    const child = issues.find((issue) => issue.title === "140.1: First step of part 140")!;
    expect(parent.number).toBeGreaterThan(100);
    expect(child.parent).toBe(`#${parent.number}`);
    expect(tally.readRoutes["GET /repos/{owner}/{repo}/issues"]).toBe(3);
    expect(tally.writeRoutes).toMatchObject({ "POST /graphql mutation createIssue": 1 });
    expect(tally.writeRoutes["POST /repos/{owner}/{repo}/issues"]).toBeUndefined();
    expect(tally.writeRoutes["POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues"]).toBeUndefined();
  }, 60_000);
});

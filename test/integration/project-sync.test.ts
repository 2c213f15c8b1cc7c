import { afterEach, describe, expect, it } from "vitest";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import type { FakeGitHubOptions } from "../support/fake-github/index.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

// Short enough for tests, long enough that one step's toggles land in one batch.
process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "250";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";
const PROJECT_URL = "https://github.com/orgs/acme/projects/1";

const plan = (first: { status?: string; priority?: string } = {}) =>
  [
    "# Plan",
    "",
    "### TASK-001: Set up the repository",
    `**Priority**: ${first.priority ?? "P1"}  `,
    `**Status**: ${first.status ?? "In Progress"}  `,
    "**Story Points**: 3  ",
    "**Sprint**: sprint 1",
    "",
    "### TASK-002: Write the parser",
    "**Priority**: P0  ",
    "**Due**: 2026-03-01",
    "",
  ].join("\n");

const config = (extra = "") => `project:\n  url: ${PROJECT_URL}\n${extra}`;

describe("the project (v2) follows the tasks (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;

  const repoState = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issueOf = (prefix: string) => repoState().issues.find((issue) => !issue.pull_request && issue.title.startsWith(prefix))!;
  const board = () => app.fake.project(OWNER, 1);
  const valuesOf = (prefix: string) => {
    const item = board().items.filter((candidate) => candidate.content === `${OWNER}/${REPO}#${issueOf(prefix).number}`);
    expect(item).toHaveLength(1);
    const { Title: _title, Labels: _labels, Repository: _repository, Assignees: _assignees, ...values } = item[0]!.values;
    return values;
  };
  /** Writes: REST requests that are not reads, GraphQL mutations (a GraphQL query is a read). */
  const writesSince = (from: number) =>
    app.writesSince(from).filter((request) => request.graphql === undefined || request.graphql.operation === "mutation");
  const settle = async () => {
    await app.settle();
    await sharedTickBatcher().onIdle();
    await app.settle();
  };

  async function start(options: { config?: string; fake?: FakeGitHubOptions; priorities?: string[] } = {}): Promise<void> {
    app = await startAppHarness(options.fake ? { fake: options.fake } : {});
    await app.fake.createRepo({
      owner: OWNER,
      ownerType: "Organization",
      name: REPO,
      files: { "README.md": "# Widgets\n", ".github/taskmirror.yml": options.config ?? config(), [PLAN]: plan() },
    });
    const created = await app.fake.createProject({
      owner: OWNER,
      ownerType: "Organization",
      title: "Roadmap",
      fields: [
        { name: "priority", dataType: "SINGLE_SELECT", options: options.priorities ?? ["P0", "P1", "P2"] },
        { name: "Estimate", dataType: "NUMBER" },
        { name: "Due date", dataType: "DATE" },
        { name: "Sprint", dataType: "ITERATION", iterations: [{ title: "Sprint 1", startDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }] },
      ],
    });
    expect(created.number).toBe(1);
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await settle();
  }

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("adds every mirrored issue once and sets its fields; a resync of the unchanged repository writes nothing", async () => {
    await start();
    expect(board().items).toHaveLength(2);
    expect(valuesOf("TASK-001")).toEqual({ Status: "In Progress", priority: "P1", Estimate: 3, Sprint: "Sprint 1" });
    expect(valuesOf("TASK-002")).toEqual({ Status: "Todo", priority: "P0", "Due date": "2026-03-01" });
    // Two items and their seven values: one request adds the items, one sets the values.
    expect(app.fake.requests().filter((request) => request.graphql?.operation === "mutation").map((request) => request.graphql!.operationName)).toEqual(["ProjectItems", "ProjectItems"]);

    const from = app.fake.requests().length;
    await app.fake.redeliver(app.fake.deliveries().find((delivery) => delivery.event === "installation")!.id);
    await settle();
    expect(writesSince(from)).toEqual([]);
    expect(board().items).toHaveLength(2);
  });

  it("sets only the field that changed when the document changes, and keeps a removed task's item with its issue closed", async () => {
    await start();
    const from = app.fake.requests().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ priority: "P2" }).replace(/### TASK-002[\s\S]*$/, "") } });
    await settle();
    const mutations = writesSince(from).filter((request) => request.graphql !== undefined).map((request) => request.graphql!.operationName);
    expect(mutations).toEqual(["ProjectItems"]);
    expect(valuesOf("TASK-001")).toMatchObject({ priority: "P2" });
    expect(issueOf("TASK-002").state).toBe("closed");
    expect(valuesOf("TASK-002")).toMatchObject({ Status: "Todo", priority: "P0" });
  });

  it("reports an option the project lacks in a neutral check run and still syncs everything else", async () => {
    await start({ priorities: ["P0", "P2"] });
    expect(repoState().issues.filter((issue) => !issue.pull_request)).toHaveLength(2);
    expect(valuesOf("TASK-001")).toEqual({ Status: "In Progress", Estimate: 3, Sprint: "Sprint 1" });
    const runs = repoState().check_runs.filter((run) => run.title === "The project could not hold everything the tasks say");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ conclusion: "neutral", head_sha: repoState().commits.at(-1)!.sha });
    expect(runs[0]!.summary).toContain('The project field "priority" has no option "P1" (1 task)');
    expect(app.logs.some((entry) => entry.level === 40 && entry.code === "project-option-missing")).toBe(true);

    // The same head synced again: the run is there, nothing is written.
    const from = app.fake.requests().length;
    await app.fake.redeliver(app.fake.deliveries().find((delivery) => delivery.event === "installation")!.id);
    await settle();
    expect(writesSince(from)).toEqual([]);
  });

  it("adds a missing option with createOptions: true", async () => {
    await start({ priorities: ["P0"], config: config("  createOptions: true\n") });
    expect(board().fields.find((field) => field.name === "priority")?.options).toEqual(["P0", "P1"]);
    expect(valuesOf("TASK-001")).toMatchObject({ priority: "P1" });
  });

  it("says so, and syncs the issues, when the app may not use the organization's projects", async () => {
    await start({ fake: { appPermissions: { checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" } } });
    expect(repoState().issues.filter((issue) => !issue.pull_request)).toHaveLength(2);
    expect(board().items).toEqual([]);
    const warning = app.logs.find((entry) => entry.level === 40 && typeof entry.msg === "string" && entry.msg.includes("could not be read"));
    expect(warning?.msg).toContain("Resource not accessible by integration");
  });

  it("marks the task done in the file when a person with write permission moves its item to Done, and the issue closes", async () => {
    await start();
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    const commits = repoState().commits.length;
    const number = issueOf("TASK-001").number;
    await app.fake.setProjectItemField({ owner: OWNER, project: 1, repo: `${OWNER}/${REPO}`, issue: number, field: "Status", value: "Done", sender: "alice" });
    await settle();
    const added = repoState().commits.slice(commits);
    expect(added).toHaveLength(1);
    expect(added[0]!.message.split("\n")[0]).toContain(`#${number}`);
    expect(repoState().files[PLAN]).toContain("**Status**: Done");
    expect(issueOf("TASK-001").state).toBe("closed");
    expect(valuesOf("TASK-001")).toMatchObject({ Status: "Done" });
  });

  it("writes nothing when someone without write permission moves the item, and the next sync puts the board back", async () => {
    await start();
    await app.fake.setPermission(OWNER, REPO, "visitor", "triage");
    const commits = repoState().commits.length;
    const number = issueOf("TASK-001").number;
    await app.fake.setProjectItemField({ owner: OWNER, project: 1, repo: `${OWNER}/${REPO}`, issue: number, field: "Status", value: "Done", sender: "visitor" });
    await settle();
    expect(repoState().commits.slice(commits)).toEqual([]);
    await app.fake.redeliver(app.fake.deliveries().find((delivery) => delivery.event === "installation")!.id);
    await settle();
    expect(valuesOf("TASK-001")).toMatchObject({ Status: "In Progress" });
  });
});

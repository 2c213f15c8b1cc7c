import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";

const plan = (firstType = "bug") =>
  ["# Plan", "", "### TASK-001: Fix the parser", `**Type**: ${firstType}`, "", "### TASK-002: Tidy up", "**Type**: Chore", "", "### TASK-003: Write docs", ""].join("\n");

describe("native issue types (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;
  let installationId: number;

  const issues = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!.issues.filter((issue) => !issue.pull_request);
  const issueOf = (prefix: string) => issues().find((issue) => issue.title.startsWith(prefix))!;
  /** The issue's type as REST shows it. */
  const typeOf = async (prefix: string) => {
    const octokit = await app.probot.auth(installationId);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: OWNER, repo: REPO, issue_number: issueOf(prefix).number });
    return (data as { type?: { name: string } | null }).type?.name ?? null;
  };
  const writesSince = (from: number) => app.writesSince(from).filter((request) => request.graphql === undefined || request.graphql.operation === "mutation");

  async function start(config = "issueTypes:\n  native: true\n"): Promise<void> {
    await app.fake.createRepo({ owner: OWNER, ownerType: "Organization", name: REPO, files: { ".github/taskmirror.yml": config, [PLAN]: plan() } });
    await app.fake.defineIssueTypes(OWNER, [{ name: "Task" }, { name: "Bug" }]);
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await app.settle();
  }

  beforeEach(async () => {
    app = await startAppHarness();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("sets a known type natively instead of a label, keeps an unknown one as a label with a notice, and a resync writes nothing", async () => {
    await start();
    expect(await typeOf("TASK-001")).toBe("Bug");
    expect(issueOf("TASK-001").labels).not.toContain("type: bug");
    expect(await typeOf("TASK-002")).toBeNull();
    expect(issueOf("TASK-002").labels).toContain("type: chore");
    expect(await typeOf("TASK-003")).toBeNull();
    const notice = app.logs.find((entry) => entry.code === "unknown-issue-type");
    expect(notice?.msg).toBe('The organization has no issue type "chore" (it has "Task", "Bug"): a `type: chore` label is used instead.');

    const from = app.fake.requests().length;
    await app.fake.redeliver(app.fake.deliveries().find((delivery) => delivery.event === "installation")!.id);
    await app.settle();
    expect(writesSince(from)).toEqual([]);
  });

  it("follows a changed type, and gives a task without one the configured default", async () => {
    await start("issueTypes:\n  native: true\n  default: Task\n");
    expect(await typeOf("TASK-003")).toBe("Task");
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("Task") } });
    await app.settle();
    expect(await typeOf("TASK-001")).toBe("Task");
    expect(issueOf("TASK-001").labels.filter((label) => label.startsWith("type:"))).toEqual([]);
  });

  it("leaves types to labels, and reads no types, when issueTypes.native is off", async () => {
    await start("issueTypes:\n  native: false\n");
    expect(await typeOf("TASK-001")).toBeNull();
    expect(issueOf("TASK-001").labels).toContain("type: bug");
    expect(app.fake.requests().filter((request) => request.graphql?.operationName === "IssueTypes")).toEqual([]);
  });

  it("keeps type labels in a user's repository, which has no issue types", async () => {
    await app.fake.createRepo({ owner: "jo", name: REPO, files: { ".github/taskmirror.yml": "issueTypes:\n  native: true\n", [PLAN]: plan() } });
    ({ installationId } = await app.fake.installApp({ owner: "jo", repos: [REPO] }));
    await app.settle();
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `jo/${REPO}`)!;
    expect(repo.issues.find((issue) => issue.title.startsWith("TASK-001"))!.labels).toContain("type: bug");
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";
const OTHER = "plans/other.tasks.md";

interface TaskText {
  id: string;
  title: string;
  priority: string;
  dependencies?: string;
  subtasks?: string[];
}

function taskDocument(heading: string, tasks: TaskText[]): string {
  const blocks = tasks.map((task) =>
    [
      `### ${task.id}: ${task.title}`,
      `**Priority**: ${task.priority}  `,
      `**Dependencies**: ${task.dependencies ?? "None"}`,
      "",
      ...(task.subtasks ? ["**Subtasks**:", ...task.subtasks.map((text) => `- [ ] ${text}`), ""] : []),
    ].join("\n"),
  );
  return `# ${heading}\n\n${blocks.join("\n---\n\n")}`;
}

const SETUP: TaskText = { id: "TASK-001", title: "Set up the repository", priority: "P1", subtasks: ["Create the repository", "Add CI"] };
const PARSER: TaskText = { id: "TASK-002", title: "Write the parser", priority: "P2", dependencies: "TASK-001", subtasks: ["Parse headings"] };
const SHIP: TaskText = { id: "TASK-003", title: "Ship it", priority: "P2", dependencies: "TASK-002" };
const OTHER_WORK: TaskText = { id: "TASK-010", title: "Other work", priority: "P3" };

const initialFiles = {
  "README.md": "# Widgets\n",
  [PLAN]: taskDocument("Plan", [SETUP, PARSER, SHIP]),
  [OTHER]: taskDocument("Other", [OTHER_WORK]),
};

describe("mirroring tasks into issues on push (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;

  const repoState = () => {
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
    if (!repo) throw new Error("no repository");
    return repo;
  };
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const issueOf = (id: string) => {
    const found = issues().filter((issue) => issue.title.startsWith(`${id}:`));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const push = async (files: Record<string, string | null>, branch?: string) => {
    const sha = await app.fake.push({ owner: OWNER, repo: REPO, files, ...(branch ? { branch } : {}) });
    await app.settle();
    return sha;
  };

  let installationId: number;

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: initialFiles });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await app.settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("mirrors every task on install: titles, labels, blocked-by, and nothing more on a redelivery", async () => {
    expect(issues().map((issue) => [issue.title, issue.state, issue.user]).sort()).toEqual([
      ["TASK-001: Set up the repository", "open", "taskmirror[bot]"],
      ["TASK-002: Write the parser", "open", "taskmirror[bot]"],
      ["TASK-003: Ship it", "open", "taskmirror[bot]"],
      ["TASK-010: Other work", "open", "taskmirror[bot]"],
    ]);
    const setup = issueOf("TASK-001");
    const parser = issueOf("TASK-002");
    expect(setup.labels).toContain("taskmirror");
    expect(setup.labels).toContain("priority: P1");
    expect(parser.blocked_by).toEqual([`#${setup.number}`]);
    expect(issueOf("TASK-003").blocked_by).toEqual([`#${parser.number}`]);
    expect(setup.body).toContain("- [ ] Create the repository");
    expect(setup.body).toMatch(/<!-- taskmirror:state \{.*"key":"TASK-001".*\} -->/);
    // Labels are created with a colour and a description, then named in the create call.
    expect(repoState().labels.find((label) => label.name === "priority: P1")?.description).toBeTruthy();
    const creates = app.fake.requests().filter((r) => r.method === "POST" && /\/issues$/.test(r.path));
    expect(creates).toHaveLength(4);
    expect(app.fake.requests().filter((r) => r.method === "POST" && /\/issues\/\d+\/labels$/.test(r.path))).toEqual([]);

    const install = app.fake.deliveries().find((d) => d.event === "installation");
    const from = app.fake.requests().length;
    await app.fake.redeliver(install!.id);
    await app.settle();
    expect(app.writesSince(from)).toEqual([]);
    expect(issues()).toHaveLength(4);
  });

  it("updates only the edited task's title and priority, keeping its number", async () => {
    const before = issueOf("TASK-002");
    const from = app.fake.requests().length;
    await push({ [PLAN]: taskDocument("Plan", [SETUP, { ...PARSER, title: "Write the reader", priority: "P0" }, SHIP]) });
    const after = issueOf("TASK-002");
    expect(after.number).toBe(before.number);
    expect(after.title).toBe("TASK-002: Write the reader");
    expect(after.labels).toContain("priority: P0");
    expect(after.labels).not.toContain("priority: P2");
    const writes = app.writesSince(from).map((r) => `${r.method} ${r.route}`);
    // …and the push's sync report: one check run on the pushed commit.
    expect(writes).toEqual([
      "POST /repos/{owner}/{repo}/labels",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "POST /repos/{owner}/{repo}/check-runs",
    ]);
    expect(issues()).toHaveLength(4);
  });

  it("closes a removed task as not planned with a comment, and reopens it when it comes back", async () => {
    await push({ [PLAN]: taskDocument("Plan", [SETUP, PARSER]) });
    const removed = issueOf("TASK-003");
    expect([removed.state, removed.state_reason]).toEqual(["closed", "not_planned"]);
    expect(removed.comments).toHaveLength(1);
    expect(removed.comments[0]?.body).toContain(PLAN);

    await push({ [PLAN]: taskDocument("Plan", [SETUP, PARSER, SHIP]) });
    const back = issueOf("TASK-003");
    expect(back.number).toBe(removed.number);
    expect(back.state).toBe("open");
    expect(issues()).toHaveLength(4);
  });

  it("keeps the issue of a task that moves to another file", async () => {
    const before = issueOf("TASK-003");
    await push({ [PLAN]: taskDocument("Plan", [SETUP, PARSER]), [OTHER]: taskDocument("Other", [OTHER_WORK, SHIP]) });
    const after = issueOf("TASK-003");
    expect(after.number).toBe(before.number);
    expect(after.state).toBe("open");
    expect(after.body).toContain(`"path":"${OTHER}"`);
    expect(after.comments).toEqual([]);
    expect(issues()).toHaveLength(4);
  });

  it("writes nothing when the same push is delivered again", async () => {
    await push({ [PLAN]: taskDocument("Plan", [SETUP, { ...PARSER, priority: "P1" }, SHIP]) });
    const delivery = app.fake.deliveries().filter((d) => d.event === "push").at(-1);
    const from = app.fake.requests().length;
    await app.fake.redeliver(delivery!.id);
    await app.settle();
    expect(app.writesSince(from)).toEqual([]);
  });

  it("ends at the state of the later of two quick pushes", async () => {
    const first = app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: taskDocument("Plan", [SETUP, { ...PARSER, title: "First" }, SHIP]) } });
    const second = app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: taskDocument("Plan", [SETUP, { ...PARSER, title: "Second" }, SHIP]) } });
    await Promise.all([first, second]);
    await app.settle();
    expect(issueOf("TASK-002").title).toBe("TASK-002: Second");
    expect(issues()).toHaveLength(4);
  });

  it("makes no request at all for a push to another branch", async () => {
    const from = app.fake.requests().length;
    await push({ [PLAN]: taskDocument("Plan", [SETUP]) }, "feature");
    expect(app.requestsSince(from)).toEqual([]);
  });

  it("waits out a secondary rate limit on a create and never creates a duplicate", async () => {
    app.fake.failNext({ method: "POST", path: /\/repos\/acme\/widgets\/issues$/, status: 403, headers: { "retry-after": "1" } });
    const started = Date.now();
    await push({ [PLAN]: taskDocument("Plan", [SETUP, PARSER, SHIP, { id: "TASK-004", title: "Document it", priority: "P3" }]) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(issues()).toHaveLength(5);
    expect(issueOf("TASK-004").state).toBe("open");
    const creates = app.fake.requests().filter((r) => r.method === "POST" && /\/issues$/.test(r.path));
    expect(creates.map((r) => r.status)).toEqual([201, 201, 201, 201, 403, 201]);
  });

  it("tries a blocked-by link again on the next sync when GitHub refused it", async () => {
    // GitHub refuses a dependency it cannot take (a cycle, 50 blockers) with a 422, never retried.
    app.fake.failNext({ method: "POST", path: /\/dependencies\/blocked_by$/, status: 422, body: { message: "Validation Failed: cannot add this dependency" } });
    const linked = { ...OTHER_WORK, dependencies: "TASK-001" };
    await push({ [OTHER]: taskDocument("Other", [linked]) });
    expect(issueOf("TASK-010").blocked_by).toEqual([]);
    // The marker no longer claims the link, so it is not lost.
    expect(issueOf("TASK-010").body).not.toContain('"blockedBy"');
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([
      "add-blocked-by failed: Validation Failed: cannot add this dependency",
    ]);
    app.logs.length = 0;

    await push({ [OTHER]: `${taskDocument("Other", [linked])}\nA note.\n` });
    expect(issueOf("TASK-010").blocked_by).toEqual([`#${issueOf("TASK-001").number}`]);
    expect(issueOf("TASK-010").body).toContain('"blockedBy":["TASK-001"]');
    const from = app.fake.requests().length;
    const lastPush = app.fake.deliveries().filter((d) => d.event === "push").at(-1);
    await app.fake.redeliver(lastPush!.id);
    await app.settle();
    expect(app.requestsSince(from).map((r) => `${r.method} ${r.route}`)).toContain("GET /repos/{owner}/{repo}/issues");
    expect(app.writesSince(from)).toEqual([]);
  });

  it("mirrors a repository added to the installation", async () => {
    await app.fake.createRepo({ owner: OWNER, name: "gadgets", files: { "tasks.md": taskDocument("Gadgets", [OTHER_WORK]) } });
    await app.fake.addRepos(installationId, ["gadgets"]);
    await app.settle();
    const gadgets = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/gadgets`)!;
    expect(gadgets.issues.map((issue) => [issue.number, issue.title])).toEqual([[1, "TASK-010: Other work"]]);
  });

  it("reports an invalid config in a failed check run on the pushed commit, and syncs nothing", async () => {
    const from = app.fake.requests().length;
    const sha = await push({
      ".github/taskmirror.yml": "paths:\n  - docs/**/*.md\nremovedTasks: delete\n",
      [PLAN]: taskDocument("Plan", [SETUP]),
    });
    const runs = repoState().check_runs.filter((run) => run.name === "taskmirror" && run.head_sha === sha);
    expect(runs.map((run) => [run.status, run.conclusion])).toEqual([["completed", "failure"]]);
    expect(runs[0]?.annotations).toMatchObject([{ path: ".github/taskmirror.yml", start_line: 3, annotation_level: "failure", title: "invalid-config" }]);
    expect(app.writesSince(from).map((r) => `${r.method} ${r.route}`)).toEqual(["POST /repos/{owner}/{repo}/check-runs"]);
    expect(issues().filter((issue) => issue.state === "open")).toHaveLength(4);

    const delivery = app.fake.deliveries().filter((d) => d.event === "push").at(-1)!;
    const again = app.fake.requests().length;
    await app.fake.redeliver(delivery.id);
    await app.settle();
    expect(app.writesSince(again)).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([
      "invalid .github/taskmirror.yml: not syncing",
      "invalid .github/taskmirror.yml: not syncing",
    ]);
    app.logs.length = 0;
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseMarker } from "../../src/core/render/marker.js";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import type { TickBatcher } from "../../src/github/write-back/tick-batcher.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

// Short enough for tests, long enough that one step's ticks land in one batch.
process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "250";

const OWNER = "acme";
const REPO = "widgets";

// Backlog.md's folder as `backlog init` lays it out, with its own repository's habit of an
// unquoted `reporter: @name` (not YAML; Backlog.md reads it).
const backlog = {
  "backlog/config.yml": 'project_name: "Widgets"\nstatuses: ["To Do", "In Progress", "Done"]\n',
  "backlog/tasks/task-1 - Set-up-the-repository.md": [
    "---",
    "id: task-1",
    "title: Set up the repository",
    "status: In Progress",
    "assignee: []",
    "reporter: @acme",
    "labels: [setup]",
    "dependencies: []",
    "priority: high",
    "---",
    "",
    "## Description",
    "",
    "<!-- SECTION:DESCRIPTION:BEGIN -->",
    "Create the repository and CI.",
    "<!-- SECTION:DESCRIPTION:END -->",
    "",
    "## Acceptance Criteria",
    "<!-- AC:BEGIN -->",
    "- [x] #1 Repository exists",
    "- [ ] #2 CI runs on every push",
    "<!-- AC:END -->",
    "",
  ].join("\n"),
  "backlog/tasks/task-1.1 - Add-CI.md": ["---", "id: task-1.1", "title: Add CI", "status: To Do", "parent_task_id: task-1", "dependencies: [task-2]", "---", ""].join("\n"),
  "backlog/completed/task-2 - Write-the-README.md": ["---", "id: task-2", "title: Write the README", "status: Done", "---", ""].join("\n"),
  "backlog/drafts/draft-1 - Maybe-later.md": ["---", "id: draft-1", "title: Maybe later", "status: To Do", "---", ""].join("\n"),
  "backlog/docs/doc-1 - Architecture.md": ["---", "id: doc-1", "title: Architecture", "type: other", "---", "", "- [ ] not a task", ""].join("\n"),
  "backlog/decisions/decision-1 - Use-TypeScript.md": ["---", "id: decision-1", "title: Use TypeScript", "status: accepted", "---", ""].join("\n"),
};

const KIRO = ".kiro/specs/app/tasks.md";
const kiro = ["# Implementation Plan", "", "- [-] 1. Set up the project", "  - [x] 1.1 Create folders", "  - [~] 1.2 Add CI", "- [ ] 2. Build the parser", ""].join("\n");

const PLAN = "docs/TASKS.md";
const plan = (assignee: string) => ["# Plan", "", "### [T-001] Set up the repository [IN PROGRESS]", `**Assignee**: ${assignee}`, "", "- [ ] Create it", ""].join("\n");

describe("reading what people wrote, end to end (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;
  let batcher: TickBatcher;

  const repoState = () => {
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
    if (!repo) throw new Error("no repository");
    return repo;
  };
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const issueOf = (prefix: string) => {
    const found = issues().filter((issue) => issue.title.startsWith(prefix));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const settle = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };
  const warnings = () => app.logs.filter((entry) => entry.level === 40).map((entry) => entry.msg);

  beforeEach(async () => {
    app = await startAppHarness();
    batcher = sharedTickBatcher();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Widgets\n", ...backlog, [KIRO]: kiro, [PLAN]: plan("@alice") } });
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("mirrors a Backlog.md folder: tasks and completed tasks, subtasks, criteria without `#1` — not drafts, docs or decisions", async () => {
    const backlogIssues = issues().filter((issue) => issue.title.startsWith("task-") || /draft|doc-|decision/.test(issue.title));
    expect(backlogIssues.map((issue) => [issue.title, issue.state, issue.state_reason]).sort()).toEqual([
      ["task-1.1: Add CI", "open", null],
      ["task-1: Set up the repository", "open", null],
      ["task-2: Write the README", "closed", "completed"],
    ]);
    const setup = issueOf("task-1:");
    expect(setup.labels).toEqual(expect.arrayContaining(["setup", "priority: P1", "status: in progress"]));
    expect(readIssueChecklist(setup.body ?? "").map((item) => [item.text, item.checked])).toEqual([
      ["Repository exists", true],
      ["CI runs on every push", false],
    ]);
    expect(setup.body).toContain("Create the repository and CI.");
    expect(setup.sub_issues).toEqual([`#${issueOf("task-1.1:").number}`]);
    expect(issueOf("task-1.1:").blocked_by).toEqual([`#${issueOf("task-2:").number}`]);
  });

  it("mirrors Kiro's `[-]` and `[~]` tasks as open issues, and a close writes `x` over the mark — one byte", async () => {
    const running = issueOf("1: Set up the project");
    const queued = issueOf("1.2: Add CI");
    expect([running.state, running.labels.filter((label) => label.startsWith("status:"))]).toEqual(["open", ["status: in progress"]]);
    expect([queued.state, queued.labels.filter((label) => label.startsWith("status:"))]).toEqual(["open", ["status: todo"]]);

    const commits = repoState().commits.length;
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: running.number, state: "closed", state_reason: "completed", sender: OWNER });
    await settle();
    const after = repoState().files[KIRO] ?? "";
    expect(after).toBe(kiro.replace("- [-] 1. Set up", "- [x] 1. Set up"));
    expect([...after].filter((char, index) => char !== kiro[index])).toEqual(["x"]);
    expect(repoState().commits.slice(commits)).toHaveLength(1);
    expect(issueOf("1: Set up the project").state).toBe("closed");
    // The task is the same task with a GitHub checkbox now: the next full sync keeps its issue
    // and drops the status label `[-]` gave it (the app's own commit starts no sync).
    const install = app.fake.deliveries().find((d) => d.event === "installation");
    await app.fake.redeliver(install!.id);
    await settle();
    expect(issueOf("1: Set up the project")).toMatchObject({ number: running.number, state: "closed" });
    expect(issueOf("1: Set up the project").labels.filter((label) => label.startsWith("status:"))).toEqual([]);
    expect(repoState().files[KIRO]).toBe(after);
  });

  it("updates without an assignee GitHub cannot assign, says so once, and a later sync writes and logs nothing", async () => {
    const issue = issueOf("T-001:");
    expect(issue.assignees).toEqual(["alice"]);
    expect(issue.labels).toContain("status: in progress");

    const from = app.fake.requests().length;
    const warned = warnings().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("@alice, @ghost") } });
    await settle();
    const patches = app.requestsSince(from).filter((r) => r.method === "PATCH");
    expect(patches.map((r) => r.status)).toEqual([422, 200]);
    expect(issueOf("T-001:").assignees).toEqual(["alice"]);
    expect(parseMarker(issueOf("T-001:").body ?? "")?.unassignable).toEqual({ logins: ["ghost"], of: ["alice", "ghost"] });
    expect(warnings().slice(warned)).toEqual([expect.stringContaining("GitHub cannot assign ghost")]);

    // The next syncs — a push of the same content, and a full resync — ask for nothing.
    const quiet = app.fake.requests().length;
    const logged = warnings().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("@alice, @ghost"), "README.md": "# Widgets!\n" } });
    await settle();
    const install = app.fake.deliveries().find((d) => d.event === "installation");
    await app.fake.redeliver(install!.id);
    await settle();
    expect(app.writesSince(quiet)).toEqual([]);
    expect(warnings().slice(logged)).toEqual([]);

    // A changed assignee list is tried afresh (once more refused, once more said).
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("@ghost") } });
    await settle();
    expect(issueOf("T-001:").assignees).toEqual([]);
    expect(parseMarker(issueOf("T-001:").body ?? "")?.unassignable).toEqual({ logins: ["ghost"], of: ["ghost"] });
    expect(warnings().slice(logged)).toEqual([expect.stringContaining("GitHub cannot assign ghost")]);
  });
});

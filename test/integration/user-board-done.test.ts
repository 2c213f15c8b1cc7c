import { afterEach, describe, expect, it } from "vitest";
import { MemoryTagStore } from "../../src/github/memory-tag-store.js";
import { reconcileRepository } from "../../src/github/reconcile-repository.js";
import { serverUrlFor } from "../../src/github/server-url.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

// Short enough for tests, long enough that one step's toggles land in one batch.
process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "250";

const OWNER = "jo";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";

const plan = [
  "# Plan",
  "",
  "### TASK-001: Set up the repository",
  "**Status**: In Progress",
  "",
  "### TASK-002: Write the parser",
  "",
].join("\n");

// A user's project sends no `projects_v2_item` webhook: a move on it reaches the app only
// through a sync (here the installation's delivery, redelivered, as a reconcile would run it).
describe("a done move on a user's project board reaches the file through a sync (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;

  const repoState = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issueOf = (prefix: string) => repoState().issues.find((issue) => !issue.pull_request && issue.title.startsWith(prefix))!;
  const statusOf = (prefix: string) => app.fake.project(OWNER, 1).items.find((item) => item.content === `${OWNER}/${REPO}#${issueOf(prefix).number}`)!.values.Status;
  const writesSince = (from: number) => app.writesSince(from).filter((request) => request.graphql === undefined || request.graphql.operation === "mutation");
  const settle = async () => {
    await app.settle();
    await sharedTickBatcher().onIdle();
    await app.settle();
  };
  const sync = async () => {
    await app.fake.redeliver(app.fake.deliveries().find((delivery) => delivery.event === "installation")!.id);
    await settle();
  };

  let installationId: number;
  const reconcile = async (store: MemoryTagStore) => {
    const octokit = await app.probot.auth(installationId);
    return reconcileRepository(
      { octokit, log: app.probot.log.child({ test: "reconcile" }), repo: { owner: OWNER, repo: REPO } },
      { botLogin: `${app.fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), defaultBranch: "main" },
      store,
    );
  };

  async function start(): Promise<void> {
    app = await startAppHarness();
    await app.fake.createRepo({
      owner: OWNER,
      ownerType: "User",
      name: REPO,
      files: { "README.md": "# Widgets\n", ".github/taskmirror.yml": `project:\n  url: https://github.com/users/${OWNER}/projects/1\n`, [PLAN]: plan },
    });
    const created = await app.fake.createProject({ owner: OWNER, ownerType: "User", title: "Jo's board" });
    expect(created.number).toBe(1);
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await settle();
    expect(statusOf("TASK-001")).toBe("In Progress");
  }

  const moveToDone = (login: string) =>
    app.fake.setProjectItemField({ owner: OWNER, project: 1, repo: `${OWNER}/${REPO}`, issue: issueOf("TASK-001").number, field: "Status", value: "Done", sender: login });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("writes the done state in one commit and closes the issue when a person with write permission moved the item; the board keeps Done and a resync writes nothing", async () => {
    await start();
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    await moveToDone("alice");
    // No webhook: nothing happens until a sync.
    expect(app.fake.deliveries().filter((delivery) => delivery.event === "projects_v2_item")).toEqual([]);
    const commits = repoState().commits.length;
    const number = issueOf("TASK-001").number;
    const from = app.fake.requests().length;
    await sync();

    const added = repoState().commits.slice(commits);
    expect(added).toHaveLength(1);
    expect(added[0]!.message.split("\n")[0]).toContain(`#${number}`);
    expect(repoState().files[PLAN]).toContain("**Status**: Done");
    expect(issueOf("TASK-002").state).toBe("open");
    expect(issueOf("TASK-001")).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(statusOf("TASK-001")).toBe("Done");
    // The board was not written: the item's done state is the document's now.
    expect(writesSince(from).filter((request) => request.graphql !== undefined)).toEqual([]);
    expect(app.logs.some((entry) => entry.msg === "done moves made on the board written to the files")).toBe(true);

    // The next sync reads the new document: the issue shows its status (as after any tick
    // written back), the board and the file are left as they are.
    const next = app.fake.requests().length;
    await sync();
    expect(writesSince(next).filter((request) => request.graphql !== undefined || request.path.includes("/contents/"))).toEqual([]);
    expect(issueOf("TASK-001").labels).toContain("status: done");
    expect(statusOf("TASK-001")).toBe("Done");

    const again = app.fake.requests().length;
    await sync();
    expect(writesSince(again)).toEqual([]);
    expect(repoState().commits).toHaveLength(commits + 1);
  });

  it("puts the board back and commits nothing when the person who moved the item lacks write permission, and says why", async () => {
    await start();
    await app.fake.setPermission(OWNER, REPO, "visitor", "triage");
    await moveToDone("visitor");
    const commits = repoState().commits.length;
    await sync();

    expect(repoState().commits).toHaveLength(commits);
    expect(issueOf("TASK-001").state).toBe("open");
    expect(statusOf("TASK-001")).toBe("In Progress");
    const said = app.logs.find((entry) => typeof entry.msg === "string" && entry.msg.includes("without permission to change the task"));
    expect(said).toMatchObject({ login: "visitor", required: "write" });

    const again = app.fake.requests().length;
    await sync();
    expect(writesSince(again)).toEqual([]);
  });

  it("takes a Done the app set for a done task as the document's once the task is reopened: the board follows, the issue stays open", async () => {
    await start();
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan.replace("**Status**: In Progress", "**Status**: Done") } });
    await settle();
    expect(issueOf("TASK-001").state).toBe("closed");
    expect(statusOf("TASK-001")).toBe("Done");
    // The owner reopens the issue: written back to the file, and the board is still the app's Done.
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issueOf("TASK-001").number, state: "open", sender: OWNER });
    await settle();
    expect(repoState().files[PLAN]).not.toContain("**Status**: Done");
    const commits = repoState().commits.length;
    await sync();

    expect(issueOf("TASK-001").state).toBe("open");
    expect(statusOf("TASK-001")).not.toBe("Done");
    expect(repoState().commits).toHaveLength(commits);
    // Not taken for anyone's move at all: the app's own value is the document's.
    expect(app.logs.filter((entry) => typeof entry.msg === "string" && entry.msg.startsWith("moved to done on the board"))).toEqual([]);
  });

  it("is found by the periodic reconcile: an unchanged repository and board cost three reads, a move on the board makes it sync", async () => {
    await start();
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    const store = new MemoryTagStore();
    // GitHub's timestamps are whole seconds: a board stamp from the second it is read in is not
    // kept (a move just after would not move it), so the first converged round comes a second on.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await reconcile(store)).toMatchObject({ outcome: "applied", writes: 0 });
    expect((await store.get(`${OWNER}/${REPO}`))?.project).toMatchObject({ ownerType: "User", login: OWNER, number: 1, updatedAt: expect.any(String) });
    // The two conditional reads and the project's updatedAt.
    expect(await reconcile(store)).toEqual({ outcome: "unchanged", branch: "main", reads: 3, writes: 0 });

    const commits = repoState().commits.length;
    await moveToDone("alice");
    expect(await reconcile(store)).toMatchObject({ outcome: "applied" });
    expect(repoState().commits).toHaveLength(commits + 1);
    expect(repoState().files[PLAN]).toContain("**Status**: Done");
    expect(issueOf("TASK-001").state).toBe("closed");
    expect(statusOf("TASK-001")).toBe("Done");
  });

  it("reads no permission and writes nothing on a resync when no item is in Done against an open task", async () => {
    await start();
    const from = app.fake.requests().length;
    await sync();
    expect(writesSince(from)).toEqual([]);
    expect(app.fake.requests().slice(from).filter((request) => request.path.includes("/collaborators/"))).toEqual([]);
  });
});

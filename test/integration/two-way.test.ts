import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import { parseMarker } from "../../src/core/render/marker.js";
import { DEFAULT_CONFIG } from "../../src/core/config/schema.js";
import { applyFileToggles } from "../../src/github/write-back/apply-file-toggles.js";
import { flushTicks } from "../../src/github/write-back/flush-ticks.js";
import type { TickBatcher } from "../../src/github/write-back/tick-batcher.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { serverUrlFor } from "../../src/github/server-url.js";
import { syncRepository } from "../../src/github/sync-repository.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

// Short enough for tests, long enough that the ticks of one test step land in one batch.
process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "250";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";
const KIRO = ".kiro/specs/app/tasks.md";

const plan = (boxes: { create?: string; ci?: string; docs?: string; parse?: string; status?: string } = {}) =>
  [
    "# Plan",
    "",
    "### TASK-001: Set up the repository",
    "**Priority**: P1  ",
    `**Status**: ${boxes.status ?? "In Progress"}`,
    "",
    "**Subtasks**:",
    `- [${boxes.create ?? " "}] Create the repository`,
    `- [${boxes.ci ?? " "}] Add CI`,
    `- [${boxes.docs ?? " "}] Write **docs**`,
    "",
    "### TASK-002: Write the parser",
    "**Priority**: P2",
    "",
    `- [${boxes.parse ?? " "}] Parse headings`,
    "",
  ].join("\n");

const kiro = ["# Tasks", "", "- [ ] 1. Setup", "  - [ ] 1.1 Create folders", "", "- [ ] 2. Build", ""].join("\r\n");

describe("two-way checkbox sync (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;
  let batcher: TickBatcher;

  const repoState = () => {
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
    if (!repo) throw new Error("no repository");
    return repo;
  };
  const issueOf = (prefix: string) => {
    const found = repoState().issues.filter((issue) => !issue.pull_request && issue.title.startsWith(prefix));
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const file = (path = PLAN) => repoState().files[path] ?? "";
  const settle = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };
  /** A person ticks (or unticks) boxes in the issue's body, as the web UI does. */
  const tick = async (prefix: string, changes: Record<string, boolean>, sender = OWNER) => {
    const issue = issueOf(prefix);
    let body = issue.body ?? "";
    for (const [text, checked] of Object.entries(changes)) {
      const from = new RegExp(`- \\[[ xX]\\] ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
      expect(body).toMatch(from);
      body = body.replace(from, `- [${checked ? "x" : " "}] ${text}`);
    }
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue.number, body, sender });
  };
  const commitsSince = (count: number) => repoState().commits.slice(count);
  const checklist = (prefix: string) =>
    Object.fromEntries(readIssueChecklist(issueOf(prefix).body ?? "").map((item) => [item.text, item.checked]));

  let installationId: number;

  beforeEach(async () => {
    app = await startAppHarness();
    // src/index.ts registers the issue handlers on the process-wide batcher.
    batcher = sharedTickBatcher();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Widgets\n", [PLAN]: plan(), [KIRO]: kiro } });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("commits a tick made in the issue as a one-byte change that credits the person, and writes nothing more", async () => {
    const before = file();
    const commits = repoState().commits.length;
    const from = app.fake.requests().length;
    await tick("TASK-001", { "Add CI": true });
    await settle();

    const after = file();
    expect(after).toBe(before.replace("- [ ] Add CI", "- [x] Add CI"));
    expect([...after].filter((char, index) => char !== before[index])).toEqual(["x"]);
    const [commit, ...more] = commitsSince(commits);
    expect(more).toEqual([]);
    expect(commit!.message).toBe(
      `Tick 1 item of TASK-001 (#${issueOf("TASK-001").number})\n\n- [x] Add CI\n\nCo-authored-by: acme <${repoOwnerId()}+acme@users.noreply.github.com>`,
    );
    expect(commit!.changes.map((change) => change.path)).toEqual([PLAN]);
    // The merge base moves to what the file now holds, so a later untick in the file wins.
    expect(parseMarker(issueOf("TASK-001").body ?? "")?.items).toEqual({ "add ci": true });
    expect(app.writesSince(from).map((r) => `${r.method} ${r.route}`)).toEqual([
      "PUT /repos/{owner}/{repo}/contents/{path}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
    ]);

    // The app's own commit and edit came back as webhooks: they caused nothing. A redelivery
    // of the person's edit causes nothing either.
    const quiet = app.fake.requests().length;
    const edit = app.fake.deliveries().filter((d) => d.event === "issues").find((d) => (d.payload as { sender: { login: string } }).sender.login === OWNER);
    await app.fake.redeliver(edit!.id);
    await settle();
    expect(app.writesSince(quiet)).toEqual([]);

    // Unticking in the file afterwards wins over the issue's old tick.
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan() } });
    await settle();
    expect(checklist("TASK-001")["Add CI"]).toBe(false);
    expect(file()).toBe(before);
  });

  function repoOwnerId(): number {
    const delivery = app.fake.deliveries().find((d) => d.event === "issues" && (d.payload as { sender: { login: string } }).sender.login === OWNER);
    return (delivery!.payload as { sender: { id: number } }).sender.id;
  }

  it("merges a tick a person makes while a push sync is running instead of writing over it", async () => {
    // A push the app has not heard of yet (its webhook is held back), then the app's sync of it,
    // with the person ticking "Add CI" right after the sync listed the issues.
    app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret, events: ["issues"] });
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ create: "x" }) } });
    app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret });
    const octokit = await app.probot.auth(installationId);
    let ticked = false;
    octokit.hook.after("request", async (_response, options) => {
      if (!ticked && options.method === "GET" && /\/issues(\?|$)/.test(String(options.url))) {
        ticked = true;
        await tick("TASK-001", { "Add CI": true });
      }
    });
    const log = app.probot.log.child({ test: "race" });
    const result = await syncRepository(
      { octokit, log, repo: { owner: OWNER, repo: REPO } },
      { botLogin: `${app.fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), branch: "main", defaultBranch: "main" },
    );
    expect(ticked).toBe(true);
    expect(result.counts?.updated).toBe(1);
    await settle();

    expect(checklist("TASK-001")).toEqual({ "Create the repository": true, "Add CI": true, "Write **docs**": false });
    expect(file()).toBe(plan({ create: "x", ci: "x" }));
    expect(app.logs.some((entry) => entry.msg === "issue edited since it was listed: planning its update again")).toBe(true);
  });

  it("updates the issue when a box is ticked in the file, without writing back to the file", async () => {
    const commits = repoState().commits.length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ create: "x" }) } });
    await settle();
    expect(checklist("TASK-001")).toEqual({ "Create the repository": true, "Add CI": false, "Write **docs**": false });
    expect(commitsSince(commits)).toHaveLength(1);
  });

  it("keeps both ticks when one is made in the issue and another in the file at the same time", async () => {
    await Promise.all([
      tick("TASK-001", { "Add CI": true }),
      app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ create: "x" }) } }),
    ]);
    await settle();
    expect(checklist("TASK-001")).toEqual({ "Create the repository": true, "Add CI": true, "Write **docs**": false });
    expect(file()).toBe(plan({ create: "x", ci: "x" }));
  });

  it("writes a burst of five ticks across two issues of one document as one commit", async () => {
    const commits = repoState().commits.length;
    await tick("TASK-001", { "Create the repository": true });
    await tick("TASK-001", { "Add CI": true });
    await tick("TASK-002", { "Parse headings": true });
    await tick("TASK-001", { "Write **docs**": true });
    await tick("TASK-001", { "Add CI": false });
    await tick("TASK-001", { "Add CI": true });
    await settle();
    const added = commitsSince(commits);
    expect(added).toHaveLength(1);
    expect(added[0]!.message.split("\n")[0]).toBe(`Tick 4 items in ${PLAN} (#${issueOf("TASK-001").number}, #${issueOf("TASK-002").number})`);
    expect(file()).toBe(plan({ create: "x", ci: "x", docs: "x", parse: "x" }));
  });

  it("re-reads and re-applies when someone pushed between the read and the write (409)", async () => {
    app.fake.failNext({ method: "PUT", path: /\/contents\//, status: 409, body: { message: `${PLAN} does not match 0000000000000000000000000000000000000000` } });
    await tick("TASK-001", { "Add CI": true });
    await settle();
    expect(file()).toBe(plan({ ci: "x" }));
    expect(app.fake.requests().filter((r) => r.method === "PUT").map((r) => r.status)).toEqual([409, 200]);
  });

  it("re-locates items by key when the file changed under the write", async () => {
    // The tick is waiting in its batch when a person reorders and rewords the document.
    await tick("TASK-001", { "Write **docs**": true });
    const reordered = plan().replace("- [ ] Create the repository\n- [ ] Add CI\n", "- [ ] Add CI\n- [ ] Set up the CI cache\n- [ ] Create the repository\n");
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: reordered } });
    await settle();
    expect(file()).toBe(reordered.replace("- [ ] Write **docs**", "- [x] Write **docs**"));
    expect(checklist("TASK-001")).toEqual({ "Add CI": false, "Set up the CI cache": false, "Create the repository": false, "Write **docs**": true });
  });

  it("says in the issue when a ticked item no longer exists in the file", async () => {
    // A tick whose item a push removed before the write (the planner's write-back path: no
    // confirmation against the issue, which may still show the item).
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan().replace("- [ ] Add CI\n", "") } });
    await settle();
    const number = issueOf("TASK-001").number;
    const installation = app.fake.snapshot().installations[0]!.id;
    const octokit = await app.probot.auth(installation);
    const log = app.probot.log.child({ test: "missing" });
    const commits = repoState().commits.length;
    const result = await flushTicks(
      { octokit, log, repo: { owner: OWNER, repo: REPO } },
      {
        path: PLAN,
        toggles: [
          { taskKey: "TASK-001", itemKey: "add ci", checked: true, issue: number, by: { login: OWNER, id: 1 } },
          { taskKey: "TASK-001", itemKey: "create the repository", checked: true, issue: number, by: { login: OWNER, id: 1 } },
        ],
        config: DEFAULT_CONFIG,
        defaultBranch: "main",
        confirm: false,
      },
    );
    await settle();
    expect(result.commented).toBe(1);
    expect(result.outcome?.edit.missing.map((t) => t.itemKey)).toEqual(["add ci"]);
    expect(commitsSince(commits)).toHaveLength(1);
    expect(file()).toBe(plan({ create: "x" }).replace("- [ ] Add CI\n", ""));
    expect(issueOf("TASK-001").comments).toEqual([
      { user: "taskmirror[bot]", body: `taskmirror could not write this tick to \`${PLAN}\`: “add ci” no longer exists there. The issue will follow the file at the next push.` },
    ]);
  });

  it("reverts a tick by someone without push permission, with a comment, and writes no commit", async () => {
    await app.fake.setPermission(OWNER, REPO, "visitor", "triage");
    const commits = repoState().commits.length;
    await tick("TASK-001", { "Add CI": true, "Create the repository": true }, "visitor");
    await settle();
    expect(commitsSince(commits)).toEqual([]);
    expect(checklist("TASK-001")).toEqual({ "Create the repository": false, "Add CI": false, "Write **docs**": false });
    const comments = issueOf("TASK-001").comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.user).toBe("taskmirror[bot]");
    expect(comments[0]!.body).toContain("@visitor taskmirror undid this change");
    expect(comments[0]!.body).toContain("write permission");

    // A push afterwards does not take the reverted tick into the file.
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ parse: "x" }) } });
    await settle();
    expect(file()).toBe(plan({ parse: "x" }));
  });

  it("commits to one rolling pull request when the default branch is protected", async () => {
    await app.fake.protectBranch(OWNER, REPO, "main");
    await tick("TASK-001", { "Add CI": true });
    await settle();
    await tick("TASK-002", { "Parse headings": true });
    await settle();
    const state = repoState();
    expect(state.files[PLAN]).toBe(plan());
    expect(state.pulls.map((p) => [p.head, p.base, p.state])).toEqual([["acme:taskmirror/checkboxes", "main", "open"]]);
    const branchHead = state.branches["taskmirror/checkboxes"];
    const onBranch = state.commits.filter((c) => c.message.startsWith("Tick"));
    expect(onBranch.map((c) => c.message.split("\n")[0])).toEqual([
      `Tick 1 item of TASK-001 (#${issueOf("TASK-001").number})`,
      `Tick 1 item of TASK-002 (#${issueOf("TASK-002").number})`,
    ]);
    expect(onBranch.at(-1)!.sha).toBe(branchHead);
    expect(app.fake.requests().filter((r) => r.method === "POST" && r.route === "/repos/{owner}/{repo}/pulls")).toHaveLength(1);
    expect(checklist("TASK-001")["Add CI"]).toBe(true);
  });

  it("opens a new rolling pull request from the default head once the last one was merged", async () => {
    await app.fake.push({ owner: OWNER, repo: REPO, files: { ".github/taskmirror.yml": "writeBack:\n  mode: pull-request\n" } });
    await settle();
    await tick("TASK-001", { "Add CI": true });
    await settle();
    const first = repoState().pulls[0]!;
    await app.fake.mergePullRequest({ owner: OWNER, repo: REPO, number: first.number });
    await settle();
    expect(file()).toBe(plan({ ci: "x" }));

    await tick("TASK-002", { "Parse headings": true });
    await settle();
    const pulls = repoState().pulls;
    expect(pulls.map((p) => [p.number === first.number, p.state, p.merged])).toEqual([
      [true, "closed", true],
      [false, "open", false],
    ]);
    // The new branch starts at the default head: its pull request carries only the new tick.
    const state = repoState();
    const head = state.commits.find((c) => c.sha === state.branches["taskmirror/checkboxes"])!;
    expect(head.message.split("\n")[0]).toBe(`Tick 1 item of TASK-002 (#${issueOf("TASK-002").number})`);
    expect(head.parents).toEqual([state.branches.main]);
  });

  it("reads and writes a task document over the contents API's 1 MB through the blobs API", async () => {
    // Long paragraphs: remark parses a megabyte of short lines in one paragraph very slowly.
    const big = `${plan()}\n${`${"padding ".repeat(250)}\n\n`.repeat(520)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(1_000_000);
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: big } });
    await settle();
    const from = app.fake.requests().length;
    await tick("TASK-001", { "Add CI": true });
    await settle();
    expect(file()).toBe(big.replace("- [ ] Add CI", "- [x] Add CI"));
    const reads = app.fake.requests().slice(from).filter((r) => r.method === "GET").map((r) => `${r.route} ${r.status}`);
    expect(reads).toContain("/repos/{owner}/{repo}/git/blobs/{file_sha} 200");
  });

  it("keeps the ticks waiting in the rolling pull request through later pushes to the default branch", async () => {
    await app.fake.protectBranch(OWNER, REPO, "main");
    await tick("TASK-001", { "Add CI": true });
    await settle();
    for (const note of ["Notes.", "More notes."]) {
      await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: `${plan()}\n${note}\n` } });
      await settle();
    }
    expect(checklist("TASK-001")["Add CI"]).toBe(true);
    expect(repoState().pulls).toHaveLength(1);
  });

  it("writes planSync's toggle-file operations as one commit per document, each credited to whoever made it", async () => {
    const installation = app.fake.snapshot().installations[0]!.id;
    const octokit = await app.probot.auth(installation);
    const scope = { octokit, log: app.probot.log.child({ test: "toggle-file" }), repo: { owner: OWNER, repo: REPO } };
    const issueNumbers = new Map([["TASK-001", issueOf("TASK-001").number], [".kiro/specs/app/tasks.md#2", issueOf("2: Build").number]]);
    // The person's changes, made while the app heard nothing of them.
    app.fake.setWebhook({ url: null, secret: app.fake.app.webhookSecret });
    await tick("TASK-001", { "Add CI": true });
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issueOf("TASK-001").number, state: "closed", state_reason: "completed", sender: OWNER });
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issueOf("2: Build").number, state: "closed", state_reason: "completed", sender: OWNER });
    await app.fake.waitForQuiet({ quietMs: 50 });
    app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret });
    const operations = [
      { kind: "toggle-file" as const, key: "TASK-001", path: PLAN, itemKey: "add ci", checked: true },
      { kind: "toggle-file" as const, key: "TASK-001", path: PLAN, itemKey: "", checked: true },
      { kind: "toggle-file" as const, key: ".kiro/specs/app/tasks.md#2", path: KIRO, itemKey: "", checked: true },
    ];
    const botLogin = `${app.fake.app.slug}[bot]`;
    const off = await applyFileToggles(scope, operations, { config: { ...DEFAULT_CONFIG, writeBack: { ...DEFAULT_CONFIG.writeBack, mode: "off" } }, defaultBranch: "main", issueNumbers, botLogin });
    expect(off).toEqual({ commits: 0, written: 0, failed: 0, reverted: 0, unconfirmed: 0 });
    const commits = repoState().commits.length;
    const counts = await applyFileToggles(scope, operations, { config: DEFAULT_CONFIG, defaultBranch: "main", issueNumbers, botLogin });
    await settle();
    expect(counts).toEqual({ commits: 2, written: 3, failed: 0, reverted: 0, unconfirmed: 0 });
    expect(file()).toBe(plan({ ci: "x", status: "Done" }));
    expect(file(KIRO)).toBe(kiro.replace("- [ ] 2. Build", "- [x] 2. Build"));
    expect(commitsSince(commits).every((commit) => commit.message.includes(`Co-authored-by: ${OWNER} <`))).toBe(true);
    expect(await applyFileToggles(scope, operations, { config: DEFAULT_CONFIG, defaultBranch: "main", issueNumbers, botLogin })).toEqual({
      commits: 0,
      written: 0,
      failed: 0,
      reverted: 0,
      unconfirmed: 0,
    });
  });

  it("uses the rolling pull request when writeBack.mode is pull-request", async () => {
    await app.fake.push({ owner: OWNER, repo: REPO, files: { ".github/taskmirror.yml": "writeBack:\n  mode: pull-request\n" } });
    await settle();
    const from = app.fake.requests().length;
    await tick("TASK-001", { "Add CI": true });
    await settle();
    expect(file()).toBe(plan());
    expect(repoState().pulls).toHaveLength(1);
    expect(app.writesSince(from).filter((r) => r.method === "PUT").map((r) => (r.body as { branch?: string }).branch)).toEqual(["taskmirror/checkboxes"]);
  });

  it("writes nothing to files when writeBack.mode is off", async () => {
    await app.fake.push({ owner: OWNER, repo: REPO, files: { ".github/taskmirror.yml": "writeBack:\n  mode: \"off\"\n" } });
    await settle();
    const commits = repoState().commits.length;
    await tick("TASK-001", { "Add CI": true });
    await settle();
    expect(commitsSince(commits)).toEqual([]);
    expect(checklist("TASK-001")["Add CI"]).toBe(true);
  });

  it("follows a close as completed and a reopen in the task's own box, keeping CRLF line endings", async () => {
    const setup = issueOf("1: Setup");
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: setup.number, state: "closed", state_reason: "completed", sender: OWNER });
    await settle();
    expect(file(KIRO)).toBe(kiro.replace("- [ ] 1. Setup", "- [x] 1. Setup"));
    expect(issueOf("1: Setup").state).toBe("closed");

    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: setup.number, state: "open", sender: OWNER });
    await settle();
    expect(file(KIRO)).toBe(kiro);
    expect(issueOf("1: Setup").state).toBe("open");
  });

  it("follows a close in the status field when the task has no own box, and ignores a close as not planned", async () => {
    const parser = issueOf("TASK-002");
    const commits = repoState().commits.length;
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: parser.number, state: "closed", state_reason: "not_planned", sender: OWNER });
    await settle();
    expect(commitsSince(commits)).toEqual([]);

    const setup = issueOf("TASK-001");
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: setup.number, state: "closed", state_reason: "completed", sender: OWNER });
    await settle();
    expect(file()).toBe(plan({ status: "Done" }));
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: setup.number, state: "open", sender: OWNER });
    await settle();
    expect(file()).toBe(plan({ status: "To Do" }));
  });
});

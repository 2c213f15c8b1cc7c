import { fixturePath } from "../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";

const seeds = fixturePath("seeds");
const PLAN = "plans/e2e-traceability.tasks.md";
const KIRO = ".kiro/specs/platform/tasks.md";
const OWNER = "acme";
const REPO = "platform";
// GitHub-like timing: the default debounce, so a burst under load still lands in one batch.
const DEBOUNCE_MS = 1500;

/**
 * Two-way sync end to end: the real server process, signed webhooks over HTTP, the fake
 * GitHub, the seed documents. One repository for the whole story.
 */
describe("two-way checkbox sync end to end", () => {
  let fake: FakeGitHub;
  let server: AppProcess;

  const repoState = () => fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issueOf = (prefix: string) => {
    const found = repoState().issues.filter((issue) => !issue.pull_request && issue.title.startsWith(prefix));
    expect(found.map((issue) => issue.title)).toHaveLength(1);
    return found[0]!;
  };
  const file = (path = PLAN) => repoState().files[path] ?? "";
  // Ticks wait DEBOUNCE_MS in their batch: quiet for longer than that means the app is done.
  // A server parses and plans for over a second without a request when the machine is busy.
  const settle = (quietMs = DEBOUNCE_MS + 1000) => fake.waitForQuiet({ quietMs, timeoutMs: 60_000 });
  const writesSince = (from: number) => fake.requests().slice(from).filter((r) => r.method !== "GET" && !/\/access_tokens$/.test(r.path));
  const checklist = (prefix: string) => Object.fromEntries(readIssueChecklist(issueOf(prefix).body ?? "").map((i) => [i.text, i.checked]));
  const tick = async (prefix: string, texts: string[], sender = OWNER, checked = true) => {
    const issue = issueOf(prefix);
    let body = issue.body ?? "";
    for (const text of texts) {
      const from = `- [${checked ? " " : "x"}] ${text}`;
      expect(body).toContain(from);
      body = body.replace(from, `- [${checked ? "x" : " "}] ${text}`);
    }
    await fake.editIssue({ owner: OWNER, repo: REPO, number: issue.number, body, sender });
  };
  const commitCount = () => repoState().commits.length;

  beforeAll(async () => {
    ({ fake, app: server } = await startFakeAndApp({ TASKMIRROR_TICK_DEBOUNCE_MS: String(DEBOUNCE_MS) }));
    await fake.createRepo({
      owner: OWNER,
      name: REPO,
      files: {
        [PLAN]: readFileSync(join(seeds, "003_350c1e53366d76d6.txt"), "utf8"),
        [KIRO]: readFileSync(join(seeds, "002_9b44147aba6dd40d.txt"), "utf8"),
      },
    });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await settle(3000);
    expect(repoState().issues.length).toBe(48);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it("turns a tick in the issue into one commit with a one-byte diff", async () => {
    const before = file();
    const commits = commitCount();
    await tick("TASK-001:", ["Create nginx/Dockerfile with Alpine base"]);
    await settle();
    const after = file();
    expect(after.length).toBe(before.length);
    expect([...after].filter((c, i) => c !== before[i])).toEqual(["x"]);
    expect(after).toBe(before.replace("- [ ] Create nginx/Dockerfile with Alpine base", "- [x] Create nginx/Dockerfile with Alpine base"));
    const added = repoState().commits.slice(commits);
    expect(added.map((c) => c.message.split("\n")[0])).toEqual([`Tick 1 item of TASK-001 (#${issueOf("TASK-001:").number})`]);
    expect(added[0]!.message).toMatch(/\nCo-authored-by: acme <\d+\+acme@users\.noreply\.github\.com>$/);
  });

  it("writes nothing more for the app's own commit and edit, or for a redelivered tick", async () => {
    const from = fake.requests().length;
    const ownEvents = fake.deliveries().filter((d) => (d.payload as { sender?: { login?: string } }).sender?.login === `${fake.app.slug}[bot]`);
    expect(ownEvents.map((d) => d.event)).toEqual(expect.arrayContaining(["push", "issues"]));
    const personEdit = fake.deliveries().filter((d) => d.event === "issues" && (d.payload as { sender: { login: string } }).sender.login === OWNER).at(-1)!;
    await fake.redeliver(personEdit.id);
    for (const own of ownEvents.slice(-2)) await fake.redeliver(own.id);
    await settle();
    expect(writesSince(from)).toEqual([]);
  });

  it("updates the issue when a box is ticked in the file", async () => {
    await fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: file().replace("- [ ] Test image builds successfully", "- [x] Test image builds successfully") } });
    await settle();
    expect(checklist("TASK-001:")["Test image builds successfully"]).toBe(true);
    expect(checklist("TASK-001:")["Create nginx/Dockerfile with Alpine base"]).toBe(true);
  });

  it("keeps both ticks when one is made in the issue and one in the file at once", async () => {
    await Promise.all([
      tick("TASK-002:", ["Configure OpenTelemetry module in nginx.conf"]),
      fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: file().replace("- [ ] Set up OTLP exporter to collector", "- [x] Set up OTLP exporter to collector") } }),
    ]);
    await settle();
    expect(file()).toContain("- [x] Configure OpenTelemetry module in nginx.conf");
    expect(file()).toContain("- [x] Set up OTLP exporter to collector");
    expect(checklist("TASK-002:")).toMatchObject({ "Configure OpenTelemetry module in nginx.conf": true, "Set up OTLP exporter to collector": true });
  });

  it("writes a burst of five ticks as one commit", async () => {
    const commits = commitCount();
    const items = ["Configure trace context propagation", "Add service attributes and resource detection", "Test trace generation"];
    for (const item of items) await tick("TASK-002:", [item]);
    await tick("TASK-001:", ["Add build stage for OpenTelemetry C++ SDK compilation"]);
    await tick("TASK-001:", ["Compile NGINX with OpenTelemetry module"]);
    await settle();
    const added = repoState().commits.slice(commits);
    expect(added).toHaveLength(1);
    expect(added[0]!.message.split("\n")[0]).toMatch(/^Tick 5 items in plans\/e2e-traceability\.tasks\.md \(#\d+, #\d+\)$/);
    expect(added[0]!.changes.map((c) => c.path)).toEqual([PLAN]);
  });

  it("re-reads and retries when the file changed under the write (409)", async () => {
    fake.failNext({ method: "PUT", path: /\/contents\//, status: 409, body: { message: `${PLAN} does not match 1111111111111111111111111111111111111111` } });
    await tick("TASK-001:", ["Create optimized runtime image"]);
    await settle();
    expect(file()).toContain("- [x] Create optimized runtime image");
    const puts = fake.requests().filter((r) => r.method === "PUT").slice(-2);
    expect(puts.map((r) => r.status)).toEqual([409, 200]);
  });

  it("reverts a tick by someone without push permission, with a comment", async () => {
    await fake.setPermission(OWNER, REPO, "drive-by", "read");
    const commits = commitCount();
    await tick("TASK-003:", [checklistTexts("TASK-003:")[0]!], "drive-by");
    await settle();
    expect(repoState().commits.length).toBe(commits);
    expect(Object.values(checklist("TASK-003:")).every((checked) => !checked)).toBe(true);
    expect(issueOf("TASK-003:").comments.map((c) => [c.user, c.body.split(":")[0]])).toEqual([[`${fake.app.slug}[bot]`, "@drive-by taskmirror undid this change"]]);
  });

  it("follows a close of a numbered-plan task in its own box", async () => {
    const setup = issueOf("1: Setup and Foundation");
    await fake.editIssue({ owner: OWNER, repo: REPO, number: setup.number, state: "closed", state_reason: "completed", sender: OWNER });
    await settle();
    expect(file(KIRO)).toContain("- [x] 1. Setup and Foundation");
    expect(issueOf("1: Setup and Foundation").state).toBe("closed");
  });

  it("sends ticks to one rolling pull request when the default branch is protected", async () => {
    await fake.protectBranch(OWNER, REPO, "main");
    const before = file();
    await tick("TASK-004:", [checklistTexts("TASK-004:")[0]!]);
    await settle();
    await tick("TASK-004:", [checklistTexts("TASK-004:")[1]!]);
    await settle();
    const state = repoState();
    expect(file()).toBe(before);
    expect(state.pulls.map((p) => [p.head, p.base, p.state])).toEqual([["acme:taskmirror/checkboxes", "main", "open"]]);
    const branchFile = state.commits.filter((c) => c.sha === state.branches["taskmirror/checkboxes"]);
    expect(branchFile).toHaveLength(1);
    expect(state.commits.filter((c) => c.message.startsWith("Tick 1 item of TASK-004"))).toHaveLength(2);
    expect(fake.violations()).toEqual([]);
    expect(server.output()).not.toMatch(/"level":(50|60)/);
  });

  // Last: it stops the app.
  it("writes a tick still waiting out its debounce when the app is stopped", async () => {
    const item = checklistTexts("TASK-005:")[0]!;
    await tick("TASK-005:", [item]);
    await server.stop();
    const ticks = repoState().commits.filter((c) => c.message.startsWith("Tick 1 item of TASK-005"));
    expect(ticks).toHaveLength(1);
    expect(ticks[0]!.message).toContain(`- [x] ${item}`);
    expect(server.output()).not.toMatch(/"level":(50|60)/);
  });

  function checklistTexts(prefix: string): string[] {
    return readIssueChecklist(issueOf(prefix).body ?? "").filter((i) => !i.checked).map((i) => i.text);
  }
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import { MemoryTagStore } from "../../src/github/memory-tag-store.js";
import { reconcileRepository } from "../../src/github/reconcile-repository.js";
import { serverUrlFor } from "../../src/github/server-url.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks/TASKS-plan.md";
const plan = (boxes: { parse?: string; status?: string } = {}) =>
  ["# Plan", "", "### TASK-001: Write the parser", `**Status**: ${boxes.status ?? "In Progress"}`, "", `- [${boxes.parse ?? " "}] Parse headings`, "- [ ] Parse lists", ""].join("\n");

/**
 * Ticks a reconcile finds in issues — made while the app was down, so no webhook said who made
 * them — pass the same permission rule as ticks the app hears of (the edit history names the person).
 */
describe("a tick found by a reconcile still passes the permission rule", () => {
  let app: AppHarness;
  let installationId: number;
  let store: MemoryTagStore;

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { [PLAN]: plan() } });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await app.settle();
    store = new MemoryTagStore();
  });
  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    await app.close();
  });

  const repoState = () => app.fake.snapshot().repositories.find((repo) => repo.full_name === `${OWNER}/${REPO}`)!;
  const issue = () => repoState().issues.find((item) => item.title.startsWith("TASK-001"))!;
  const file = () => repoState().files[PLAN];
  const checklist = () => Object.fromEntries(readIssueChecklist(issue().body ?? "").map((item) => [item.text, item.checked]));
  const comments = () => issue().comments;
  const whileDown = async (work: () => Promise<unknown>) => {
    app.fake.setWebhook({ url: null, secret: app.fake.app.webhookSecret });
    await work();
    await app.fake.waitForQuiet({ quietMs: 50 });
    app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret });
  };
  const tickAs = (sender: string) =>
    app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue().number, body: (issue().body ?? "").replace("- [ ] Parse headings", "- [x] Parse headings"), sender });
  const reconcile = async () => {
    const octokit = await app.probot.auth(installationId);
    const result = await reconcileRepository(
      { octokit, log: app.probot.log.child({ test: "tick-author" }), repo: { owner: OWNER, repo: REPO } },
      { botLogin: `${app.fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), defaultBranch: "main" },
      store,
    );
    await app.settle();
    return result;
  };

  it("writes the tick of a person who may write, credited to them", async () => {
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    await whileDown(() => tickAs("alice"));
    const result = await reconcile();
    expect(result.outcome === "unchanged" ? null : result.toggles).toEqual({ commits: 1, written: 1, failed: 0, reverted: 0, unconfirmed: 0 });
    expect(file()).toBe(plan({ parse: "x" }));
    expect(repoState().commits.at(-1)!.message).toContain("Co-authored-by: alice <");
  });

  it("undoes the tick of a person who may not write, with one comment, and writes nothing to the file", async () => {
    await app.fake.setPermission(OWNER, REPO, "visitor", "triage");
    await whileDown(() => tickAs("visitor"));
    const result = await reconcile();
    expect(result.outcome === "unchanged" ? null : result.toggles).toMatchObject({ written: 0, reverted: 1, unconfirmed: 0 });
    expect(file()).toBe(plan());
    expect(checklist()).toEqual({ "Parse headings": false, "Parse lists": false });
    expect(comments().map((comment) => comment.body)).toEqual([expect.stringContaining("@visitor taskmirror undid this change")]);
    // Converged: the next reconciles write nothing more.
    await reconcile();
    expect(await reconcile()).toMatchObject({ outcome: "unchanged" });
    expect(comments()).toHaveLength(1);
  });

  it("does not write a change whose author the history does not show, and says so once", async () => {
    // Done in the file and closed; then reopened while the app was down: who reopened it is not in what is read.
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan({ status: "Done" }) } });
    await app.settle();
    expect(issue().state).toBe("closed");
    await whileDown(() => app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue().number, state: "open", sender: OWNER }));

    const first = await reconcile();
    expect(first.outcome === "unchanged" ? null : first.toggles).toMatchObject({ written: 0, reverted: 0, unconfirmed: 1 });
    expect(file()).toBe(plan({ status: "Done" }));
    expect(issue().state).toBe("open");
    const notices = comments();
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain("could not tell who made them");
    expect(notices[0]!.body).toContain("- reopening the issue");

    // The next syncs find the same change and stay quiet about it.
    const from = app.fake.requests().length;
    const second = await reconcile();
    expect(second.outcome === "unchanged" ? null : second.toggles).toMatchObject({ unconfirmed: 1 });
    // One GraphQL query (the edit history), no write.
    expect(app.writesSince(from).map((request) => request.graphql?.operation ?? request.method)).toEqual(["query"]);
    expect(comments()).toHaveLength(1);
    const third = await reconcile();
    expect(third).toMatchObject({ outcome: "unchanged" });
  });
});

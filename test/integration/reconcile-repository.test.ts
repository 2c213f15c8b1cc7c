import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTagStore } from "../../src/github/memory-tag-store.js";
import { reconcileRepository } from "../../src/github/reconcile-repository.js";
import { serverUrlFor } from "../../src/github/server-url.js";
import type { GitHubScope } from "../../src/github/types.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const PLAN = "docs/tasks.md";
const plan = (done = " ") =>
  ["# Plan", "", "### TASK-001: Write the parser", "", `- [${done}] Parse headings`, "", "### TASK-002: Write the docs", "", "- [ ] Write the README", ""].join("\n");
const TOKEN_ROUTE = /\/app\/installations\/\d+\/access_tokens$/;

describe("reconcileRepository: nearly free when unchanged (the fake GitHub's ETags)", () => {
  let app: AppHarness;
  let installationId: number;

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { [PLAN]: plan() } });
    ({ installationId } = await app.fake.installApp({ owner: OWNER, repos: [REPO] }));
    await app.settle();
  });
  afterEach(async () => {
    await app.close();
  });

  const reconcile = async (store: MemoryTagStore) => {
    const octokit = await app.probot.auth(installationId);
    const scope: GitHubScope = { octokit, log: app.probot.log.child({ test: "reconcile" }), repo: { owner: OWNER, repo: REPO } };
    return reconcileRepository(scope, { botLogin: `${app.fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), defaultBranch: "main" }, store);
  };
  const requestsSince = (from: number) => app.requestsSince(from).filter((request) => !TOKEN_ROUTE.test(request.path));
  const titles = () =>
    app.fake
      .snapshot()
      .repositories.find((repo) => repo.full_name === `${OWNER}/${REPO}`)!
      .issues.filter((issue) => !issue.pull_request)
      .map((issue) => [issue.title, issue.state]);

  const bodyOf = (prefix: string) =>
    app.fake
      .snapshot()
      .repositories.find((repo) => repo.full_name === `${OWNER}/${REPO}`)!
      .issues.find((issue) => issue.title.startsWith(prefix))!.body ?? "";

  it("costs two 304s and no write for a repository unchanged since its last converged sync", async () => {
    const store = new MemoryTagStore();
    const first = await reconcile(store);
    expect(first.outcome).toBe("applied");
    expect(first.writes).toBe(0);
    expect(await store.get(`${OWNER}/${REPO}`)).toMatchObject({ branch: "main", head: expect.stringMatching(/^W\//), issues: expect.stringMatching(/^W\//) });

    const from = app.fake.requests().length;
    const second = await reconcile(store);
    expect(second).toEqual({ outcome: "unchanged", branch: "main", reads: 2, writes: 0 });
    const made = requestsSince(from);
    expect(made.map((request) => [request.method, request.route, request.status])).toEqual(
      expect.arrayContaining([
        ["GET", "/repos/{owner}/{repo}/git/ref/{ref}", 304],
        ["GET", "/repos/{owner}/{repo}/issues", 304],
      ]),
    );
    expect(made).toHaveLength(2);
    expect(app.fake.violations()).toEqual([]);
  });

  it("syncs in full when the head moved while no webhook arrived, then is unchanged again", async () => {
    const store = new MemoryTagStore();
    await reconcile(store);
    // The app is down: the push is recorded, its webhook never arrives.
    app.fake.setWebhook({ url: null, secret: app.fake.app.webhookSecret });
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan("x") } });
    await app.fake.waitForQuiet({ quietMs: 50 });
    expect(bodyOf("TASK-001")).toContain("- [ ] Parse headings");

    const changed = await reconcile(store);
    expect(changed.outcome).toBe("applied");
    expect(changed.writes).toBeGreaterThan(0);
    expect(bodyOf("TASK-001")).toContain("- [x] Parse headings");
    // It wrote, so its tags are not kept: the next round syncs once more, finds nothing to do…
    expect(await store.get(`${OWNER}/${REPO}`)).toBeUndefined();
    const again = await reconcile(store);
    expect(again).toMatchObject({ outcome: "applied", writes: 0 });
    // …and from then on costs two 304s.
    expect(await reconcile(store)).toMatchObject({ outcome: "unchanged", reads: 2 });
  });

  it("syncs in full when an issue changed (a person's edit no webhook told of)", async () => {
    const store = new MemoryTagStore();
    await reconcile(store);
    app.fake.setWebhook({ url: null, secret: app.fake.app.webhookSecret });
    const issue = app.fake
      .snapshot()
      .repositories.find((repo) => repo.full_name === `${OWNER}/${REPO}`)!
      .issues.find((item) => item.title.startsWith("TASK-002"))!;
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue.number, sender: OWNER, title: "renamed by hand" });
    await app.fake.waitForQuiet({ quietMs: 50 });

    const changed = await reconcile(store);
    expect(changed.outcome).toBe("applied");
    expect(titles()).toContainEqual(["TASK-002: Write the docs", "open"]);
  });
});

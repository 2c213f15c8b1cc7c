import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIssueChecklist } from "../../src/core/render/read-issue-checklist.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { startAppProcess, startFakeAndApp, type AppProcess } from "./app-process.js";
import { startWebhookDispatcher, type WebhookDispatcher } from "./webhook-dispatcher.js";

// Four installations of five repositories: GitHub paces writes per installation, so do the instances.
const OWNERS = ["acme", "birch", "cedar", "dune"];
const PLAN = "docs/tasks/TASKS-plan.md";
const REPOS = Array.from({ length: 20 }, (_, n) => `${OWNERS[n % OWNERS.length]}/svc-${String(n + 1).padStart(2, "0")}`);
const split = (repo: string) => {
  const [owner = "", name = ""] = repo.split("/");
  return { owner, repo: name };
};
const PEOPLE = ["alice", "bob", "carol", "dave"];
const APP_ENV = { TASKMIRROR_TICK_DEBOUNCE_MS: "300", TASKMIRROR_REDIS_LEASE_MS: "3000" };

const task = (key: string, title: string, items: string[]) => [`### ${key}: ${title}`, "", ...items.map((item) => `- [ ] ${item}`), ""];
const PLAN_TEXT = ["# Plan", "", ...task("TASK-001", "Alpha", ["alpha one", "alpha two"]), ...task("TASK-002", "Beta", ["beta one", "beta two"]), ...task("TASK-003", "Gamma", ["gamma one"])].join("\n");
const WITH_DELTA = `${PLAN_TEXT}${task("TASK-004", "Delta", ["delta one"]).join("\n")}`;
const TICKED = ["alpha one", "beta two"];

type Repository = ReturnType<FakeGitHub["snapshot"]>["repositories"][number];

/**
 * Polls for an effect, slowly: a snapshot renders every repository with every commit's diff,
 * and polling it fast would take the CPU the instances need.
 */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const repoOf = (fake: FakeGitHub, repo: string): Repository => fake.snapshot().repositories.find((r) => r.full_name === repo)!;
const tasksOf = (fake: FakeGitHub, repo: string) => repoOf(fake, repo).issues.filter((issue) => !issue.pull_request);
const issueOf = (fake: FakeGitHub, repo: string, key: string) => {
  const found = tasksOf(fake, repo).filter((issue) => issue.title.startsWith(`${key}:`));
  expect(found.map((issue) => issue.title)).toHaveLength(1);
  return found[0]!;
};

async function createRepos(fake: FakeGitHub, repos: string[]): Promise<void> {
  for (const repo of repos) {
    const { owner, repo: name } = split(repo);
    await fake.createRepo({ owner, name, files: { [PLAN]: PLAN_TEXT } });
    for (const login of PEOPLE) await fake.setPermission(owner, name, login, "write");
  }
}

/** What people do in one repository: a push, ticks by two people, a close, a pull request. */
async function storm(fake: FakeGitHub, fullName: string): Promise<void> {
  const { owner, repo } = split(fullName);
  await fake.push({ owner, repo, files: { [PLAN]: WITH_DELTA }, author: "dave" });
  for (const [key, item, sender] of [["TASK-001", "alpha one", "alice"], ["TASK-002", "beta two", "bob"]] as const) {
    const issue = issueOf(fake, fullName, key);
    await fake.editIssue({ owner, repo, number: issue.number, body: (issue.body ?? "").replace(`- [ ] ${item}`, `- [x] ${item}`), sender });
  }
  await fake.editIssue({ owner, repo, number: issueOf(fake, fullName, "TASK-003").number, state: "closed", state_reason: "completed", sender: "carol" });
  await fake.push({ owner, repo, branch: "more", files: { [PLAN]: `${WITH_DELTA}${task("TASK-005", "Epsilon", ["epsilon one"]).join("\n")}` }, author: "dave" });
  await fake.openPullRequest({ owner, repo, head: "more", author: "dave" });
}

/**
 * A repository's state with what legitimately differs between two runs taken out: numbers and
 * shas (issues and the pull request share a counter, commits carry times). How the ticks were
 * batched into commits may differ too (one instance batched them, or two wrote one each); how
 * many commits wrote each tick may not.
 */
function comparable(repo: Repository) {
  const scrub = (text: string | null | undefined) =>
    (text ?? "")
      .replace(/https?:\/\/[^/\s)]+\/[^/\s)]+\/[^/\s)]+\/blob\//g, "URL/blob/").replace(/#\d+/g, "#N").replace(/\b[0-9a-f]{40}\b/g, "SHA").replace(/\/(issues|pull)\/\d+/g, "/$1/N");
  const pull = repo.pulls[0];
  return {
    files: repo.files,
    issues: repo.issues
      .filter((issue) => !issue.pull_request)
      .map((issue) => ({ title: issue.title, state: issue.state, body: scrub(issue.body), checklist: readIssueChecklist(issue.body ?? "").map((item) => `${item.checked ? "x" : " "} ${item.text}`) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    pulls: repo.pulls.map((p) => p.title),
    pullChecks: repo.check_runs.filter((run) => run.name === "taskmirror" && run.head_sha === pull?.head_sha).map((run) => [run.status, run.conclusion]),
    // Commits whose diff ticks the item's box (a push that merely carries it over does not).
    commitsPerTick: TICKED.map((item) => repo.commits.filter((commit) => commit.changes.some((change) => change.patch.split("\n").includes(`+- [x] ${item}`))).length),
  };
}

/**
 * Several instances end to end: a real redis-server, three app processes (`node dist/main.js`
 * with REDIS_URL) behind a dispatcher that hands every signed delivery to a random instance,
 * one to three times, out of order. What they make of a storm in 20 repositories must be what
 * one instance makes of it in one.
 */
describe("three instances sharing the work through Redis", () => {
  let redis: RedisServer;
  let fake: FakeGitHub;
  let dispatcher: WebhookDispatcher;
  let apps: AppProcess[] = [];
  let expected: ReturnType<typeof comparable>;

  const settle = async () => {
    // Quiet for longer than a copy waits in the dispatcher and a batch of ticks waits out its
    // debounce, with no copy left to hand over: nothing is left to do.
    do {
      await dispatcher.idle();
      await fake.waitForQuiet({ quietMs: 1200, timeoutMs: 90_000 });
    } while (dispatcher.pending() > 0);
  };

  beforeAll(async () => {
    // One instance, deliveries as GitHub sends them: what the cluster must match.
    const single = await startFakeAndApp(APP_ENV);
    try {
      await createRepos(single.fake, ["acme/solo"]);
      await single.fake.installApp({ owner: "acme", repos: ["solo"] });
      await waitFor(() => tasksOf(single.fake, "acme/solo").length === 3, "the issues of one repository");
      await single.fake.waitForQuiet({ quietMs: 1500, timeoutMs: 60_000 });
      await storm(single.fake, "acme/solo");
      await waitFor(() => TICKED.every((item) => (repoOf(single.fake, "acme/solo").files[PLAN] ?? "").includes(`- [x] ${item}`)), "the ticks in one repository");
      await single.fake.waitForQuiet({ quietMs: 2000, timeoutMs: 60_000 });
      expected = comparable(repoOf(single.fake, "acme/solo"));
      expect(single.fake.violations()).toEqual([]);
    } finally {
      await single.app.stop();
      await single.fake.close();
    }

    redis = await startRedisServer();
    fake = await startFakeGitHub();
    dispatcher = await startWebhookDispatcher({ targets: () => apps.map((app) => app.webhookUrl), seed: 11 });
    fake.setWebhook({ url: dispatcher.url, secret: fake.app.webhookSecret });
    apps = await Promise.all(
      [0, 1, 2].map(() =>
        startAppProcess({ appId: fake.app.id, privateKey: fake.app.privateKey, webhookSecret: fake.app.webhookSecret, gheHost: fake.host, env: { ...APP_ENV, REDIS_URL: redis.url } }),
      ),
    );
    await createRepos(fake, REPOS);
    for (const owner of OWNERS) await fake.installApp({ owner, repos: REPOS.filter((repo) => repo.startsWith(`${owner}/`)).map((repo) => split(repo).repo) });
    await waitFor(() => REPOS.every((repo) => tasksOf(fake, repo).length === 3), "the issues of 20 repositories", 120_000);
    await settle();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await dispatcher?.close();
    await fake?.close();
    await redis?.stop();
  });

  it("ends a storm in 20 repositories as one instance ends it in one: no duplicate issue, no lost tick, no tick committed twice", async () => {
    expect(expected.issues.map((issue) => issue.title)).toEqual(["TASK-001: Alpha", "TASK-002: Beta", "TASK-003: Gamma", "TASK-004: Delta"]);
    expect(expected.commitsPerTick).toEqual([1, 1]);
    for (const repo of REPOS) await storm(fake, repo);
    // The storm's effects (the app may think for over a second without a request), then quiet.
    const done = (repo: Repository) => {
      const file = repo.files[PLAN] ?? "";
      const pull = repo.pulls[0];
      return TICKED.every((item) => file.includes(`- [x] ${item}`)) && repo.issues.filter((issue) => !issue.pull_request).length === 4 && repo.check_runs.some((run) => run.head_sha === pull?.head_sha && run.status === "completed");
    };
    await waitFor(() => fake.snapshot().repositories.filter((repo) => REPOS.includes(repo.full_name)).every(done), "the storm's effects in 20 repositories", 90_000);
    await settle();
    for (const repo of REPOS) expect({ repo, ...comparable(repoOf(fake, repo)) }).toEqual({ repo, ...expected });
    // The work was shared: every instance took deliveries.
    expect(new Set(dispatcher.forwarded().map((copy) => copy.instance))).toEqual(new Set([0, 1, 2]));
    expect(fake.violations()).toEqual([]);
  }, 120_000);

  it("finishes the syncs of an instance killed mid-sync on the others", async () => {
    fake.setLatency(150);
    const next = `${WITH_DELTA}${["TASK-006", "TASK-007", "TASK-008"].flatMap((key) => task(key, `Later ${key}`, [`${key} item`])).join("\n")}`;
    const from = fake.requests().length;
    const creates = () => fake.requests().slice(from).filter((request) => request.method === "POST" && /\/issues$/.test(request.path)).length;
    for (const repo of REPOS) await fake.push({ ...split(repo), files: { [PLAN]: next }, author: "dave" });
    while (creates() < 10) await new Promise((resolve) => setTimeout(resolve, 20));
    const killed = apps[0]!;
    apps = apps.slice(1);
    await killed.stop("SIGKILL");
    fake.setLatency(0);
    await waitFor(() => REPOS.every((repo) => tasksOf(fake, repo).length === 7), "the later tasks' issues in 20 repositories", 90_000);
    await settle();
    for (const repo of REPOS) {
      const titles = tasksOf(fake, repo).map((issue) => issue.title).sort();
      expect({ repo, titles }).toEqual({ repo, titles: ["TASK-001: Alpha", "TASK-002: Beta", "TASK-003: Gamma", "TASK-004: Delta", "TASK-006: Later TASK-006", "TASK-007: Later TASK-007", "TASK-008: Later TASK-008"] });
    }
    // What the killed instance was running was run again by another.
    const again = apps.flatMap((app) => app.logLines()).filter((line) => line.msg.startsWith("running again a job whose run did not settle"));
    expect(again.length).toBeGreaterThan(0);
    expect(fake.violations()).toEqual([]);
  }, 120_000);
});

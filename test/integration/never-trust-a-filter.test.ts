import { afterEach, describe, expect, it } from "vitest";
import { parseMarker, renderMarker } from "../../src/core/render/marker.js";
import { sharedTickBatcher } from "../../src/handlers/issues.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import type { FaultOptions, RecordedRequest, SnapshotIssue } from "../support/fake-github/index.js";
import { specKit } from "../support/task-texts.js";
import { startAppHarness, type AppHarness, type AppHarnessOptions } from "./app-harness.js";
import { SEED_FILES } from "./seed-files.js";

/**
 * Issue 11, "identity that no server-side filter can hide": the whole app (real handlers,
 * probot.receive) against a fake GitHub whose `creator=` filter matches no bot login, as GitHub
 * Enterprise Cloud has answered (renovatebot/renovate #44730, #12948) — and against answers
 * lost after GitHub did the work, for every write that is not idempotent.
 */

const OWNER = "acme";
const EXTRA = "docs/tasks/TASK-extra.md";
const EXTRA_TEXT = "# Extra\n\n### TASK-900: Mirror without trusting a filter\n**Priority**: P2\n\n**Subtasks**:\n- [ ] List every issue\n";
const QUIRK: AppHarnessOptions = { fake: { quirks: { creatorFilterIgnoresBots: true } } };
/** Octokit's retry plugin waiting milliseconds instead of seconds between attempts. */
const FAST_RETRY = TaskmirrorOctokit.defaults({ retry: { retryAfterBaseValue: 5 } });
/** Every answer to these writes is lost after GitHub made them. */
const lostAnswers = (method: string, route: string): FaultOptions => ({ seed: 11, rate: 1, kinds: ["lost-response"], routes: [{ method, route }] });

let app: AppHarness;

afterEach(async () => {
  delete process.env.TASKMIRROR_GRAPHQL;
  expect(app.fake.violations()).toEqual([]);
  expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
  await app.close();
});

const repoState = (name: string) => {
  const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${name}`);
  if (!repo) throw new Error(`no repository ${name}`);
  return repo;
};
const issuesOf = (name: string) => repoState(name).issues.filter((issue) => !issue.pull_request);
const appIssues = (name: string) => issuesOf(name).filter((issue) => issue.user === "taskmirror[bot]");
/** Marker keys that more than one of the app's issues carries. */
const duplicateKeys = (issues: SnapshotIssue[]) => {
  const keys = issues.map((issue) => parseMarker(issue.body ?? "")?.key ?? `(no marker #${issue.number})`);
  return keys.filter((key, index) => keys.indexOf(key) !== index);
};
const redeliverInstallation = async () => {
  const install = app.fake.deliveries().find((d) => d.event === "installation");
  await app.fake.redeliver(install!.id);
  await app.settle();
};
const count = (requests: RecordedRequest[]) => {
  const api = requests.filter((r) => !/\/access_tokens$/.test(r.path));
  // A GraphQL query (the node ids a GraphQL create takes) is a read, though a POST.
  const reads = api.filter((r) => r.method === "GET" || r.graphql?.operation === "query");
  return {
    reads: reads.length,
    issuePages: reads.filter((r) => r.route === "/repos/{owner}/{repo}/issues").length,
    writes: api.length - reads.length,
  };
};

describe("the seed repository, against a GitHub whose creator filter matches no bot login", () => {
  const REPO = "platform";

  it("mirrors every task once, pushes and replays without a duplicate, and never adopts a person's issue with a pasted marker", async () => {
    app = await startAppHarness(QUIRK);
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: SEED_FILES });
    // Before the app is installed: people's issues, one with a marker pasted in for the task
    // the push below adds. Enough of them that the unfiltered listing pays for them.
    const pastedBody = `Copied from elsewhere\n\n${renderMarker({ v: 1, key: "TASK-900", path: EXTRA, done: false, items: {} })}`;
    const pasted = await app.fake.createIssue({ owner: OWNER, repo: REPO, title: "TASK-900: copied", body: pastedBody, sender: "alice" });
    for (let n = 0; n < 150; n += 1) await app.fake.createIssue({ owner: OWNER, repo: REPO, title: `Bug ${n}`, body: "It broke.", sender: "bob" });

    let from = app.fake.requests().length;
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    const install = count(app.requestsSince(from));
    expect(appIssues(REPO)).toHaveLength(97);
    expect(duplicateKeys(appIssues(REPO))).toEqual([]);

    // The push adds TASK-900: the app creates its own issue; the person's stays as it was.
    from = app.fake.requests().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [EXTRA]: EXTRA_TEXT } });
    await app.settle();
    const push = app.writesSince(from).map((r) => `${r.method} ${r.route}`);
    expect(push.filter((write) => write === "POST /repos/{owner}/{repo}/issues")).toHaveLength(1);
    expect(appIssues(REPO)).toHaveLength(98);
    expect(duplicateKeys(appIssues(REPO))).toEqual([]);
    const mine = appIssues(REPO).find((issue) => parseMarker(issue.body ?? "")?.key === "TASK-900");
    expect(mine?.title).toBe("TASK-900: Mirror without trusting a filter");
    const theirs = issuesOf(REPO).find((issue) => issue.number === pasted)!;
    expect([theirs.title, theirs.body, theirs.state, theirs.comments, theirs.parent, theirs.blocked_by]).toEqual(["TASK-900: copied", pastedBody, "open", [], null, []]);

    // A person copies a mirrored issue whole, marker and all.
    const original = appIssues(REPO)[0]!;
    const copy = await app.fake.createIssue({ owner: OWNER, repo: REPO, title: original.title, body: original.body ?? "", sender: "alice" });

    // Replays: the installation (a full sync) and the push again: nothing to write.
    from = app.fake.requests().length;
    await redeliverInstallation();
    const resync = count(app.requestsSince(from));
    const push2 = app.fake.deliveries().filter((d) => d.event === "push").at(-1)!;
    await app.fake.redeliver(push2.id);
    await app.settle();
    expect(app.writesSince(from)).toEqual([]);
    expect(appIssues(REPO)).toHaveLength(98);
    expect(duplicateKeys(appIssues(REPO))).toEqual([]);
    // Nothing the app did named the people's issues.
    const touched = app.fake.requests().filter((r) => r.by === "taskmirror[bot]" && [pasted, copy].some((n) => new RegExp(`/issues/${n}(/|$)`).test(r.path)));
    expect(touched).toEqual([]);
    expect(app.logs.filter((entry) => entry.code === "duplicate-issue")).toEqual([]);

    // Every issue of the repository is read, a page per 100: at the install, the 151 people's
    // issues (2 pages) and the creation guard's page; at the resync, 98 + 151 + the copy (3).
    expect({ install, resync }).toEqual({
      // 155 issue, label and link writes less the 9 sub-issues made under their parents by one
      // GraphQL create each, and the sync report's check run.
      // Reads: the repository's issue types too (its tasks have types; read once an hour).
      install: { reads: 16, issuePages: 2 + 1, writes: 147 },
      resync: { reads: 7, issuePages: 3, writes: 0 },
    });
  });

  it("creates each issue once when every answer to a create is lost", async () => {
    // REST creates and GraphQL createIssue (the sub-issues, made under their parents) alike.
    const faults = lostAnswers("POST", "/repos/{owner}/{repo}/issues");
    faults.routes = [...(faults.routes ?? []), { route: "/graphql", graphql: "mutation" }];
    app = await startAppHarness({ fake: { ...QUIRK.fake, faults } });
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: SEED_FILES });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    const creates = app.fake.requests().filter((r) => (r.method === "POST" && r.route === "/repos/{owner}/{repo}/issues") || r.graphql?.rootFields.includes("createIssue"));
    expect(creates).toHaveLength(97);
    expect(creates.filter((r) => r.graphql !== undefined)).toHaveLength(9);
    expect(creates.every((r) => r.fault === "lost-response")).toBe(true);
    expect(appIssues(REPO)).toHaveLength(97);
    expect(duplicateKeys(appIssues(REPO))).toEqual([]);
    // The links and closes that follow a create found its issue by the read-back.
    const linked = appIssues(REPO).reduce((sum, issue) => sum + issue.blocked_by.length + (issue.parent ? 1 : 0), 0);
    expect(linked).toBe(35);

    const from = app.fake.requests().length;
    await redeliverInstallation();
    expect(app.writesSince(from)).toEqual([]);
  });

  it("treats labels and links whose answers were lost as made when their retry meets \"already\"", async () => {
    // The REST sub-issue link (a move, a sub-issue with assignees): every sub-issue takes it here.
    process.env.TASKMIRROR_GRAPHQL = "off";
    app = await startAppHarness({
      fake: {
        ...QUIRK.fake,
        // Half the answers lost (a retry is a new draw): a link lost on every attempt would
        // be a failure, which this seed does not meet.
        faults: {
          seed: 27,
          rate: 0.5,
          kinds: ["lost-response"],
          routes: ["/repos/{owner}/{repo}/labels", "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues", "/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by"].map((route) => ({ method: "POST", route })),
        },
      },
      Octokit: FAST_RETRY,
    });
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: SEED_FILES });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    // Octokit's retry plugin sent each lost one again, and GitHub answered that it exists.
    const posts = app.fake.requests().filter((r) => r.method === "POST" && /\/(labels|sub_issues|blocked_by)$/.test(r.path));
    const lost = posts.filter((r) => r.fault === "lost-response").length;
    expect(lost).toBeGreaterThan(20);
    expect(posts.filter((r) => r.status === 422 && r.fault === null).length).toBeGreaterThan(20);
    expect(posts.length).toBe(58 + lost);
    const repo = repoState(REPO);
    expect(repo.labels).toHaveLength(23);
    expect(appIssues(REPO).reduce((sum, issue) => sum + issue.blocked_by.length + (issue.parent ? 1 : 0), 0)).toBe(35);
    expect(app.logs.filter((entry) => entry.level >= 40).map((entry) => entry.msg)).toEqual([]);

    const from = app.fake.requests().length;
    await redeliverInstallation();
    expect(app.writesSince(from)).toEqual([]);
  });

  it("uses an issue another sync made for a task between the listing and the create", async () => {
    let race: { owner: string; repo: string } | null = null;
    // Another instance of the app, acting right after this one listed the issues: it creates
    // the issue of TASK-900, with an older title, as the app.
    const Racing = TaskmirrorOctokit.plugin((octokit) => {
      octokit.hook.after("request", async (_response, options) => {
        // The listing pages by URL: its first page is the one that ends the listing here.
        if (race === null || options.method !== "GET" || !/\/repos\/acme\/platform\/issues\?.*direction=asc/.test(options.url)) return;
        const target = race;
        race = null;
        await octokit.request("POST /repos/{owner}/{repo}/issues", {
          ...target,
          title: "TASK-900: an older title",
          body: renderMarker({ v: 1, key: "TASK-900", path: EXTRA, done: false, items: {} }),
          labels: ["taskmirror"],
        });
      });
    });
    app = await startAppHarness({ ...QUIRK, Octokit: Racing });
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: SEED_FILES });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();

    race = { owner: OWNER, repo: REPO };
    const from = app.fake.requests().length;
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [EXTRA]: EXTRA_TEXT } });
    await app.settle();
    expect(race).toBeNull();
    const creates = app.writesSince(from).filter((r) => r.method === "POST" && r.route === "/repos/{owner}/{repo}/issues");
    expect(creates).toHaveLength(1); // the other instance's
    const ninehundred = appIssues(REPO).filter((issue) => parseMarker(issue.body ?? "")?.key === "TASK-900");
    expect(ninehundred.map((issue) => issue.title)).toEqual(["TASK-900: Mirror without trusting a filter"]);
    expect(ninehundred[0]!.body).toContain("- [ ] List every issue");
    expect(app.logs.filter((entry) => entry.level === 40 && entry.key === "TASK-900").map((entry) => entry.msg)).toEqual([
      expect.stringContaining("using it instead of creating another"),
    ]);

    const again = app.fake.requests().length;
    await redeliverInstallation();
    expect(app.writesSince(again)).toEqual([]);
  });
});

describe("writes whose answer is lost are not made twice", () => {
  const REPO = "widgets";
  const SPEC = "specs/001-widgets/tasks.md";
  const TITLES = ["Create the project skeleton", "Add the settings model", "Implement Overview section", "Implement History section", "Wire the router"];

  const start = async (faults: FaultOptions, Octokit?: typeof TaskmirrorOctokit) => {
    app = await startAppHarness({ ...QUIRK, ...(Octokit ? { Octokit } : {}) });
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Widgets\n", [SPEC]: specKit(TITLES) } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
    app.fake.setFaults(faults);
  };
  const issue = (title: string) => issuesOf(REPO).find((candidate) => candidate.title === title)!;

  it("creates one check run on a pull request's head and one invalid-config run on a commit", async () => {
    await start(lostAnswers("POST", "/repos/{owner}/{repo}/check-runs"));
    await app.fake.push({ owner: OWNER, repo: REPO, branch: "more", files: { [SPEC]: specKit([...TITLES, "Ship it"]) } });
    await app.settle();
    const number = await app.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "more", title: "More" });
    await app.settle();
    const head = repoState(REPO).pulls.find((pull) => pull.number === number)!.head_sha;
    const runs = repoState(REPO).check_runs.filter((run) => run.head_sha === head && run.name === "taskmirror");
    expect(runs.map((run) => [run.status, run.conclusion, run.title])).toEqual([["completed", "success", "No problems — merging creates 1 issue"]]);

    const sha = await app.fake.push({ owner: OWNER, repo: REPO, files: { ".github/taskmirror.yml": "paths: 7\n" } });
    await app.settle();
    const invalid = repoState(REPO).check_runs.filter((run) => run.head_sha === sha && run.name === "taskmirror");
    expect(invalid.map((run) => [run.conclusion, run.title])).toEqual([["failure", "Invalid .github/taskmirror.yml: nothing was synced"]]);
    const posts = app.fake.faults().filter((fault) => fault.route === "/repos/{owner}/{repo}/check-runs");
    expect(posts).toHaveLength(2);
    // The invalid config is logged as the error it is (and taken out of afterEach's check).
    const errors = app.logs.filter((entry) => entry.level >= 50);
    expect(errors.map((entry) => entry.msg)).toEqual(["invalid .github/taskmirror.yml: not syncing"]);
    app.logs.splice(app.logs.indexOf(errors[0]!), 1);
  });

  it("posts each comment once: cross-links, close, reopen and a revert", async () => {
    await start(lostAnswers("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"));
    // T003 is rewritten beyond recognition (a new issue, both cross-linked), T005 removed.
    const rewritten = [TITLES[0]!, TITLES[1]!, "Configure the payment gateway", TITLES[3]!];
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [SPEC]: specKit(rewritten) } });
    await app.settle();
    // T005 comes back.
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [SPEC]: specKit([...rewritten, TITLES[4]!]) } });
    await app.settle();
    // Someone who may not write closes T001 as done: it is reopened, with a comment.
    await app.fake.setPermission(OWNER, REPO, "visitor", "triage");
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue(`T001: ${TITLES[0]}`).number, state: "closed", state_reason: "completed", sender: "visitor" });
    await app.settle();

    expect(issuesOf(REPO).map((i) => [i.title, i.state, i.comments.map((c) => `${c.user}: ${c.body.slice(0, 40)}`)])).toEqual([
      ["T001: Create the project skeleton", "open", ["taskmirror[bot]: @visitor taskmirror undid closing: this "]],
      ["T002: Add the settings model", "open", []],
      ["T003: Implement Overview section", "closed", ["taskmirror[bot]: taskmirror could not tell whether task `"]],
      ["T004: Implement History section", "open", []],
      ["T005: Wire the router", "open", ["taskmirror[bot]: Closed as not planned: task `specs/001-w", "taskmirror[bot]: Reopened: task `specs/001-widgets/tasks."]],
      ["T003: Configure the payment gateway", "open", ["taskmirror[bot]: taskmirror could not tell whether this t"]],
    ]);
    // Each comment was posted once, and each answer was lost.
    const posts = app.fake.requests().filter((r) => r.method === "POST" && r.route === "/repos/{owner}/{repo}/issues/{issue_number}/comments");
    expect(posts.map((r) => r.fault)).toEqual(Array(5).fill("lost-response"));
  });

  it("opens one rolling branch and pull request when their answers are lost", async () => {
    // Seed 8 loses the first answer to each (and not the retry's).
    await start({ seed: 8, rate: 0.5, kinds: ["lost-response"], routes: [{ method: "POST", route: "/repos/{owner}/{repo}/git/refs" }, { method: "POST", route: "/repos/{owner}/{repo}/pulls" }] }, FAST_RETRY);
    await app.fake.protectBranch(OWNER, REPO, "main");
    await app.fake.editIssue({ owner: OWNER, repo: REPO, number: issue(`T001: ${TITLES[0]}`).number, state: "closed", state_reason: "completed", sender: OWNER });
    await app.settle();
    await sharedTickBatcher().onIdle();
    await app.settle();
    const state = repoState(REPO);
    expect(state.pulls.map((pull) => [pull.head, pull.state])).toEqual([["acme:taskmirror/checkboxes", "open"]]);
    const onBranch = state.commits.filter((commit) => commit.message.startsWith("Mark T001 done"));
    expect(onBranch.map((commit) => commit.sha)).toEqual([state.branches["taskmirror/checkboxes"]]);
    expect(app.fake.faults().map((fault) => fault.route)).toEqual(["/repos/{owner}/{repo}/git/refs", "/repos/{owner}/{repo}/pulls"]);
  });
});

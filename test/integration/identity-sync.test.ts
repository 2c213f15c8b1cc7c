import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSpec, specKit } from "../support/task-texts.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

/**
 * Identity through the real handlers against the fake GitHub (issue 9): the push sync reads
 * renames from the compare, the full sync finds moved documents by content, the applier keeps
 * issues under new keys and cross-links the unsure, and a document that cannot be read
 * freezes its issues.
 */

const OWNER = "acme";
const REPO = "recall";
const SPEC = "specs/004-recall/tasks.md";
const CHANGE = "openspec/changes/add-archive/tasks.md";
const ARCHIVED = "openspec/changes/archive/2025-01-01-add-archive/tasks.md";

const BEFORE = ["Create the project skeleton", "Add the settings model", "Implement Overview section", "Implement History section", "Wire the router"];
const INSERTED = ["Write RED test for the header", "Add header component"];
const GROUPS: [string, string[]][] = [
  ["Database", ["Add the archived_at column", "Backfill existing rows", "Index the column"]],
  ["API", ["Expose the archived flag", "Filter archived rows", "Document the endpoint"]],
  ["Rollout", ["Enable the flag in staging", "Enable the flag in production", "Announce it"]],
];

describe("identity across pushes (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;

  const repoState = () => {
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
    if (!repo) throw new Error("no repository");
    return repo;
  };
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const titles = () => issues().map((issue) => `#${issue.number} ${issue.title}${issue.state === "closed" ? ` [${issue.state_reason}]` : ""}`);
  const push = async (files: Record<string, string | null>) => {
    const sha = await app.fake.push({ owner: OWNER, repo: REPO, files });
    await app.settle();
    return sha;
  };
  // The issue writes of a push; its sync report (one check run, test/integration/sync-report.test.ts) aside.
  const writes = (from: number) =>
    app.writesSince(from).map((r) => `${r.method} ${r.route}`).filter((write) => write !== "POST /repos/{owner}/{repo}/check-runs");
  const count = (list: string[], entry: string) => list.filter((item) => item === entry).length;

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Recall\n", [SPEC]: specKit(BEFORE, 24), [CHANGE]: openSpec(GROUPS) } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("keeps the issues of renumbered spec-kit tasks and creates only the inserted ones", async () => {
    const overview = issues().find((issue) => issue.title === "T026: Implement Overview section");
    const router = issues().find((issue) => issue.title === "T028: Wire the router");
    const from = app.fake.requests().length;
    await push({ [SPEC]: specKit([...BEFORE.slice(0, 2), ...INSERTED, ...BEFORE.slice(2)], 24) });
    const done = writes(from);
    expect(count(done, "POST /repos/{owner}/{repo}/issues")).toBe(2);
    expect(count(done, "PATCH /repos/{owner}/{repo}/issues/{issue_number}")).toBe(3);
    expect(done).toHaveLength(5);
    expect(issues().find((issue) => issue.number === overview?.number)?.title).toBe("T028: Implement Overview section");
    expect(issues().find((issue) => issue.number === router?.number)?.title).toBe("T030: Wire the router");
    expect(titles().filter((title) => title.includes("T026") || title.includes("T027"))).toEqual([
      "#18 T026: Write RED test for the header",
      "#19 T027: Add header component",
    ]);
    expect(issues().every((issue) => issue.state === "open" && issue.comments.length === 0)).toBe(true);

    // The same push again: nothing to write.
    const again = app.fake.requests().length;
    const delivery = app.fake.deliveries().filter((d) => d.event === "push").at(-1);
    await app.fake.redeliver(delivery!.id);
    await app.settle();
    expect(app.writesSince(again)).toEqual([]);
  });

  it("keeps the 12 issues of an archived OpenSpec change, reading the rename from one compare", async () => {
    const before = titles();
    const from = app.fake.requests().length;
    await push({ [CHANGE]: null, [ARCHIVED]: openSpec(GROUPS) });
    const compares = app.requestsSince(from).filter((r) => r.path.includes("/compare/"));
    expect(compares).toHaveLength(1);
    expect(writes(from)).toEqual(Array(12).fill("PATCH /repos/{owner}/{repo}/issues/{issue_number}"));
    expect(titles()).toEqual(before);
    expect(issues().filter((issue) => (issue.body ?? "").includes(`"path":"${ARCHIVED}"`))).toHaveLength(12);
    // Every child is still the sub-issue of its group's issue.
    expect(issues().filter((issue) => issue.parent !== null)).toHaveLength(9);
  });

  it("keeps them when the change is reworded as it is archived: git's rename, not the content, carries them", async () => {
    // A long unchanged preamble keeps the file ≥ 50% alike for git; the children's titles change
    // too much for content alone to pair them across documents.
    const preamble = `# Tasks\n\n${Array.from({ length: 20 }, (_, i) => `Context line ${i + 1} that says why this change exists.`).join("\n")}\n\n`;
    await push({ [CHANGE]: preamble + openSpec(GROUPS) });
    const before = titles();
    const reworded = GROUPS.map(([group, items]): [string, string[]] => [group, items.map((item) => `${item} before the public launch on Monday morning`)]);
    const from = app.fake.requests().length;
    await push({ [CHANGE]: null, [ARCHIVED]: preamble + openSpec(reworded) });
    expect(count(writes(from), "POST /repos/{owner}/{repo}/issues")).toBe(0);
    expect(titles()).toEqual(before.map((title) => (/\d\.\d: /.test(title) ? `${title} before the public launch on Monday morning` : title)));
  });

  it("keeps them when the move reaches the app only through a full sync (no rename reported)", async () => {
    const before = titles();
    // The push's webhook is lost; the installation is delivered again, which syncs everything.
    app.fake.setWebhook({ url: "http://127.0.0.1:9/", secret: app.fake.app.webhookSecret });
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [CHANGE]: null, [ARCHIVED]: openSpec(GROUPS) } });
    app.fake.setWebhook({ url: app.webhookUrl, secret: app.fake.app.webhookSecret });
    await app.settle();
    const from = app.fake.requests().length;
    const install = app.fake.deliveries().find((d) => d.event === "installation");
    await app.fake.redeliver(install!.id);
    await app.settle();
    expect(app.requestsSince(from).filter((r) => r.route === "GET /repos/{owner}/{repo}/compare/{basehead}")).toEqual([]);
    expect(writes(from)).toEqual(Array(12).fill("PATCH /repos/{owner}/{repo}/issues/{issue_number}"));
    expect(titles()).toEqual(before);
  });

  it("opens a new issue for a positional id whose text was rewritten, with a comment on both and a warning in the log", async () => {
    const old = issues().find((issue) => issue.title === "T026: Implement Overview section");
    await push({ [SPEC]: specKit([...BEFORE.slice(0, 2), "Configure the payment gateway", ...BEFORE.slice(3)], 24) });
    const created = issues().find((issue) => issue.title === "T026: Configure the payment gateway");
    expect(created?.number).toBe(18);
    const closed = issues().find((issue) => issue.number === old?.number);
    expect([closed?.title, closed?.state, closed?.state_reason]).toEqual(["T026: Implement Overview section", "closed", "not_planned"]);
    expect(closed?.comments.map((c) => c.body)).toEqual([expect.stringContaining(`so it did not give this issue to it: #18 mirrors it now. This issue is closed as not planned.`)]);
    expect(created?.comments.map((c) => c.body)).toEqual([expect.stringContaining(`the one #${old?.number} tracked`)]);
    expect(app.logs.filter((entry) => entry.level === 40 && entry.code === "unsure-match").map((entry) => entry.msg)).toEqual([
      expect.stringContaining(`Task "T026" may be the task of #${old?.number}`),
    ]);
  });

  it("writes nothing to the issues of a document whose front matter cannot be read, and says so", async () => {
    const task = (reporter: string) => `---\nid: task-7\ntitle: Rotate the webhook secret\nreporter: ${reporter}\n---\n\n- [ ] Generate it\n`;
    await push({ "backlog/tasks/task-7 - Rotate.md": task('"@ann"') });
    const mirrored = issues().find((issue) => issue.title === "task-7: Rotate the webhook secret");
    expect(mirrored?.state).toBe("open");
    const from = app.fake.requests().length;
    await push({ "backlog/tasks/task-7 - Rotate.md": task("[ann") });
    expect(app.writesSince(from).filter((r) => r.path.includes(`/issues/${mirrored?.number}`))).toEqual([]);
    expect(writes(from)).toEqual([]);
    expect(issues().find((issue) => issue.number === mirrored?.number)?.state).toBe("open");
    expect(app.logs.filter((entry) => entry.code === "frozen-document").map((entry) => entry.msg)).toEqual([
      expect.stringMatching(/^backlog\/tasks\/task-7 - Rotate\.md cannot be read \(front matter is not valid YAML: .*\): its 1 issue is left as it is until it can be read again\.$/),
    ]);
  });

  it("keeps a Backlog.md task's issue through an id prefix migration with the file renamed", async () => {
    const task = (id: string) => `---\nid: ${id}\ntitle: Retry failed webhooks\n---\n\n## Description\n\nRetry deliveries GitHub reports as failed.\n\n- [ ] Store the delivery id\n`;
    await push({ "backlog/tasks/task-200 - Retry.md": task("task-200") });
    const mirrored = issues().find((issue) => issue.title === "task-200: Retry failed webhooks");
    const from = app.fake.requests().length;
    await push({ "backlog/tasks/task-200 - Retry.md": null, "backlog/tasks/back-200 - Retry.md": task("BACK-200") });
    expect(writes(from)).toEqual(["PATCH /repos/{owner}/{repo}/issues/{issue_number}"]);
    const after = issues().find((issue) => issue.number === mirrored?.number);
    expect([after?.title, after?.state]).toEqual(["BACK-200: Retry failed webhooks", "open"]);
    expect(after?.body).toContain('"key":"BACK-200"');
  });

  it("previews the matching in the pull request's check run, with no renumbered-task warning", async () => {
    const overview = issues().find((issue) => issue.title === "T026: Implement Overview section");
    const first = issues().find((issue) => issue.title === "1: Database");
    await app.fake.push({
      owner: OWNER,
      repo: REPO,
      branch: "archive",
      files: { [SPEC]: specKit([...BEFORE.slice(0, 2), ...INSERTED, ...BEFORE.slice(2)], 24), [CHANGE]: null, [ARCHIVED]: openSpec(GROUPS) },
    });
    await app.settle();
    const number = await app.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "archive", title: "Archive and insert" });
    await app.settle();
    const head = repoState().pulls.find((pull) => pull.number === number)?.head_sha;
    const runs = repoState().check_runs.filter((run) => run.head_sha === head && run.name === "taskmirror");
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.conclusion).toBe("success");
    expect(run.annotations).toEqual([]);
    expect(run.summary).not.toContain("renumbered task");
    expect(run.summary).toContain(`- \`T026\` → \`T028\` (renumbered; keeps #${overview?.number})`);
    expect(run.summary).toContain(`- \`${CHANGE}\` → \`${ARCHIVED}\` (moved; 12 tasks keep their issues)`);
    expect(run.summary).toContain(`| update (body) | \`${ARCHIVED}#1\` | #${first?.number} | 1: Database |`);
    expect(run.title).toBe("No problems — merging creates 2 issues, updates 15");
    // The preview is a plan only: nothing was written to the issues.
    expect(issues().find((issue) => issue.number === overview?.number)?.title).toBe("T026: Implement Overview section");
  });
});

import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";

/**
 * The Action as a runner runs it: `node dist/action/index.js` — the committed bundle, in a
 * copy of the files a runner downloads for `uses:` and without node_modules, so no install
 * step — with the variables a workflow step gets, against the fake GitHub.
 */
const root = join(import.meta.dirname, "../..");
let bundle: string;

const TASKS = [
  "## TASK-001: Set up the repository",
  "**Priority**: P1",
  "",
  "- [ ] Create the repository",
  "- [ ] Add a licence",
  "",
  "## TASK-002: Write the README",
  "**Dependencies**: TASK-001",
  "",
].join("\n");
/** A document with a problem (a malformed box), on the default branch already. */
const NOTES = "## TASK-050: Keep notes\n\n- [ x] malformed box\n";

let fake: FakeGitHub;
let scratch: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ checkResponses: true });
  scratch = mkdtempSync(join(tmpdir(), "taskmirror-action-"));
  const action = join(scratch, "action");
  mkdirSync(join(action, "dist/action"), { recursive: true });
  for (const file of ["action.yml", "package.json", "dist/action/index.js"]) copyFileSync(join(root, file), join(action, file));
  bundle = join(action, "dist/action/index.js");
});
afterEach(() => {
  expect(fake.violations()).toEqual([]);
  expect(fake.responseProblems()).toEqual([]);
});
afterAll(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
}

let runs = 0;

/**
 * One step: a fresh workspace (a checkout: `.git` and the files), the event payload in a file,
 * an empty summary file, and only the variables a runner sets — none of this process's.
 */
async function step(options: { repo: string; event: string; payload: Record<string, unknown>; inputs: Record<string, string>; files?: Record<string, string>; token?: string; checkout?: boolean }): Promise<StepRun> {
  const dir = join(scratch, `run-${++runs}`);
  const workspace = join(dir, "workspace");
  mkdirSync(options.checkout === false ? workspace : join(workspace, ".git"), { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  writeFileSync(join(dir, "event.json"), JSON.stringify(options.payload));
  writeFileSync(join(dir, "summary.md"), "");
  const inputs = { token: options.token ?? fake.issueWorkflowToken({ owner: "acme", repo: options.repo }), config: ".github/taskmirror.yml", paths: "", "dry-run": "false", ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: `acme/${options.repo}`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    GITHUB_API_URL: fake.apiUrl,
    GITHUB_SERVER_URL: fake.url,
    GITHUB_SHA: "0".repeat(40),
    TASKMIRROR_WRITE_INTERVAL_MS: "0",
    TASKMIRROR_CONTENT_INTERVAL_MS: "0",
    TASKMIRROR_CONTENT_BUDGET: "off",
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bundle], { cwd: workspace, env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr, summary: readFileSync(join(dir, "summary.md"), "utf8") });
    });
  });
}

function pushPayload(repo: string, ref = "refs/heads/main") {
  const repository = fake.snapshot().repositories.find((r) => r.full_name === `acme/${repo}`);
  return { ref, after: repository?.branches.main, deleted: false, repository: { name: repo, full_name: `acme/${repo}`, default_branch: "main", owner: { login: "acme" } } };
}

async function pullPayload(repo: string, number: number) {
  const response = await fetch(`${fake.apiUrl}/repos/acme/${repo}/pulls/${number}`, { headers: { authorization: `token ${fake.issueWorkflowToken({ owner: "acme", repo })}` } });
  const pull = (await response.json()) as { number: number; head: { sha: string; ref: string }; base: { sha: string; ref: string } };
  return { action: "opened", number, pull_request: pull, repository: { name: repo, full_name: `acme/${repo}`, default_branch: "main", owner: { login: "acme" } } };
}

function issuesOf(repo: string) {
  return fake.snapshot().repositories.find((r) => r.full_name === `acme/${repo}`)?.issues ?? [];
}

function writesSince(from: number) {
  return fake.requests().slice(from).filter((r) => r.method !== "GET" && r.route !== "/graphql");
}

describe("the Action, mode sync, on push", () => {
  it("mirrors the documents into issues as github-actions[bot], says write-back is off, and a second run writes nothing", async () => {
    await fake.createRepo({ owner: "acme", name: "widgets", files: { "TASKS.md": TASKS, "notes/tasks.md": NOTES, "README.md": "# Widgets\n" } });
    const first = await step({ repo: "widgets", event: "push", payload: pushPayload("widgets"), inputs: { mode: "sync" } });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(issuesOf("widgets").map((issue) => [issue.title, issue.user])).toEqual([
      ["TASK-001: Set up the repository", "github-actions[bot]"],
      ["TASK-002: Write the README", "github-actions[bot]"],
      ["TASK-050: Keep notes", "github-actions[bot]"],
    ]);
    expect(issuesOf("widgets")[1]?.blocked_by).toEqual(["#1"]);
    // The documents' problems are annotated, the summary says what was done and what was not.
    expect(first.stdout).toMatch(/^::warning file=notes\/tasks\.md,line=3,col=\d+,title=malformed-checkbox::/m);
    expect(first.stdout).toMatch(/^taskmirror: synced: \d+ reads, \d+ writes\.$/m);
    expect(first.summary).toContain("## taskmirror: sync");
    expect(first.summary).toContain("2 task documents, 3 tasks, 0 issues mirrored by github-actions[bot] at `acme/widgets@main`");
    expect(first.summary).toMatch(/\*\*Synced\*\*: created 3, updated 0, closed 0, reopened 0, linked 1, unlinked 0, labels \d+; \d+ reads, \d+ writes\./);
    expect(first.summary).toContain("Ticks made in issues are not written back to the files: this sync runs with the workflow's `GITHUB_TOKEN`");
    expect(first.summary).toContain("| Action | Task | Issue | Title |");
    expect(first.summary).toContain("| create | `TASK-001` | new | TASK-001: Set up the repository |");

    const from = fake.requests().length;
    const second = await step({ repo: "widgets", event: "push", payload: pushPayload("widgets"), inputs: { mode: "sync" } });
    expect(second.code).toBe(0);
    expect(writesSince(from)).toEqual([]);
    expect(second.summary).toContain("3 tasks, 3 issues mirrored by github-actions[bot]");
    expect(second.summary).toContain("**Plan:** no changes: the issues are in step with the documents.");
    expect(second.stdout).toMatch(/^taskmirror: synced: \d+ reads, 0 writes\.$/m);
  });

  it("keeps a tick made in an issue there and commits nothing: the workflow token cannot write it back", async () => {
    const issue = issuesOf("widgets")[0]!;
    const head = fake.snapshot().repositories.find((r) => r.full_name === "acme/widgets")?.branches.main;
    await fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, body: issue.body!.replace("- [ ] Create the repository", "- [x] Create the repository"), sender: "alice" });
    const run = await step({ repo: "widgets", event: "push", payload: pushPayload("widgets"), inputs: { mode: "sync" } });
    expect(run.code).toBe(0);
    expect(fake.snapshot().repositories.find((r) => r.full_name === "acme/widgets")?.branches.main).toBe(head);
    expect(issuesOf("widgets")[0]?.body).toContain("- [x] Create the repository");
    expect(run.summary).toContain("1 tick is waiting.");
    expect(run.summary).toContain("| write back (tick “create the repository” in TASKS.md) | `TASK-001` | #1 |");
  });

  it("writes ticks back with an app's token, which can act as its own bot", async () => {
    await fake.createRepo({ owner: "acme", name: "apptoken", files: { "TASKS.md": TASKS } });
    const { installationId } = await fake.installApp({ owner: "acme", repos: ["apptoken"] });
    const app = new Octokit({ baseUrl: fake.apiUrl, authStrategy: createAppAuth, auth: { appId: fake.app.id, privateKey: fake.app.privateKey, installationId } });
    const token = async () => ((await app.auth({ type: "installation" })) as { token: string }).token;
    const first = await step({ repo: "apptoken", event: "push", payload: pushPayload("apptoken"), inputs: { mode: "sync" }, token: await token() });
    expect(first.code).toBe(0);
    expect(first.summary).toContain("0 issues mirrored by taskmirror[bot]");
    expect(first.summary).not.toContain("not written back");
    const issue = issuesOf("apptoken")[0]!;
    await fake.editIssue({ owner: "acme", repo: "apptoken", number: issue.number, body: issue.body!.replace("- [ ] Add a licence", "- [x] Add a licence"), sender: "acme" });
    const second = await step({ repo: "apptoken", event: "push", payload: pushPayload("apptoken"), inputs: { mode: "sync" }, token: await token() });
    expect(second.code).toBe(0);
    expect(second.summary).toContain("; ticks written back 1 in 1 commits;");
    expect(fake.snapshot().repositories.find((r) => r.full_name === "acme/apptoken")?.files["TASKS.md"]).toContain("- [x] Add a licence");
  });

  it("prints the plan and writes nothing on dry-run: true", async () => {
    await fake.createRepo({ owner: "acme", name: "dry", files: { "TASKS.md": TASKS } });
    const from = fake.requests().length;
    const run = await step({ repo: "dry", event: "push", payload: pushPayload("dry"), inputs: { mode: "sync", "dry-run": "true" } });
    expect(run.code).toBe(0);
    expect(writesSince(from)).toEqual([]);
    expect(issuesOf("dry")).toEqual([]);
    expect(run.summary).toContain("## taskmirror: dry run");
    expect(run.summary).toContain("**Dry run**: nothing was written.");
    expect(run.summary).toContain("**Plan:** 2 to create, 1 to relink, 2 labels to create.");
    expect(run.stdout).toContain("taskmirror: planned (dry run):");
  });

  it("syncs nothing for a push to another branch, and refuses to sync on a pull request", async () => {
    const from = fake.requests().length;
    const other = await step({ repo: "dry", event: "push", payload: pushPayload("dry", "refs/heads/feature"), inputs: { mode: "sync" } });
    expect([other.code, other.stdout.trim()]).toEqual([0, "taskmirror: nothing to sync: the push is to refs/heads/feature, and issues mirror the default branch main."]);
    const pull = await step({ repo: "dry", event: "pull_request", payload: { pull_request: { number: 1 } }, inputs: { mode: "sync" } });
    expect(pull.code).toBe(1);
    expect(pull.stdout).toMatch(/^::error::taskmirror: mode sync mirrors the default branch into issues: run it on push/m);
    expect(writesSince(from)).toEqual([]);
  });

  it("annotates an invalid config on its line and syncs nothing", async () => {
    await fake.createRepo({ owner: "acme", name: "badconfig", files: { "TASKS.md": TASKS, ".github/taskmirror.yml": "paths: []\n" } });
    const from = fake.requests().length;
    const run = await step({ repo: "badconfig", event: "push", payload: pushPayload("badconfig"), inputs: { mode: "sync" } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=\.github\/taskmirror\.yml,line=1,col=1,title=invalid-config::`paths`: /m);
    expect(run.summary).toContain("`.github/taskmirror.yml` is not valid (see the annotations on it): nothing was synced.");
    expect(writesSince(from)).toEqual([]);
  });
});

describe("the Action, mode validate, on pull_request", () => {
  /** The pull request: TASK-001 retitled, TASK-003 added with an unknown dependency. */
  const HEAD_TASKS = TASKS.replace("Set up the repository", "Set up the monorepo") + "\n## TASK-003: Ship it\n**Dependencies**: TASK-999\n";

  async function openPull(): Promise<Record<string, unknown>> {
    await fake.push({ owner: "acme", repo: "widgets", branch: "feature", files: { "TASKS.md": HEAD_TASKS } });
    const number = await fake.openPullRequest({ owner: "acme", repo: "widgets", head: "feature" });
    return pullPayload("widgets", number);
  }
  const headFiles = { "TASKS.md": HEAD_TASKS, "notes/tasks.md": NOTES, "README.md": "# Widgets\n" };
  let payload: Record<string, unknown>;

  beforeAll(async () => {
    payload = await openPull();
  });

  it("annotates the changed documents, writes the plan preview against the mirrored issues, and fails on errors", async () => {
    const from = fake.requests().length;
    const run = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate" }, files: headFiles });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const annotations = run.stdout.split("\n").filter((line) => line.startsWith("::"));
    expect(annotations).toEqual([expect.stringMatching(/^::error file=TASKS\.md,line=11,col=19,title=unknown-dependency::Unknown dependency "TASK-999"/)]);
    // The problem of the file the pull request does not change is counted, not annotated.
    expect(run.summary).toContain("## taskmirror: 1 error in changed files, 1 warning elsewhere — merging creates 1 issue, updates 1");
    expect(run.summary).toContain("| `TASK-001` | #1 | TASK-001: Set up the monorepo |");
    expect(run.summary).toContain("| create | `TASK-003` | new | TASK-003: Ship it |");
    expect(run.summary).toContain("### Problems in files this pull request does not change");
    expect(run.summary).toContain("`notes/tasks.md:3:");
    expect(run.summary).toContain("Conclusion: **failure** (errors: `checkRun.conclusionOnErrors`), so this step fails.");
    // (The tick the sync tests left in issue #1 is still waiting to be written back.)
    expect(run.stdout).toMatch(/^taskmirror: 1 error in changed files, 1 warning elsewhere — merging creates 1 issue, updates 1, writes 1 tick back to files \(conclusion: failure\)$/m);
    expect(writesSince(from)).toEqual([]);
  });

  it("exits 0 when the config makes errors neutral", async () => {
    const files = { ...headFiles, ".github/taskmirror.yml": "checkRun:\n  conclusionOnErrors: neutral\n" };
    const run = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate" }, files });
    expect(run.code).toBe(0);
    expect(run.summary).toContain("Conclusion: **neutral** (errors: `checkRun.conclusionOnErrors`).");
  });

  it("says so when the token cannot read issues, and plans against none", async () => {
    fake.failNext({ method: "GET", path: "/repos/acme/widgets/issues", status: 403, body: { message: "Resource not accessible by integration" } });
    const run = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate" }, files: headFiles });
    expect(run.code).toBe(1);
    expect(run.summary).toContain("> The token cannot read this repository's issues (403: Resource not accessible by integration): the plan is made against no issues, as if none were mirrored yet.");
    expect(run.summary).toContain("| create | `TASK-001` | new | TASK-001: Set up the monorepo |");
    expect(run.stdout).toContain("The token cannot read this repository's issues (403");
  });

  it("reads paths and the config file from the inputs", async () => {
    const files = { ...headFiles, "ci/taskmirror.yml": "rules:\n  unknown-dependency: warning\n" };
    const run = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate", config: "ci/taskmirror.yml", paths: "TASKS.md\n" }, files });
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::"))).toEqual([expect.stringMatching(/^::warning file=TASKS\.md,line=11,col=19,title=unknown-dependency::/)]);
    // notes/tasks.md is not a task document under these paths: its issue would be closed.
    expect(run.summary).toContain("## taskmirror: 1 warning — merging creates 1 issue, updates 1, closes 1");
  });

  it("annotates 10 errors at most, as GitHub shows no more, and lists the rest in the summary", async () => {
    const many = Array.from({ length: 12 }, (_, i) => `## TASK-${100 + i}: Task ${i}\n**Dependencies**: TASK-9${i}\n`).join("\n");
    // Not a pull request: every document counts as changed.
    const run = await step({ repo: "widgets", event: "workflow_dispatch", payload: {}, inputs: { mode: "validate" }, files: { "many.tasks.md": many } });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(run.stdout).toContain("2 more problems are not annotated (GitHub shows 10 of each level per step): see the job summary.");
    expect(run.summary).toContain("### Problems not annotated");
    expect(run.summary).toMatch(/^- `many\.tasks\.md:32:19` error `unknown-dependency`: Unknown dependency "TASK-910"/m);
    expect(run.summary).toMatch(/^- `many\.tasks\.md:35:19` error `unknown-dependency`: Unknown dependency "TASK-911"/m);
  });

  it("refuses a bad input and a workspace without a checkout with one error line", async () => {
    const bad = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "check" } });
    expect([bad.code, bad.stdout]).toEqual([1, '::error::taskmirror: input "mode" must be validate or sync, not "check"\n']);
    const flag = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate", "dry-run": "yes" } });
    expect(flag.stdout).toContain('input "dry-run" must be true or false');
    const bare = await step({ repo: "widgets", event: "pull_request", payload, inputs: { mode: "validate" }, files: headFiles, checkout: false });
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(/^::error::taskmirror: no checkout in .*: validate reads the checked-out documents, so actions\/checkout must run before it$/m);
    expect(bare.summary).toBe("");
  });
});

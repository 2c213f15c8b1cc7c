import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RULES, type RuleCode } from "../../src/core/validate/rules.js";
import type { RecordedRequest } from "../support/fake-github/index.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";
import { BROKEN_TEXT, CONFIG, FIXED_TEXT, manyProblems, NEW_DOC, PLAN, PLAN_TEXT } from "./check-run-documents.js";

const OWNER = "acme";
const REPO = "widgets";

/** Git's blob sha of a text: sha1 of `blob <bytes>\0<content>`. */
function gitBlobSha(text: string): string {
  const content = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/** An annotation of the new document as the fake GitHub keeps it. */
function annotation(line: number, column: number, level: string, code: RuleCode, message: string) {
  const rule = RULES[code];
  return {
    path: NEW_DOC,
    start_line: line,
    end_line: line,
    start_column: column,
    end_column: column,
    annotation_level: level,
    title: code,
    message,
    raw_details: `${rule.title}: ${rule.description}\n\nHow to fix: ${rule.fix}`,
  };
}

describe("the pull-request check run (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;

  const repoState = () => {
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`);
    if (!repo) throw new Error("no repository");
    return repo;
  };
  const runsAt = (sha: string) => repoState().check_runs.filter((run) => run.head_sha === sha && run.name === "taskmirror");
  const onlyRunAt = (sha: string) => {
    const runs = runsAt(sha);
    expect(runs).toHaveLength(1);
    return runs[0]!;
  };
  const headOf = (number: number) => repoState().pulls.find((pull) => pull.number === number)!.head_sha;
  const where = (annotations: unknown[]) =>
    (annotations as { path: string; start_line: number; title: string; annotation_level: string }[]).map(
      (a) => `${a.path}:${a.start_line} ${a.annotation_level} ${a.title}`,
    );
  const appRequests = (from: number): RecordedRequest[] =>
    app.requestsSince(from).filter((r) => r.by !== null && r.by !== "app" && !/\/access_tokens$/.test(r.path));
  const openPull = async (branch: string, files: Record<string, string | null>) => {
    await app.fake.push({ owner: OWNER, repo: REPO, branch, files });
    await app.settle();
    const number = await app.fake.openPullRequest({ owner: OWNER, repo: REPO, head: branch, title: `Change ${branch}` });
    await app.settle();
    return number;
  };

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Widgets\n", [PLAN]: PLAN_TEXT } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    await app.close();
  });

  it("fails a pull request that adds a broken document, with exactly its problems annotated on their lines", async () => {
    const number = await openPull("docs", { [NEW_DOC]: BROKEN_TEXT });
    const run = onlyRunAt(headOf(number));
    expect(run.status).toBe("completed");
    expect(run.conclusion).toBe("failure");
    expect(where(run.annotations)).toEqual([
      `${NEW_DOC}:5 failure unknown-dependency`,
      `${NEW_DOC}:7 warning malformed-checkbox`,
      `${NEW_DOC}:12 failure duplicate-key`,
      `${NEW_DOC}:18 warning placeholder`,
    ]);
    expect(run.annotations).toEqual([
      annotation(5, 19, "failure", "unknown-dependency", 'Unknown dependency "TASK-099": no task has this key. Fix the id or add the task.'),
      annotation(7, 3, "warning", "malformed-checkbox", "`[ x]` is not a checkbox on GitHub: write `[ ]` or `[x]`"),
      annotation(
        12,
        5,
        "failure",
        "duplicate-key",
        `Duplicate key "TASK-020": the task at ${NEW_DOC}:3 already has it. Give this task a new id; neither task is synced until then.`,
      ),
      annotation(18, 15, "warning", "placeholder", 'Unfilled template placeholder "[Technical Task Title]" in the title: replace it with the real value.'),
    ]);
    expect(run.title).toMatch(/^2 errors, 2 warnings — merging creates \d+ issues?/);
    expect(run.summary).toContain("| Duplicate task key (`duplicate-key`) | error | 1 |");
    expect(run.summary).toContain("### What merging does to the issues");
  });

  it("turns green when the pull request is fixed, with one run per head", async () => {
    const number = await openPull("docs", { [NEW_DOC]: BROKEN_TEXT });
    const brokenHead = headOf(number);
    await app.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, files: { [NEW_DOC]: FIXED_TEXT } });
    await app.settle();
    const fixedHead = headOf(number);
    expect(fixedHead).not.toBe(brokenHead);
    expect(onlyRunAt(brokenHead).conclusion).toBe("failure");
    const run = onlyRunAt(fixedHead);
    expect([run.status, run.conclusion, run.annotations]).toEqual(["completed", "success", []]);
    expect(run.title).toBe("No problems — merging creates 3 issues, relinks 1");
    expect(run.summary).toContain("| create | `TASK-020` | new | TASK-020: Write the guide |");
  });

  it("checks a fork's pull request through the base repository, and re-runs it by the run's pull request number", async () => {
    await app.fake.createFork({ owner: OWNER, repo: REPO, forkOwner: "outsider" });
    await app.fake.push({ owner: "outsider", repo: REPO, branch: "guide", files: { [NEW_DOC]: BROKEN_TEXT } });
    await app.settle();
    const number = await app.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "guide", fromFork: "outsider" });
    await app.settle();
    const head = headOf(number);
    const run = onlyRunAt(head);
    expect(run.conclusion).toBe("failure");
    expect(where(run.annotations)).toHaveLength(4);

    const from = app.fake.requests().length;
    await app.fake.rerequestCheckRun({ owner: OWNER, repo: REPO, checkRunId: run.id });
    await app.settle();
    // GitHub lists no pull request on a fork's run: the run's external_id names it.
    expect(appRequests(from).filter((r) => r.method === "GET" && r.route === "/repos/{owner}/{repo}/pulls/{pull_number}").map((r) => r.path)).toEqual([
      `/repos/${OWNER}/${REPO}/pulls/${number}`,
    ]);
    const runs = runsAt(head);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.status).toBe("completed");
    expect(runs[1]!.annotations).toEqual(run.annotations);
  });

  it("sends 120 annotations in three updates of at most 50", async () => {
    const from = app.fake.requests().length;
    const number = await openPull("many", { [NEW_DOC]: manyProblems(120) });
    const run = onlyRunAt(headOf(number));
    expect(run.annotations).toHaveLength(120);
    expect((run.annotations as { start_line: number }[]).map((a) => a.start_line)).toEqual(Array.from({ length: 120 }, (_, i) => i + 6));
    expect(run.conclusion).toBe("success");
    const checkWrites = appRequests(from).filter((r) => r.route?.includes("check-runs") && r.method !== "GET");
    expect(checkWrites.map((r) => [r.method, (r.body as { output?: { annotations?: unknown[] } }).output?.annotations?.length ?? 0])).toEqual([
      ["POST", 0],
      ["PATCH", 50],
      ["PATCH", 50],
      ["PATCH", 20],
    ]);
    expect(checkWrites.map((r) => (r.body as { status?: string }).status)).toEqual(["in_progress", undefined, undefined, "completed"]);
  });

  it("fetches only the changed document's blob: the others were read at their blob sha before", async () => {
    const others = Object.fromEntries(
      Array.from({ length: 9 }, (_, i) => [`plans/area-${i}.tasks.md`, `# Area ${i}\n\n### TASK-${300 + i}: Area ${i} work\n**Priority**: P3\n`]),
    );
    await app.fake.push({ owner: OWNER, repo: REPO, files: others });
    await app.settle();
    const from = app.fake.requests().length;
    const changed = others["plans/area-4.tasks.md"]!.replace("Area 4 work", "Area 4 work, renamed");
    const number = await openPull("area", { "plans/area-4.tasks.md": changed });
    expect(onlyRunAt(headOf(number)).conclusion).toBe("success");
    const blobReads = appRequests(from).filter((r) => r.route === "/repos/{owner}/{repo}/git/blobs/{file_sha}");
    expect(blobReads.map((r) => r.path)).toEqual([`/repos/${OWNER}/${REPO}/git/blobs/${gitBlobSha(changed)}`]);
  });

  it("leaves a pull request that touches no task document alone, after listing its files", async () => {
    const from = app.fake.requests().length;
    const number = await openPull("code", { "src/index.ts": "export {};\n" });
    expect(runsAt(headOf(number))).toEqual([]);
    expect(appRequests(from).map((r) => `${r.method} ${r.path}`)).toEqual([`GET /repos/${OWNER}/${REPO}/pulls/${number}/files`]);
  });

  it("annotates a bad config on its own lines and checks the documents with the defaults", async () => {
    const number = await openPull("config", { [CONFIG]: "paths:\n  - docs/**/*.md\nlabelz: {}\n", [NEW_DOC]: BROKEN_TEXT });
    const run = onlyRunAt(headOf(number));
    expect(run.conclusion).toBe("failure");
    expect(where(run.annotations)).toEqual([
      `${CONFIG}:3 failure invalid-config`,
      `${NEW_DOC}:5 failure unknown-dependency`,
      `${NEW_DOC}:7 warning malformed-checkbox`,
      `${NEW_DOC}:12 failure duplicate-key`,
      `${NEW_DOC}:18 warning placeholder`,
    ]);
    expect(run.title).toBe("3 errors, 2 warnings — nothing syncs until the configuration is fixed");
  });

  it("calls out a renumbered task whose issue would be closed", async () => {
    const renumbered = PLAN_TEXT.replace("### TASK-002: Write the parser", "### TASK-012: Write the parser");
    const number = await openPull("renumber", { [PLAN]: renumbered });
    const run = onlyRunAt(headOf(number));
    const issue = repoState().issues.find((i) => i.title.startsWith("TASK-002:"))!;
    expect(where(run.annotations)).toEqual([`${PLAN}:13 warning renumbered-task`]);
    expect(run.summary).toContain(`> - \`TASK-012\` (${PLAN}:13) was \`TASK-002\`: closes #${issue.number}`);
    expect(run.summary).toContain(`| close (not planned) | \`TASK-002\` | #${issue.number} |`);
    expect(run.conclusion).toBe("success");
  });

  it("gives a re-requested suite a fresh complete run, and never a second run for the same push", async () => {
    const number = await openPull("docs", { [NEW_DOC]: BROKEN_TEXT });
    await app.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, files: { [NEW_DOC]: FIXED_TEXT } });
    await app.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, files: { [NEW_DOC]: BROKEN_TEXT } });
    await app.settle();
    const head = headOf(number);
    // Both events of each push (pull_request.synchronize, check_suite.requested) led to one run.
    expect(onlyRunAt(head).conclusion).toBe("failure");
    expect(repoState().check_runs.every((run) => run.status === "completed")).toBe(true);
    // One per push to the pull request, and the sync report of the push to the default branch.
    const runsBefore = repoState().check_runs.length;
    expect(runsBefore).toBe(4);

    const suiteId = await suiteOf(head);
    await app.fake.rerequestCheckSuite({ owner: OWNER, repo: REPO, checkSuiteId: suiteId });
    await app.settle();
    const runs = runsAt(head);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.status).toBe("completed");
    expect(runs[1]!.annotations).toEqual(runs[0]!.annotations);
  });

  async function suiteOf(sha: string): Promise<number> {
    const delivery = app.fake
      .deliveries()
      .filter((d) => d.event === "check_suite")
      .map((d) => d.payload as { check_suite: { id: number; head_sha: string } })
      .find((p) => p.check_suite.head_sha === sha);
    if (!delivery) throw new Error(`no check suite for ${sha}`);
    return delivery.check_suite.id;
  }
});

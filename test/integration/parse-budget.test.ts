import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parsePool } from "../../src/ops/parse-pool.js";
import { deeplyNested } from "../support/deeply-nested.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const NORMAL = "plans/normal.tasks.md";
const GROWING = "plans/growing.tasks.md";
/** Small enough for the reader's modules, far too small for the hostile document. */
const MEMORY_MB = "96";

function tasks(ids: string[]): string {
  return `# Plan\n\n${ids.map((id) => `### ${id}: Work item ${id}\n**Priority**: P2\n\n- [ ] Do ${id}\n`).join("\n---\n\n")}`;
}

describe("a document over the parse budget (probot.receive + the fake GitHub)", () => {
  let app: AppHarness;
  const saved = process.env.TASKMIRROR_PARSE_MEMORY_MB;

  const repoState = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const titles = () => issues().map((issue) => issue.title).sort();

  beforeAll(async () => {
    // The shared pool reads its budgets when it starts its first worker.
    await parsePool.close();
    process.env.TASKMIRROR_PARSE_MEMORY_MB = MEMORY_MB;
  });

  afterAll(async () => {
    await parsePool.close();
    if (saved === undefined) delete process.env.TASKMIRROR_PARSE_MEMORY_MB;
    else process.env.TASKMIRROR_PARSE_MEMORY_MB = saved;
  });

  beforeEach(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { [NORMAL]: tasks(["TASK-001", "TASK-002"]), [GROWING]: tasks(["TASK-100"]) } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
  });

  afterEach(async () => {
    expect(app.fake.violations()).toEqual([]);
    expect(app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([]);
    await app.close();
  });

  it("reports it on line 1 and syncs the rest of the repository, on a worker that is replaced", async () => {
    expect(titles()).toEqual(["TASK-001: Work item TASK-001", "TASK-002: Work item TASK-002", "TASK-100: Work item TASK-100"]);

    // A pull request grows one document into a hostile one and adds a task to the other.
    const hostile = `${tasks(["TASK-100"])}\n## Notes\n\n${deeplyNested(1_000_000)}`;
    await app.fake.push({ owner: OWNER, repo: REPO, branch: "grow", files: { [GROWING]: hostile, [NORMAL]: tasks(["TASK-001", "TASK-002", "TASK-003"]) } });
    await app.settle();
    const number = await app.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "grow", title: "Grow the plan" });
    await app.settle();
    const head = repoState().pulls.find((pull) => pull.number === number)!.head_sha;
    const [run] = repoState().check_runs.filter((r) => r.head_sha === head && r.name === "taskmirror");
    expect([run?.status, run?.conclusion]).toEqual(["completed", "failure"]);
    expect(run!.annotations).toEqual([
      expect.objectContaining({
        path: GROWING,
        start_line: 1,
        annotation_level: "failure",
        title: "unreadable-document",
        message: `parsing needed more than ${MEMORY_MB} MB; the document was not read (split it into smaller documents)`,
      }),
    ]);
    // The other document was read: merging would create its new task.
    expect(run!.summary).toContain("TASK-003");

    // Merged: the sync mirrors the new task, and parses neither document again.
    const parsed = parsePool.stats.parsed;
    await app.fake.mergePullRequest({ owner: OWNER, repo: REPO, number });
    await app.settle();
    expect(titles()).toContain("TASK-003: Work item TASK-003");
    expect(parsePool.stats.parsed).toBe(parsed);
    const synced = app.logs.filter((entry) => entry.msg === "sync done").at(-1);
    expect(synced).toMatchObject({ documents: 2, tasks: 3 });
    // A document that could not be read freezes its issues: TASK-100's stays open, untouched.
    const frozen = issues().find((issue) => issue.title.startsWith("TASK-100:"));
    expect([frozen?.state, frozen?.state_reason ?? null]).toEqual(["open", null]);
    expect(app.logs.some((entry) => entry.level === 40 && entry.code === "frozen-document" && entry.path === GROWING)).toBe(true);

    // The worker that ran out of memory was replaced: the next push is parsed and mirrored.
    await app.fake.push({ owner: OWNER, repo: REPO, files: { [NORMAL]: tasks(["TASK-001", "TASK-002", "TASK-003", "TASK-004"]) } });
    await app.settle();
    expect(titles()).toContain("TASK-004: Work item TASK-004");
    expect(parsePool.stats.parsed).toBe(parsed + 1);
    // Running out of memory takes V8 many seconds of collecting near the cap on a busy machine.
  }, 180_000);
});

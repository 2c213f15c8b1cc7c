import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { BROKEN_TEXT, FIXED_TEXT, manyProblems, NEW_DOC, PLAN, PLAN_TEXT } from "../integration/check-run-documents.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";

const OWNER = "acme";
const REPO = "guides";

/**
 * The pull-request check run with the real server process (`node dist/main.js`) against the
 * fake GitHub over HTTP. One repository for the whole story.
 */
describe("the pull-request check run end to end", () => {
  let fake: FakeGitHub;
  let app: AppProcess;

  const settle = () => fake.waitForQuiet({ quietMs: 400, timeoutMs: 60_000 });
  const repoState = () => fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const headOf = (number: number) => repoState().pulls.find((pull) => pull.number === number)!.head_sha;
  const runsAt = (sha: string) => repoState().check_runs.filter((run) => run.head_sha === sha && run.name === "taskmirror");
  const lines = (annotations: unknown[]) =>
    (annotations as { path: string; start_line: number; title: string }[]).map((a) => `${a.path}:${a.start_line} ${a.title}`);
  const openPull = async (branch: string, files: Record<string, string | null>, fromFork?: string) => {
    await fake.push({ owner: fromFork ?? OWNER, repo: REPO, branch, files });
    await settle();
    const number = await fake.openPullRequest({ owner: OWNER, repo: REPO, head: branch, ...(fromFork ? { fromFork } : {}) });
    await settle();
    return number;
  };

  beforeAll(async () => {
    ({ fake, app } = await startFakeAndApp());
    await fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Guides\n", [PLAN]: PLAN_TEXT } });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await settle();
  });

  afterEach(() => {
    expect(fake.violations()).toEqual([]);
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("fails a broken document with its four problems annotated, then turns green when it is fixed", async () => {
    const number = await openPull("docs", { [NEW_DOC]: BROKEN_TEXT });
    const broken = runsAt(headOf(number));
    expect(broken.map((run) => [run.status, run.conclusion])).toEqual([["completed", "failure"]]);
    expect(lines(broken[0]!.annotations)).toEqual([
      `${NEW_DOC}:5 unknown-dependency`,
      `${NEW_DOC}:7 malformed-checkbox`,
      `${NEW_DOC}:12 duplicate-key`,
      `${NEW_DOC}:18 placeholder`,
    ]);

    await fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, files: { [NEW_DOC]: FIXED_TEXT } });
    await settle();
    const fixed = runsAt(headOf(number));
    expect(fixed.map((run) => [run.status, run.conclusion, run.annotations.length])).toEqual([["completed", "success", 0]]);
  });

  it("checks a fork's pull request", async () => {
    await fake.createFork({ owner: OWNER, repo: REPO, forkOwner: "outsider" });
    const number = await openPull("fork-docs", { [NEW_DOC]: BROKEN_TEXT }, "outsider");
    const runs = runsAt(headOf(number));
    expect(runs.map((run) => [run.status, run.conclusion, run.annotations.length])).toEqual([["completed", "failure", 4]]);
  });

  it("delivers 120 annotations over three updates", async () => {
    const from = fake.requests().length;
    const number = await openPull("many", { [NEW_DOC]: manyProblems(120) });
    const runs = runsAt(headOf(number));
    expect(runs.map((run) => [run.status, run.annotations.length])).toEqual([["completed", 120]]);
    const updates = fake
      .requests()
      .slice(from)
      .filter((r) => r.method === "PATCH" && r.route?.includes("check-runs"));
    expect(updates.map((r) => (r.body as { output: { annotations?: unknown[] } }).output.annotations?.length)).toEqual([50, 50, 20]);
  });

  it("creates no run for a pull request that touches no task document", async () => {
    const from = fake.requests().length;
    const number = await openPull("code", { "src/main.ts": "export {};\n" });
    expect(runsAt(headOf(number))).toEqual([]);
    const byApp = fake
      .requests()
      .slice(from)
      .filter((r) => r.by !== null && r.by !== "app" && !/\/access_tokens$/.test(r.path));
    expect(byApp.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /repos/${OWNER}/${REPO}/pulls/${number}/files`]);
  });
});

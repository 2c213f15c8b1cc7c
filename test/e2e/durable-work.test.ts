import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { startAppProcess, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

const OWNER = "acme";
const REPO = "big";
const PLAN = "docs/tasks/TASKS-plan.md";
const TASKS = 40;
// Long enough that a kill right after the last tick's webhook lands inside the debounce.
const DEBOUNCE_MS = 4000;

const plan = (ticked: ReadonlySet<number> = new Set()) =>
  [
    "# Plan",
    "",
    ...Array.from({ length: TASKS }, (_, index) => {
      const n = index + 1;
      return [`### TASK-${String(n).padStart(3, "0")}: Task number ${n}`, "", `- [${ticked.has(n) ? "x" : " "}] Step of task ${n}`, ""];
    }).flat(),
  ].join("\n");

/**
 * Work GitHub was told is accepted survives the process: the app as its own process on a data
 * directory, killed (SIGKILL: no drain) after answering a webhook and before doing its work,
 * then started again on the same directory — it does the work without any new webhook.
 */
describe("work acknowledged to GitHub survives a killed process", () => {
  let fake: FakeGitHub;
  let dataDir: string;
  let app: AppProcess | undefined;

  const repoState = () => fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const start = async () => {
    app = await startAppProcess({
      appId: fake.app.id,
      privateKey: fake.app.privateKey,
      webhookSecret: fake.app.webhookSecret,
      gheHost: fake.host,
      dataDir,
      env: { LOG_LEVEL: "info", TASKMIRROR_TICK_DEBOUNCE_MS: String(DEBOUNCE_MS) },
    });
    fake.setWebhook({ url: app.webhookUrl, secret: fake.app.webhookSecret });
    return app;
  };
  /** The deliveries a person's action caused (not the app's own writes). */
  const deliveriesBy = (event: string) =>
    fake.deliveries().filter((d) => d.event === event && (d.payload.sender as { login?: string } | undefined)?.login === OWNER);

  beforeAll(async () => {
    fake = await startFakeGitHub();
    dataDir = await mkdtemp(join(tmpdir(), "taskmirror-durable-"));
    await start();
    await fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Big\n" } });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await fake.waitForQuiet({ quietMs: 1000, timeoutMs: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("finishes a push's sync after the process was killed mid-sync, with no duplicate issue", async () => {
    // A slow GitHub: the sync of 40 tasks takes seconds, the kill lands in the middle of it.
    fake.setLatency(100);
    await fake.push({ owner: OWNER, repo: REPO, files: { [PLAN]: plan() } });
    await waitFor(() => deliveriesBy("push").some((d) => d.status === 200), "the push answered", 30_000);
    await waitFor(() => issues().length > 0, "the sync under way", 30_000);
    await app!.stop("SIGKILL");
    const atKill = issues().length;
    expect(atKill).toBeLessThan(TASKS);

    fake.setLatency(0);
    const restarted = await start();
    await waitFor(() => issues().length >= TASKS, "every task's issue", 60_000);
    await fake.waitForQuiet({ quietMs: 1500, timeoutMs: 60_000 });

    const titles = issues().map((issue) => issue.title);
    expect(titles).toHaveLength(TASKS);
    expect(new Set(titles).size).toBe(TASKS);
    // Nothing was sent again: the journal held the push.
    expect(deliveriesBy("push").map((d) => d.guid)).toHaveLength(1);
    const [push] = deliveriesBy("push");
    const lines = restarted.logLines();
    expect(lines.filter((line) => line.msg === "jobs left by a stopped process taken up again")).toEqual([expect.objectContaining({ jobs: 1 })]);
    expect(lines.filter((line) => line.msg === "delivery done" && line.delivery === push!.guid)).toEqual([
      expect.objectContaining({ event: "push", repo: `${OWNER}/${REPO}` }),
    ]);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  }, 180_000);

  it("writes ticks acknowledged during their debounce after a kill, as one commit", async () => {
    const commits = repoState().commits.length;
    const ticked = [1, 2, 3];
    for (const n of ticked) {
      const issue = issues().find((candidate) => candidate.title.startsWith(`TASK-${String(n).padStart(3, "0")}`))!;
      const body = issue.body!.replace(`- [ ] Step of task ${n}`, `- [x] Step of task ${n}`);
      expect(body).not.toBe(issue.body);
      await fake.editIssue({ owner: OWNER, repo: REPO, number: issue.number, body, sender: OWNER });
    }
    await waitFor(() => deliveriesBy("issues").filter((d) => d.status === 200).length === ticked.length, "the ticks answered", 30_000);
    await app!.stop("SIGKILL");
    // Killed within the debounce: nothing was written yet.
    expect(repoState().commits.length).toBe(commits);

    await start();
    await waitFor(() => repoState().commits.length > commits, "the ticks' commit", 60_000);
    await fake.waitForQuiet({ quietMs: DEBOUNCE_MS + 1500, timeoutMs: 60_000 });

    expect(repoState().files[PLAN]).toBe(plan(new Set(ticked)));
    const added = repoState().commits.slice(commits);
    expect(added.map((commit) => commit.message.split("\n")[0])).toEqual([expect.stringMatching(/^Tick 3 items? /)]);
  }, 180_000);
});

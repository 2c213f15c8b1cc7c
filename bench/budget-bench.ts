import { pino } from "pino";
import { Probot } from "probot";
import { CONTENT_WRITES_PER_HOUR, CONTENT_WRITES_PER_MINUTE } from "../src/core/limits.js";
import { memoryWriteBudgetStore } from "../src/github/pacing/memory-write-budget-store.js";
import { writePacer } from "../src/github/pacing/shared-write-pacer.js";
import { serverUrlFor } from "../src/github/server-url.js";
import { syncWithReport } from "../src/github/sync-with-report.js";
import type { GitHub } from "../src/github/types.js";
import { TaskmirrorOctokit } from "../src/octokit.js";
import type { Job, SyncJob } from "../src/queue/job.js";
import { startFakeGitHub } from "../test/support/fake-github/index.js";
import { scaledClock } from "../test/support/scaled-clock.js";
import { generateDocument } from "./generate-documents.js";

const TASKS = 1000;
/** An hour of GitHub's budget in 100 real seconds: slow enough that the budget, not the app, sets the pace. */
const SCALE = 36;
const HOUR_MS = 3_600_000;

/**
 * A first sync of 1,000 tasks (creates, blocked-by links, labels: about 2,000 content-creating
 * writes) against the fake GitHub enforcing GitHub's figures (80 a minute, 500 an hour) on a
 * clock 36 times faster than real time, driven like the job queue: each continuation after its
 * delay. Reported: the budget hours the sync took against the floor (writes ÷ 500 an hour), the
 * slices, and the limit hits — which must be 0.
 */
export async function budgetBench(): Promise<string[]> {
  process.env.TASKMIRROR_WRITE_INTERVAL_MS ??= "0";
  process.env.TASKMIRROR_CONTENT_INTERVAL_MS ??= "0";
  const fake = await startFakeGitHub({ limits: true, clock: { scale: SCALE } });
  const clock = scaledClock(fake.budgets.clock);
  writePacer.configure({ clock, limits: { perMinute: CONTENT_WRITES_PER_MINUTE, perHour: CONTENT_WRITES_PER_HOUR }, store: memoryWriteBudgetStore() });
  try {
    await fake.createRepo({ owner: "acme", name: "big", files: { "docs/tasks.md": generateDocument("task-headings", TASKS) } });
    const { installationId } = await fake.installApp({ owner: "acme", repos: ["big"] });
    const log = pino({ level: "silent" });
    const probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, baseUrl: fake.apiUrl, Octokit: TaskmirrorOctokit, log });
    const queue: Array<{ job: Job; delayMs: number }> = [];
    const from = fake.requests().length;
    const started = clock.now();
    let next: { job: Job; delayMs: number } | undefined = {
      job: { kind: "sync", id: "install", installationId, owner: "acme", repo: "big", reason: "installation", submittedAt: Date.now() },
      delayMs: 0,
    };
    let slices = 0;
    for (; next; next = queue.shift()) {
      await new Promise((resolve) => setTimeout(resolve, next!.delayMs));
      const octokit = (await probot.auth(installationId)) as unknown as GitHub;
      await syncWithReport(
        { octokit, log, repo: { owner: "acme", repo: "big" } },
        { botLogin: `${fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), job: next.job as SyncJob, submit: async (job, options) => void queue.push({ job, delayMs: options?.delayMs ?? 0 }) },
      );
      slices += 1;
    }
    const hours = (clock.now() - started) / HOUR_MS;
    const writes = fake.requests().slice(from).filter((r) => r.method !== "GET" && r.method !== "HEAD" && !/\/access_tokens$/.test(r.path)).length;
    const floor = writes / CONTENT_WRITES_PER_HOUR;
    const repo = fake.snapshot().repositories.find((r) => r.full_name === "acme/big")!;
    const issues = repo.issues.filter((issue) => !issue.pull_request).length;
    const run = repo.check_runs.find((r) => r.name === "taskmirror");
    return [
      `## Write budget: a first sync of ${TASKS.toLocaleString("en-US")} tasks at GitHub's ${CONTENT_WRITES_PER_MINUTE}/minute and ${CONTENT_WRITES_PER_HOUR}/hour (clock ×${SCALE})`,
      "",
      "| content-creating writes | floor (writes ÷ 500/h) | budget hours taken | ratio | slices | issues | limit hits | report |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
      `| ${writes} | ${floor.toFixed(2)} h | ${hours.toFixed(2)} h | ${(hours / floor).toFixed(2)}× | ${slices} | ${issues} | ${fake.limitHits().length} | ${run?.status} “${run?.title}” |`,
      "",
    ];
  } finally {
    writePacer.configure({ limits: null });
    await fake.close();
  }
}

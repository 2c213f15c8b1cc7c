import { pino } from "pino";
import { Probot } from "probot";
import { MemoryTagStore } from "../src/github/memory-tag-store.js";
import { reconcileRepository } from "../src/github/reconcile-repository.js";
import { serverUrlFor } from "../src/github/server-url.js";
import type { GitHub } from "../src/github/types.js";
import { TaskmirrorOctokit } from "../src/octokit.js";
import { ReconcileScheduler } from "../src/ops/reconcile-scheduler.js";
import type { SyncJob } from "../src/queue/job.js";
import { startFakeGitHub, type FakeGitHub } from "../test/support/fake-github/index.js";
import { table, versus } from "./bench-harness.js";

process.env.TASKMIRROR_WRITE_INTERVAL_MS ??= "0";
process.env.TASKMIRROR_CONTENT_INTERVAL_MS ??= "0";

const SIZES = [1, 100, 1000];
const OWNERS = ["acme", "globex"];
const PLAN = "docs/tasks/TASKS-plan.md";
const TEXT = ["# Plan", "", "### TASK-001: Write the parser", "", "- [ ] Parse headings", ""].join("\n");
/** Jobs run at once, as the queue runs repositories in parallel. */
const PARALLEL = 8;
/** The target for an unchanged repository. */
const MAX_REQUESTS_PER_REPOSITORY = 2;
const TOKEN = /\/app\/installations\/[^/]+\/access_tokens$/;

interface Round {
  requests: number;
  probes: number;
  notModified: number;
  writes: number;
  tokens: number;
  overhead: number;
  primaryUsed: number;
  unchanged: number;
}

/**
 * `npm run bench -- reconcile`: what a reconcile round costs for 1, 100 and 1,000 unchanged
 * repositories (two installations) against the fake GitHub — request counts, not times. A
 * priming round syncs every repository once; the measured round is the second.
 */
export async function reconcileBench(): Promise<string[]> {
  const rows: (string | number)[][] = [];
  for (const size of SIZES) {
    const fake = await startFakeGitHub();
    try {
      await seed(fake, size);
      const store = new MemoryTagStore();
      // The first round creates the issues; a sync that wrote keeps no tags, so the second syncs
      // again, writes nothing and keeps them; the third is the one measured.
      await round(fake, store);
      await round(fake, store);
      const measured = await round(fake, store);
      rows.push([
        size,
        measured.unchanged,
        measured.probes,
        measured.notModified,
        versus(Number((measured.probes / size).toFixed(2)), MAX_REQUESTS_PER_REPOSITORY, "≤"),
        versus(measured.writes, 0),
        measured.overhead,
        measured.tokens,
        measured.primaryUsed,
      ]);
    } finally {
      await fake.close();
    }
  }
  return [
    "## reconcile: a round over unchanged repositories (third round; the first two synced them)",
    "",
    ...table(
      ["repositories", "unchanged", "probe requests", "of them 304", "probe requests / repository", "writes", "round overhead (listings, GET /rate_limit)", "token requests", "primary budget used"],
      rows,
      [true, true, true, true, false, false, true, true, true],
    ),
    "",
    "Primary budget: the round's installation requests GitHub counts (304s and GET /rate_limit are free): the repository listings.",
    "",
  ];
}

async function seed(fake: FakeGitHub, size: number): Promise<Map<string, number>> {
  const names = new Map<string, string[]>(OWNERS.map((owner) => [owner, []]));
  for (let i = 0; i < size; i += 1) {
    const owner = OWNERS[i % OWNERS.length]!;
    const name = `repo-${String(i).padStart(4, "0")}`;
    await fake.createRepo({ owner, name, files: { [PLAN]: TEXT } });
    names.get(owner)!.push(name);
  }
  const installations = new Map<string, number>();
  for (const [owner, repos] of names) {
    if (repos.length > 0) installations.set(owner, (await fake.installApp({ owner, repos })).installationId);
  }
  await fake.waitForQuiet({ quietMs: 50 });
  return installations;
}

async function round(fake: FakeGitHub, store: MemoryTagStore): Promise<Round> {
  const log = pino({ level: "silent" });
  const probot = new Probot({ appId: fake.app.id, privateKey: fake.app.privateKey, baseUrl: fake.apiUrl, Octokit: TaskmirrorOctokit, log });
  const clients = new Map<number, Promise<GitHub>>();
  const client = (id: number) => {
    let found = clients.get(id);
    if (!found) clients.set(id, (found = probot.auth(id) as unknown as Promise<GitHub>));
    return found;
  };
  const from = fake.requests().length;
  const jobs: SyncJob[] = [];
  const scheduler = new ReconcileScheduler({
    app: async () => (await probot.auth()) as unknown as GitHub,
    installation: client,
    submit: async (job) => void jobs.push(job),
    intervalMs: 60_000,
    // The priming rounds spend the fake's (unenforced) hourly budget; the round must still run.
    lowRemaining: 0,
    log,
    sleep: async () => undefined,
  });
  await scheduler.runRound();
  const scheduled = fake.requests().length;
  let unchanged = 0;
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const octokit = await client(job.installationId);
        const result = await reconcileRepository(
          { octokit, log, repo: { owner: job.owner, repo: job.repo } },
          { botLogin: `${fake.app.slug}[bot]`, serverUrl: serverUrlFor(octokit), ...(job.defaultBranch ? { defaultBranch: job.defaultBranch } : {}) },
          store,
        );
        if (result.outcome === "unchanged") unchanged += 1;
      }
    }),
  );
  const all = fake.requests().slice(from);
  const probes = fake.requests().slice(scheduled).filter((request) => !TOKEN.test(request.path));
  return {
    requests: all.length,
    probes: probes.length,
    notModified: probes.filter((request) => request.status === 304).length,
    writes: all.filter((request) => request.method !== "GET" && !TOKEN.test(request.path)).length,
    tokens: all.filter((request) => TOKEN.test(request.path)).length,
    overhead: fake.requests().slice(from, scheduled).filter((request) => !TOKEN.test(request.path)).length,
    // What GitHub counts against the installations' primary limits: not a 304, not GET /rate_limit,
    // not the app's JWT (the fake's own count stops at the hourly limit the priming rounds spent).
    primaryUsed: all.filter((request) => request.by !== "app" && request.status !== 304 && request.path !== "/rate_limit" && !TOKEN.test(request.path)).length,
    unchanged,
  };
}

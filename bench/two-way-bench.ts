import { DEFAULT_TICK_DEBOUNCE_MS } from "../src/github/write-back/tick-batcher.js";
import type { RecordedRequest, SnapshotIssue } from "../test/support/fake-github/index.js";
import { LATENCY_MS, readSeed, requestEnd, seconds, startBench, table, tickDebounceMs, versus, type Bench, type Measured } from "./bench-harness.js";

const OWNER = "acme";
const REPO = "traceability";
const DOC = "plans/e2e-traceability.tasks.md";
const SEED = "003_350c1e53366d76d6.txt";
/** The repository's owner: admin, so allowed to write the ticks back. */
const PERSON = OWNER;
const BURST = 20;
const UNTICKED = /^([ \t]*[-*+] )\[ \]/gm;

const CONTENTS_WRITE = (request: RecordedRequest) => request.method === "PUT" && request.route === "/repos/{owner}/{repo}/contents/{path}";

/** The body with its first unticked box ticked, as the web UI writes it. */
function tickFirst(body: string): string {
  let done = false;
  return body.replace(UNTICKED, (match, prefix: string) => {
    if (done) return match;
    done = true;
    return `${prefix}[x]`;
  });
}

function unticked(issue: SnapshotIssue): number {
  return [...(issue.body ?? "").matchAll(UNTICKED)].length;
}

/**
 * The issues `count` ticks go to: round-robin over the mirrored issues of the document, so the
 * burst touches as many issues as it can (each tick takes the first box still unticked).
 */
function planTicks(issues: SnapshotIssue[], count: number): number[] {
  const open = issues.filter((issue) => unticked(issue) > 0).sort((a, b) => a.number - b.number);
  const left = new Map(open.map((issue) => [issue.number, unticked(issue)]));
  const ticks: number[] = [];
  for (let round = 0; ticks.length < count; round++) {
    const before = ticks.length;
    for (const issue of open) {
      if (ticks.length === count) break;
      if ((left.get(issue.number) ?? 0) <= round) continue;
      ticks.push(issue.number);
    }
    if (ticks.length === before) throw new Error(`bench: only ${ticks.length} boxes to tick`);
  }
  return ticks;
}

function issuesOf(bench: Bench): SnapshotIssue[] {
  return bench.repo(`${OWNER}/${REPO}`).issues.filter((issue) => !issue.pull_request);
}

async function tick(bench: Bench, number: number): Promise<void> {
  const issue = issuesOf(bench).find((candidate) => candidate.number === number);
  if (!issue) throw new Error(`bench: no issue #${number}`);
  await bench.fake.editIssue({ owner: OWNER, repo: REPO, number, body: tickFirst(issue.body ?? ""), sender: PERSON });
}

function commitCount(bench: Bench): number {
  return bench.repo(`${OWNER}/${REPO}`).commits.length;
}

interface Scenario {
  measured: Measured;
  commits: number;
  /** From the first tick to the end of the (last) contents write; null when none was made. */
  toCommitMs: number | null;
  /** Boxes ticked in the file by the scenario. */
  ticked: number;
}

async function scenario(bench: Bench, ticks: number[]): Promise<Scenario> {
  const commits = commitCount(bench);
  const before = bench.repo(`${OWNER}/${REPO}`).files[DOC] ?? "";
  let started = 0;
  const measured = await bench.measure(async () => {
    started = Date.now();
    for (const next of ticks) await tick(bench, next);
  });
  const contentWrites = measured.requests.filter(CONTENTS_WRITE);
  const after = bench.repo(`${OWNER}/${REPO}`).files[DOC] ?? "";
  const boxes = (text: string) => (text.match(/\[[xX]\]/g) ?? []).length;
  return {
    measured,
    commits: commitCount(bench) - commits,
    toCommitMs: contentWrites.length ? Math.max(...contentWrites.map(requestEnd)) - started : null,
    ticked: boxes(after) - boxes(before),
  };
}

/** Issue 4, "Demo and benchmark": a person's tick reaching the file, a burst of ticks, the app's own events. */
export async function twoWayBench(): Promise<string[]> {
  const bench = await startBench(0);
  try {
    await bench.fake.createRepo({ owner: OWNER, name: REPO, files: { "README.md": "# Traceability\n", [DOC]: readSeed(SEED) } });
    await bench.fake.installApp({ owner: OWNER, repos: [REPO] });
    await bench.settleAll();
    const deliveriesBefore = bench.fake.deliveries().length;
    bench.fake.setLatency(LATENCY_MS);

    const [first] = planTicks(issuesOf(bench), 1);
    if (!first) throw new Error("bench: nothing to tick");
    const one = await scenario(bench, [first]);
    const burstTicks = planTicks(issuesOf(bench), BURST);
    const burst = await scenario(bench, burstTicks);
    const burstIssues = new Set(burstTicks).size;

    // The app's own commits and issue edits came back as webhooks while the ticks above were
    // written; GitHub can deliver any of them again.
    const bot = `${bench.fake.app.slug}[bot]`;
    const own = bench.fake
      .deliveries()
      .slice(deliveriesBefore)
      .filter((delivery) => (delivery.payload as { sender?: { login?: string } }).sender?.login === bot);
    const replay = await bench.measure(async () => {
      for (const delivery of own) await bench.fake.redeliver(delivery.id);
    });
    const ownKinds = [...new Set(own.map((d) => `${d.event}${d.action ? `.${d.action}` : ""}`))].sort().join(", ");
    bench.assertClean();

    const routes = (s: Scenario, reads: boolean) =>
      Object.entries(s.measured.count.byRoute)
        .filter(([route]) => route.startsWith("GET ") === reads)
        .map(([route, n]) => `${n}× ${route.replace("/repos/{owner}/{repo}", "")}`)
        .join(", ");
    const row = (name: string, s: Scenario, commitTarget: number, ticks: number) => [
      name,
      versus(s.commits, commitTarget),
      `${s.ticked} of ${ticks}`,
      s.toCommitMs === null ? "no commit" : seconds(s.toCommitMs),
      seconds(s.measured.ms),
      `${s.measured.count.reads} + ${s.measured.count.writes}`,
      routes(s, true),
      routes(s, false),
    ];
    return [
      `## Two-way: ticks in the issues of the 35-task seed (${DOC}), the fake answering after ${LATENCY_MS} ms`,
      "",
      `Tick debounce ${tickDebounceMs()} ms (TASKMIRROR_TICK_DEBOUNCE_MS; the app's default is ${DEFAULT_TICK_DEBOUNCE_MS} ms): every time below includes it.`,
      "",
      ...table(
        ["scenario", "commits", "boxes ticked in the file", "first tick → commit written", "first tick → settled", "reads + writes", "reads", "writes"],
        [
          row("(i) a person ticks one box", one, 1, 1),
          row(`(ii) a burst of ${BURST} ticks across ${burstIssues} issues, one edit each, back to back`, burst, 1, BURST),
        ],
        [false, true, true, true, true, true, false, false],
      ),
      "",
      `(iii) the app's own events redelivered (${own.length}: ${ownKinds}): writes ${versus(replay.count.writes, 0)}, reads ${replay.count.reads}.`,
      "",
      "Times: from the first person's edit (the fake sends its webhook within the call) to the end of the contents write /",
      "to the end of the app's last request; the quiet window the bench waits for is not included.",
      "",
    ];
  } finally {
    await bench.close();
  }
}

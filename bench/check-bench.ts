import { parseDocument } from "../src/core/markdown/parse-document.js";
import type { RecordedRequest } from "../test/support/fake-github/index.js";
import { LATENCY_MS, requestEnd, seconds, startBench, table, versus, type Bench, type Measured } from "./bench-harness.js";

const OWNER = "acme";
const DOCUMENTS = 50;
const TASKS_PER_DOCUMENT = 3;
/** The document the pull requests change (counting from 0). */
const CHANGED = 17;
const BLOB_READ = "GET /repos/{owner}/{repo}/git/blobs/{file_sha}";

const pathOf = (n: number) => `docs/tasks/area-${String(n + 1).padStart(2, "0")}.tasks.md`;
const idOf = (n: number, t: number) => `TASK-${String(n + 1).padStart(2, "0")}${t + 1}`;

/**
 * A TASK-heading document whose ids are unique across the repository; the first task of each
 * document depends on the last task of the one before, so validation has to look across files.
 */
function taskDocument(n: number, variant = ""): string {
  const tasks = Array.from({ length: TASKS_PER_DOCUMENT }, (_, t) => {
    const dependency = t > 0 ? idOf(n, t - 1) : n > 0 ? idOf(n - 1, TASKS_PER_DOCUMENT - 1) : "None";
    return [
      `### ${idOf(n, t)}: Area ${n + 1} step ${t + 1}${variant}`,
      `**Priority**: P${(n + t) % 3}  `,
      `**Dependencies**: ${dependency}`,
      "",
      "**Subtasks**:",
      `- [ ] Design step ${t + 1} of area ${n + 1}`,
      `- [ ] Build step ${t + 1} of area ${n + 1}`,
      `- [ ] Test step ${t + 1} of area ${n + 1}`,
      "",
    ].join("\n");
  });
  return `# Area ${n + 1}\n\n${tasks.join("\n---\n\n")}`;
}

function assertValidDocuments(files: Record<string, string>): void {
  const keys = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    if (!path.endsWith(".tasks.md")) continue;
    const doc = parseDocument(path, text);
    if (doc.tasks.length !== TASKS_PER_DOCUMENT || doc.diagnostics.length > 0) throw new Error(`bench: ${path} is not the task document it should be`);
    for (const task of doc.tasks) keys.add(task.key);
  }
  if (keys.size !== DOCUMENTS * TASKS_PER_DOCUMENT) throw new Error("bench: task ids are not unique across the documents");
}

interface CheckResult {
  measured: Measured;
  /** From opening the pull request to the end of the request that completed the run. */
  toCompletedMs: number;
  conclusion: string | null;
  blobReads: number;
  /** What the app's "check run done" log line says. */
  logged: { documents?: number; blobsFetched?: number; changed?: number };
}

const completes = (request: RecordedRequest) =>
  request.method === "PATCH" && request.route === "/repos/{owner}/{repo}/check-runs/{check_run_id}" && (request.body as { status?: string } | null)?.status === "completed";

async function openPullChanging(bench: Bench, repo: string, branch: string): Promise<CheckResult> {
  await bench.fake.push({ owner: OWNER, repo, branch, files: { [pathOf(CHANGED)]: taskDocument(CHANGED, ` (${branch})`) } });
  await bench.settleAll();
  const logsFrom = bench.logs.length;
  let started = 0;
  let number = 0;
  const measured = await bench.measure(async () => {
    started = Date.now();
    number = await bench.fake.openPullRequest({ owner: OWNER, repo, head: branch, title: `Change ${pathOf(CHANGED)}` });
  });
  const completion = measured.requests.filter(completes).at(-1);
  if (!completion) throw new Error("bench: the check run was not completed");
  const state = bench.repo(`${OWNER}/${repo}`);
  const head = state.pulls.find((pull) => pull.number === number)?.head_sha;
  const run = state.check_runs.find((candidate) => candidate.head_sha === head && candidate.name === "taskmirror");
  const done = bench.logs.slice(logsFrom).find((entry) => entry.msg === "check run done") as CheckResult["logged"] | undefined;
  return {
    measured,
    toCompletedMs: requestEnd(completion) - started,
    conclusion: run?.conclusion ?? null,
    blobReads: measured.count.byRoute[BLOB_READ] ?? 0,
    logged: done ?? {},
  };
}

/** Issue 5, "Demo and benchmark": the check run of a pull request changing 1 of 50 task documents. */
export async function checkBench(): Promise<string[]> {
  const repo = "areas";
  const files: Record<string, string> = { "README.md": "# Areas\n" };
  for (let n = 0; n < DOCUMENTS; n++) files[pathOf(n)] = taskDocument(n);
  assertValidDocuments(files);

  const bench = await startBench(0);
  try {
    await bench.fake.createRepo({ owner: OWNER, name: repo, files });
    const install = await bench.measure(() => bench.fake.installApp({ owner: OWNER, repos: [repo] }));
    const issues = bench.repo(`${OWNER}/${repo}`).issues.filter((issue) => !issue.pull_request).length;

    const fast = await openPullChanging(bench, repo, "edit-one");
    bench.fake.setLatency(LATENCY_MS);
    const slow = await openPullChanging(bench, repo, "edit-one-again");
    bench.assertClean();
    const onlyChanged = [fast, slow].every((r) => r.blobReads === 1 && r.logged.blobsFetched === 1);

    const row = (name: string, r: CheckResult) => [
      name,
      r.conclusion ?? "none",
      seconds(r.toCompletedMs),
      `${r.measured.count.reads} + ${r.measured.count.writes}`,
      versus(r.blobReads, 1),
      `${r.logged.blobsFetched ?? "?"} of ${r.logged.documents ?? "?"} (${r.logged.changed ?? "?"} changed)`,
      Object.entries(r.measured.count.byRoute)
        .map(([route, n]) => `${n}× ${route.replace("/repos/{owner}/{repo}", "")}`)
        .join(", "),
    ];
    return [
      `## Check run: a pull request changing 1 of ${DOCUMENTS} task documents (${TASKS_PER_DOCUMENT} tasks each, dependencies across files)`,
      "",
      `Installed and synced first: ${issues} issues, ${install.count.reads} reads + ${install.count.writes} writes (the app's blob cache now holds every document).`,
      "",
      ...table(
        ["fake latency", "conclusion", "PR opened → run completed", "reads + writes", "blobs fetched (target 1)", "app's log: fetched of checked", "requests"],
        [row("0 ms", fast), row(`${LATENCY_MS} ms`, slow)],
        [false, false, true, true, true, true, false],
      ),
      "",
      "- Blobs fetched: the `GET …/git/blobs/…` requests during the check (the changed document's new blob; the others are in",
      "  the app's process-wide blob cache since the install sync).",
      "- Documents parsed: not observable from outside the app. Parsing goes through a cache keyed by path and content, so a",
      "  document is parsed only when its text is new to the process; the fetched blobs are those new texts.",
      onlyChanged
        ? "  Here that is the changed document alone, in both runs. (A freshly started app process would fetch all 50 once: not measured.)"
        : "  **MISSED**: more than the changed document was fetched (see the blob counts).",
      "- Time: from opening the pull request (the fake sends the webhook within the call) to the end of the request that",
      "  completed the run; the quiet window the bench waits for is not included.",
      "",
    ];
  } finally {
    await bench.close();
  }
}

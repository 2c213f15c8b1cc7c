import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROKEN_DOCUMENT } from "../../demo/broken-document.js";
import { demoDocuments } from "../../demo/demo-documents.js";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { parsePrometheusText, sampleSum, type Sample } from "../support/prometheus-text.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

/** Tasks the reader finds in the demo's seed documents (as test/e2e/app-server.test.ts counts them). */
const EXPECTED_SEED_ISSUES = 97;
const OWNER = "acme";
const REPO = "platform";
const METRICS_TOKEN = "e2e-metrics-token-0123";
const DEBOUNCE_MS = 300;

/**
 * What an operator sees of the demo's story (install on the seed repository, a tick in an
 * issue, a pull request with a broken document): the summary line of each delivery and the
 * metrics, scraped from the real server and compared with what the fake GitHub received.
 */
describe("operations end to end: the summary lines and /metrics", () => {
  let fake: FakeGitHub;
  let app: AppProcess;
  let installRequests = 0;

  const repoState = () => fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issues = () => repoState().issues.filter((issue) => !issue.pull_request);
  const logLines = () => app.logLines();
  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return parsePrometheusText(await response.text());
  };
  const settle = () => fake.waitForQuiet({ quietMs: DEBOUNCE_MS + 1500, timeoutMs: 90_000 });

  beforeAll(async () => {
    ({ fake, app } = await startFakeAndApp({ LOG_LEVEL: "info", METRICS_TOKEN, TASKMIRROR_TICK_DEBOUNCE_MS: String(DEBOUNCE_MS) }));
    await fake.createRepo({ owner: OWNER, name: REPO, files: demoDocuments() });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await waitFor(() => logLines().some((line) => line.msg === "delivery done"), "the install's summary line", 120_000);
    await settle();
    installRequests = fake.requests().length;
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("logs one summary line for the install whose reads and writes are what GitHub received", () => {
    const received = fake.requests().slice(0, installRequests);
    // The reconcile scheduler's round at start lists the installation's repositories (and may
    // read its rate limit): the scheduler's requests, not the delivery's.
    const byInstallation = received.filter((r) => r.by !== "app" && !/\/access_tokens$/.test(r.path) && !["/installation/repositories", "/rate_limit"].includes(r.route ?? ""));
    // A GraphQL query reads (the node ids the creates need); a mutation writes.
    const isRead = (r: (typeof byInstallation)[number]) => r.method === "GET" || r.graphql?.operation === "query";
    const writes = byInstallation.filter((r) => !isRead(r)).length;
    const reads = byInstallation.filter(isRead).length;
    const summaries = logLines().filter((line) => line.msg === "delivery done");
    expect(summaries).toHaveLength(1);
    const [install] = summaries;
    const delivery = fake.deliveries().find((d) => d.event === "installation")!;
    expect(install).toMatchObject({ level: 30, repo: `${OWNER}/${REPO}`, event: "installation.created", delivery: delivery.guid, reads, writes });
    expect(issues()).toHaveLength(EXPECTED_SEED_ISSUES);
    // Every operation planned on a repository without issues changes something.
    expect(install!.planned).toBe(install!.applied);
    expect(install!.created).toBe(EXPECTED_SEED_ISSUES);
    expect(install!.durationMs).toEqual(expect.any(Number));
    console.log(`seed install: ${writes} writes and ${reads} reads received by the fake GitHub; the summary line:\n${JSON.stringify(install)}`);
  });

  it("moves every counter by what happened: deliveries, requests, operations, ticks, check runs", async () => {
    // A tick in an issue becomes one commit.
    const target = issues().find((issue) => /- \[ \] /.test(issue.body ?? ""))!;
    const commitsBefore = repoState().commits.length;
    await fake.editIssue({ owner: OWNER, repo: REPO, number: target.number, body: target.body!.replace("- [ ] ", "- [x] "), sender: OWNER });
    await waitFor(() => repoState().commits.length > commitsBefore, "the tick's commit", 60_000);
    await settle();

    // The demo's pull request, which adds a document with four mistakes, fails its check run.
    await fake.push({ owner: OWNER, repo: REPO, branch: "broken", files: { [BROKEN_DOCUMENT.path]: BROKEN_DOCUMENT.text } });
    await settle();
    const number = await fake.openPullRequest({ owner: OWNER, repo: REPO, head: "broken" });
    // (The install's sync report is on the default branch's commit; the pull request's run on its head.)
    const prHead = () => repoState().pulls.find((pull) => pull.number === number)?.head_sha;
    const prRuns = () => repoState().check_runs.filter((run) => run.head_sha === prHead());
    await waitFor(() => prRuns().some((run) => run.conclusion !== null), "the check run", 60_000);
    await settle();
    expect(prRuns().map((run) => [run.name, run.conclusion])).toEqual([["taskmirror", "failure"]]);
    expect(number).toBeGreaterThan(0);

    const refused = await fetch(`${app.url}/metrics`);
    expect(refused.status).toBe(401);
    const samples = await scrape();
    const value = (name: string, labels: Record<string, string> = {}) => sampleSum(samples, name, labels);

    // Deliveries: each one the fake sent, counted once under its event, none failed.
    const sent = new Map<string, number>();
    for (const d of fake.deliveries()) sent.set(d.action ? `${d.event}.${d.action}` : d.event, (sent.get(d.action ? `${d.event}.${d.action}` : d.event) ?? 0) + 1);
    const counted = new Map<string, number>();
    for (const s of samples.filter((s) => s.name === "taskmirror_webhook_deliveries_total" && s.value > 0)) counted.set(s.labels.event!, (counted.get(s.labels.event!) ?? 0) + s.value);
    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(sent));
    expect(value("taskmirror_webhook_deliveries_total", { outcome: "failed" })).toBe(0);
    expect(
      ["installation.created", "issues.edited", "pull_request.opened"].map((event) => value("taskmirror_webhook_deliveries_total", { event, outcome: "done" })),
    ).toEqual([1, 1, 1]);

    // GitHub requests: every request the fake received, by method, route template and status.
    const received = new Map<string, number>();
    for (const r of fake.requests()) received.set(`${r.method} ${r.route} ${r.status}`, (received.get(`${r.method} ${r.route} ${r.status}`) ?? 0) + 1);
    const requested = new Map<string, number>();
    for (const s of samples.filter((s) => s.name === "taskmirror_github_requests_total")) requested.set(`${s.labels.method} ${s.labels.route} ${s.labels.status}`, s.value);
    expect(Object.fromEntries(requested)).toEqual(Object.fromEntries(received));

    // Operations applied, by kind, against what the repository now holds.
    const state = repoState();
    const labels = state.labels.length;
    const subIssues = issues().filter((issue) => issue.parent !== null).length;
    const blockedBy = issues().reduce((sum, issue) => sum + issue.blocked_by.length, 0);
    expect({
      create: value("taskmirror_operations_applied_total", { kind: "create" }),
      "ensure-label": value("taskmirror_operations_applied_total", { kind: "ensure-label" }),
      "link-parent": value("taskmirror_operations_applied_total", { kind: "link-parent" }),
      "add-blocked-by": value("taskmirror_operations_applied_total", { kind: "add-blocked-by" }),
      all: value("taskmirror_operations_applied_total"),
      failed: value("taskmirror_operations_failed_total"),
    }).toEqual({ create: EXPECTED_SEED_ISSUES, "ensure-label": labels, "link-parent": subIssues, "add-blocked-by": blockedBy, all: EXPECTED_SEED_ISSUES + labels + subIssues + blockedBy, failed: 0 });

    // One sync (the install; the app's own tick commit is not synced), one tick commit, one check run.
    expect(value("taskmirror_sync_duration_seconds_count", { outcome: "applied" })).toBe(1);
    expect(value("taskmirror_sync_duration_seconds_count")).toBe(1);
    expect(value("taskmirror_tick_writebacks_total", { outcome: "committed" })).toBe(1);
    expect(value("taskmirror_tick_writebacks_total")).toBe(1);
    expect(value("taskmirror_check_runs_total", { conclusion: "failure" })).toBe(1);
    expect(value("taskmirror_check_runs_total")).toBe(1);
    // The task documents were read twice: by the install's sync and by the check run.
    expect(value("taskmirror_parse_duration_seconds_count")).toBe(2);
    expect(value("taskmirror_parsed_documents_total")).toBe(5 + 6);
    expect(value("taskmirror_rate_limit_waits_total")).toBe(0);
    expect([value("taskmirror_queue_depth", { state: "waiting" }), value("taskmirror_queue_depth", { state: "running" })]).toEqual([0, 0]);
    expect(value("taskmirror_queue_wait_seconds_count")).toBeGreaterThanOrEqual(4);

    // Node's process metrics.
    expect(samples.some((s) => s.name === "process_cpu_seconds_total")).toBe(true);
    expect(samples.some((s) => s.name === "nodejs_eventloop_lag_seconds")).toBe(true);

    // The summary lines: one per delivery that had work, with the counts.
    const summaries = logLines().filter((line) => line.msg === "delivery done");
    expect(summaries.map((line) => [line.event, line.planned, line.applied])).toEqual([
      ["installation.created", value("taskmirror_operations_applied_total"), value("taskmirror_operations_applied_total")],
      ["issues.edited", 1, 0],
      ["pull_request.opened", 1, 0],
    ]);
    expect(summaries[2]).toMatchObject({ conclusion: "failure", writes: 2 });
    expect(logLines().filter((line) => line.level >= 50)).toEqual([]);
    expect(fake.violations()).toEqual([]);
  });
});

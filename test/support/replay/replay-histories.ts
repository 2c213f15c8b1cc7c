import { findBlock } from "../../../src/core/render/find-block.js";
import { parseMarker } from "../../../src/core/render/marker.js";
import { repoQueue } from "../../../src/queue/repo-queue.js";
import { startAppHarness, type AppHarness } from "../../integration/app-harness.js";
import type { Delivery } from "../fake-github/index.js";
import { IdentityLedger, type IssueEvent, type ObservedIssue } from "./identity-ledger.js";
import { personViews, type PersonView } from "./person-views.js";
import type { History, ReplayResult, StepResult } from "./types.js";

const REPO = "tasks";

interface Run {
  history: History;
  owner: string;
  views: PersonView[];
  ledger: IdentityLedger;
  steps: StepResult[];
  installation?: number;
}

/**
 * Replays histories through the real app (Probot with its handlers, in this process) against
 * the fake GitHub. Each history is its own account and repository: the repository is created
 * holding the first version and the app installed on it (a full sync), then each later version
 * is one real push of the files that changed — a moved file is deleted and added in the same
 * push, as `git mv` pushes it. After every step the fake's webhooks and issues are read and
 * compared with the person's view; after the last, each installation is delivered again (a
 * full resync), which must write nothing.
 *
 * The histories advance together, one step each per round: the app's request pacing waits on
 * timers more than it computes (~25 ms of Bottleneck per request), and repositories of
 * different installations run in parallel (as the app runs them), so their waits overlap (four
 * histories: 19 s together, 23 s one after another, on a loaded machine). Every round ends when
 * the whole app is idle, so no step sees another step's work.
 */
export async function replayHistories(histories: History[]): Promise<ReplayResult[]> {
  const runs: Run[] = histories.map((history, index) => {
    const views = personViews(history);
    checkIdealCreates(history, views);
    // Distinct accounts: the fake allows one installation per account.
    return { history, owner: `replay-${index + 1}`, views, ledger: new IdentityLedger(), steps: [] };
  });
  const app = await startAppHarness();
  try {
    let seen = 0;
    const rounds = Math.max(...histories.map((history) => history.steps.length));
    for (let round = 0; round < rounds; round++) {
      const active = runs.filter((run) => round < run.history.steps.length);
      await Promise.all(active.map((run) => takeStep(app, run, round)));
      await settle(app);
      const deliveries = app.fake.deliveries();
      const fresh = deliveries.slice(seen);
      seen = deliveries.length;
      const issues = observeIssues(app);
      for (const run of active) {
        const step = run.history.steps[round] as History["steps"][number];
        const events = fresh.flatMap((delivery) => issueEvent(delivery, `${run.owner}/${REPO}`));
        const actual = run.ledger.observe(run.views[round] as PersonView, issues.get(`${run.owner}/${REPO}`) ?? [], events);
        run.steps.push({ name: step.name, note: step.note, ideal: step.ideal, actual });
      }
    }

    const from = app.fake.requests().length;
    const installs = app.fake.deliveries().filter((delivery) => delivery.event === "installation" && !delivery.redelivery);
    for (const install of installs) await app.fake.redeliver(install.id);
    await settle(app);
    const writes = app.writesSince(from);
    const errors = app.logs.filter((entry) => entry.level >= 50);
    const violations = app.fake.violations();

    return runs.map((run) => {
      const mine = (path: string) => path.includes(`/repos/${run.owner}/${REPO}/`) || path.endsWith(`/repos/${run.owner}/${REPO}`);
      // What names no repository (a token request, a log line without one) is every history's.
      const anyones = (path: string) => !path.includes("/repos/");
      return {
        name: run.history.name,
        title: run.history.title,
        steps: run.steps,
        pushes: run.history.steps.length - 1,
        resyncWrites: writes.filter((request) => mine(request.path)).map((request) => `${request.method} ${request.route ?? request.path}`),
        violations: violations.filter((violation) => mine(violation.path) || anyones(violation.path)),
        errors: errors.filter((entry) => entry.repo === `${run.owner}/${REPO}` || typeof entry.repo !== "string").map((entry) => entry.msg),
      };
    });
  } finally {
    await app.close();
  }
}

async function takeStep(app: AppHarness, run: Run, index: number): Promise<void> {
  const { history, owner } = run;
  const step = history.steps[index] as History["steps"][number];
  if (index === 0) {
    await app.fake.createRepo({ owner, name: REPO, files: step.files });
    await app.fake.installApp({ owner, repos: [REPO] });
    return;
  }
  const files = changedFiles((history.steps[index - 1] as History["steps"][number]).files, step.files);
  if (Object.keys(files).length === 0) throw new Error(`${history.name}/${step.name}: no file changed since the step before`);
  await app.fake.push({ owner, repo: REPO, files, message: step.note || `Replay ${step.name}` });
}

/**
 * A step's ideal creates are the tasks a person sees for the first time; a history that says
 * otherwise is mistaken, so it is refused before anything runs.
 */
function checkIdealCreates(history: History, views: PersonView[]): void {
  const seen = new Set<string>();
  history.steps.forEach((step, index) => {
    const persons = [...(views[index] as PersonView).keyOfPerson.keys()];
    const fresh = persons.filter((person) => !seen.has(person));
    for (const person of persons) seen.add(person);
    if (fresh.length !== step.ideal.created) {
      throw new Error(`${history.name}/${step.name}: expects ${step.ideal.created} created, but ${fresh.length} tasks appear for the first time: ${fresh.join(", ")}`);
    }
  });
}

/** The push that turns one version into the next: changed and added files, and deletions. */
function changedFiles(before: Record<string, string>, after: Record<string, string>): Record<string, string | null> {
  const files: Record<string, string | null> = {};
  for (const [path, text] of Object.entries(after)) if (before[path] !== text) files[path] = text;
  for (const path of Object.keys(before)) if (!(path in after)) files[path] = null;
  return files;
}

/**
 * Until the app has nothing left to do: no request in flight, no webhook waiting, no queued job.
 * A short quiet window suffices here, since a replay makes no tick the app would debounce.
 */
async function settle(app: AppHarness): Promise<void> {
  do {
    await app.fake.waitForQuiet({ quietMs: 25, timeoutMs: 120_000 });
    await repoQueue.onIdle();
  } while (repoQueue.busyRepositories > 0);
  await app.fake.waitForQuiet({ quietMs: 25, timeoutMs: 120_000 });
}

function issueEvent(delivery: Delivery, fullName: string): IssueEvent[] {
  if (delivery.event !== "issues" || delivery.action === null || delivery.redelivery) return [];
  const payload = delivery.payload as {
    repository?: { full_name?: string };
    issue?: { number?: number; state_reason?: string | null; pull_request?: unknown };
    changes?: { title?: unknown };
  };
  if (payload.repository?.full_name !== fullName || payload.issue?.number === undefined || payload.issue.pull_request !== undefined) return [];
  return [{ action: delivery.action, number: payload.issue.number, stateReason: payload.issue.state_reason ?? null, titleChanged: payload.changes?.title !== undefined }];
}

/** Every repository's issues, with the key and path of their markers. */
function observeIssues(app: AppHarness): Map<string, ObservedIssue[]> {
  return new Map(
    app.fake.snapshot().repositories.map((repo) => [
      repo.full_name,
      repo.issues
        .filter((issue) => !issue.pull_request)
        .map((issue) => {
          const body = issue.body ?? "";
          const marker = parseMarker(body);
          const block = findBlock(body);
          return {
            number: issue.number,
            title: issue.title,
            state: issue.state === "closed" ? ("closed" as const) : ("open" as const),
            stateReason: issue.state_reason,
            generated: block === null ? body : body.slice(block.start, block.end),
            key: marker?.key ?? null,
            path: marker?.path ?? null,
          };
        }),
    ]),
  );
}

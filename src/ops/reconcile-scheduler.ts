import { PAGE_SIZE_MAX } from "../core/limits.js";
import type { GitHub, Log } from "../github/types.js";
import type { SyncJob } from "../queue/job.js";
import { planReconcileRound, type InstallationRepositories } from "./plan-reconcile-round.js";

export interface ReconcileSchedulerOptions {
  /** The app's client, with its JWT: the installations. */
  app: () => Promise<GitHub>;
  /** An installation's client: its repositories and its rate limit. */
  installation: (installationId: number) => Promise<GitHub>;
  /** Records a job (the JobQueue's `submit`). */
  submit: (job: SyncJob) => Promise<void>;
  /**
   * Jobs waiting in the queue, of any kind. Reconcile jobs are submitted only while fewer than
   * `maxWaiting` wait, so webhook work submitted meanwhile is never behind a round's backlog.
   */
  waiting?: () => number | Promise<number>;
  /** TASKMIRROR_RESYNC_INTERVAL in ms (`parseResyncInterval`). */
  intervalMs: number;
  /** Default 5. */
  maxWaiting?: number;
  /** An installation whose remaining primary budget falls under this fraction of its limit is left for the next round. Default 0.2. */
  lowRemaining?: number;
  /** Runs at the start of each round, before its submissions (the redelivery of failed webhooks). */
  onRound?: () => Promise<unknown>;
  log: Log;
  random?: () => number;
  now?: () => number;
  /** Waits `ms` or until `signal` aborts (tests replace it). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface RoundReport {
  installations: number;
  repositories: number;
  submitted: number;
  /** Repositories left for the next round because their installation's budget ran low. */
  deferred: number;
  /** Installations whose listing failed (logged). */
  failed: number;
}

/** How long a reading of an installation's budget is trusted before `GET /rate_limit` is asked again. */
const RATE_CHECK_MS = 60_000;
/** How often a full queue is looked at again. */
const BACKLOG_POLL_MS = 1000;

/**
 * Level-triggered: webhooks are hints, and this makes sure that every repository of every
 * installation converges even when one was missed. At start, and then every `intervalMs`,
 * each repository gets a `reconcile` SyncJob (whose run probes first: `reconcileRepository`),
 * spread over the interval and interleaved across installations (`planReconcileRound`), paced
 * behind the queue, and held back for an installation whose rate limit runs low — a reconcile
 * is never worth a webhook's work being refused.
 */
export class ReconcileScheduler {
  readonly #options: ReconcileSchedulerOptions;
  readonly #stop = new AbortController();
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  #loop: Promise<void> | undefined;

  constructor(options: ReconcileSchedulerOptions) {
    this.#options = options;
    this.#sleep = options.sleep ?? sleep;
    this.#now = options.now ?? Date.now;
  }

  /** Starts the first round now and the next ones every interval (a late round delays the next). */
  start(): void {
    this.#loop ??= (async () => {
      const { signal } = this.#stop;
      while (!signal.aborted) {
        const started = this.#now();
        try {
          await this.runRound();
        } catch (error) {
          if (!signal.aborted) this.#options.log.error({ err: error }, "reconcile round failed");
        }
        await this.#sleep(Math.max(0, started + this.#options.intervalMs - this.#now()), signal);
      }
    })();
  }

  /** Stops: no more submissions; the jobs already submitted are the queue's. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
  }

  /** One round: every repository of every installation, across the interval. */
  async runRound(): Promise<RoundReport> {
    const { log, intervalMs } = this.#options;
    const { signal } = this.#stop;
    const started = this.#now();
    try {
      await this.#options.onRound?.();
    } catch (error) {
      log.error({ err: error }, "reconcile: the start-of-round work failed");
    }
    const budgets = new Map<number, Budget>();
    const { installations, failed } = await this.#listInstallations(budgets);
    const slots = planReconcileRound(installations, intervalMs, this.#options.random);
    const report: RoundReport = { installations: installations.length, repositories: slots.length, submitted: 0, deferred: 0, failed };
    log.info({ installations: installations.length, repositories: slots.length, intervalMs }, "reconcile round started");
    const deferred = new Set<number>();
    for (const slot of slots) {
      if (signal.aborted) break;
      if (deferred.has(slot.installationId)) {
        report.deferred += 1;
        continue;
      }
      await this.#sleep(Math.max(0, started + slot.at - this.#now()), signal);
      await this.#untilRoom(signal);
      if (signal.aborted) break;
      const budget = await this.#budget(slot.installationId, budgets);
      if (budget !== undefined && budget.remaining < budget.limit * (this.#options.lowRemaining ?? 0.2)) {
        deferred.add(slot.installationId);
        report.deferred += 1;
        log.warn({ installation: slot.installationId, remaining: budget.remaining, limit: budget.limit }, "reconcile: rate limit low, the installation's other repositories wait for the next round");
        continue;
      }
      const repository = `${slot.owner}/${slot.repo}`;
      await this.#options.submit({
        kind: "sync",
        reason: "reconcile",
        // One id per repository: a reconcile of a repository that already has one waiting is not queued twice.
        id: `sync:${repository}`.toLowerCase(),
        installationId: slot.installationId,
        owner: slot.owner,
        repo: slot.repo,
        ...(slot.defaultBranch === undefined ? {} : { defaultBranch: slot.defaultBranch }),
        submittedAt: this.#now(),
      });
      report.submitted += 1;
    }
    log.info({ ...report }, "reconcile round submitted");
    return report;
  }

  async #listInstallations(budgets: Map<number, Budget>): Promise<{ installations: InstallationRepositories[]; failed: number }> {
    const app = await this.#options.app();
    const listed = await app.paginate("GET /app/installations", { per_page: PAGE_SIZE_MAX });
    const installations: InstallationRepositories[] = [];
    let failed = 0;
    for (const installation of listed) {
      if (installation.suspended_at) continue;
      try {
        const octokit = await this.#options.installation(installation.id);
        const repositories: InstallationRepositories["repositories"][number][] = [];
        for await (const page of octokit.paginate.iterator("GET /installation/repositories", { per_page: PAGE_SIZE_MAX })) {
          const budget = budgetOf(page.headers, this.#now());
          if (budget) budgets.set(installation.id, budget);
          for (const repository of page.data) {
            if (repository.archived) continue;
            repositories.push({ owner: repository.owner.login, repo: repository.name, defaultBranch: repository.default_branch });
          }
        }
        installations.push({ installationId: installation.id, repositories });
      } catch (error) {
        failed += 1;
        this.#options.log.error({ err: error, installation: installation.id }, "reconcile: listing the installation's repositories failed");
      }
    }
    return { installations, failed };
  }

  /** The installation's primary budget, read again (for free) when the last reading is older than a minute. */
  async #budget(installationId: number, budgets: Map<number, Budget>): Promise<Budget | undefined> {
    const known = budgets.get(installationId);
    if (known !== undefined && this.#now() - known.at < RATE_CHECK_MS) return known;
    try {
      const octokit = await this.#options.installation(installationId);
      // "Accessing this endpoint does not count against your REST API rate limit" (REST: Rate limit).
      const { data } = await octokit.request("GET /rate_limit");
      const fresh = { limit: data.resources.core.limit, remaining: data.resources.core.remaining, at: this.#now() };
      budgets.set(installationId, fresh);
      return fresh;
    } catch (error) {
      this.#options.log.warn({ err: error, installation: installationId }, "reconcile: could not read the rate limit");
      return known;
    }
  }

  async #untilRoom(signal: AbortSignal): Promise<void> {
    const { waiting, maxWaiting = 5 } = this.#options;
    if (!waiting) return;
    while (!signal.aborted && (await waiting()) >= maxWaiting) await this.#sleep(BACKLOG_POLL_MS, signal);
  }
}

interface Budget {
  limit: number;
  remaining: number;
  at: number;
}

function budgetOf(headers: Record<string, unknown>, at: number): Budget | undefined {
  const limit = Number(headers["x-ratelimit-limit"]);
  const remaining = Number(headers["x-ratelimit-remaining"]);
  return headers["x-ratelimit-remaining"] !== undefined && Number.isFinite(limit) && Number.isFinite(remaining) ? { limit, remaining, at } : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

import type { Context, Probot } from "probot";
import { loadBotLogin } from "../github/load-bot-login.js";
import { deliveryScope } from "../ops/delivery-scope.js";
import { eventOf } from "../ops/event-of.js";
import type { Job, JobBase } from "../queue/job.js";
import type { JobQueue } from "../queue/job-queue.js";
import { JournalJobQueue } from "../queue/journal-job-queue.js";
import { memoryJournal } from "../queue/memory-journal.js";
import { repoQueue, type RepoQueue } from "../queue/repo-queue.js";

export type { WorkReport } from "../ops/run-delivery.js";

/** What every webhook handler shares, created once in src/index.ts. */
export interface HandlerDeps {
  /** Where handlers record their work; it runs later, from there (src/handlers/job-runner.ts). */
  jobs: JobQueue;
  /** The per-repository lanes the jobs and the tick batcher's writes run on. */
  queue: RepoQueue;
  /** The app's bot login, read once (`GET /app`) and kept for the life of the process. */
  botLogin: () => Promise<string>;
}

export interface HandlerDepsOptions {
  /** The durable queue (src/main.ts); without one, a journal in memory: tests, a bare `probot.load`. */
  jobs?: JobQueue;
  queue?: RepoQueue;
}

export function createHandlerDeps(app: Probot, options: HandlerDepsOptions = {}): HandlerDeps {
  const queue = options.queue ?? repoQueue;
  let login: Promise<string> | undefined;
  return {
    jobs: options.jobs ?? new JournalJobQueue({ journal: memoryJournal(), log: app.log, lanes: queue }),
    queue,
    botLogin: () => {
      login ??= app.auth().then(loadBotLogin);
      // A failed lookup is not kept: the next event asks again.
      login.catch(() => {
        login = undefined;
      });
      return login;
    },
  };
}

/**
 * What a job of a delivery takes from its webhook: id, installation, repository, sender. Null
 * for a delivery that names no installation (nothing to act as): the handler drops it.
 */
export function jobBaseOf(
  context: Pick<Context, "id" | "name" | "payload" | "log">,
  part: string,
  repository: { owner: string; repo: string; defaultBranch?: string },
  sender: string | undefined,
): JobBase | null {
  const installationId = (context.payload as { installation?: { id?: number } }).installation?.id;
  if (typeof installationId !== "number") {
    context.log.debug({ delivery: context.id }, `${context.name}: no installation to act as`);
    return null;
  }
  return {
    // Delivery GUID + part: a redelivered webhook is the same job, and a queue holds it once.
    id: `${context.id}:${part}`,
    installationId,
    owner: repository.owner,
    repo: repository.repo,
    delivery: { id: context.id, event: eventOf(context) },
    ...(sender !== undefined ? { sender } : {}),
    ...(repository.defaultBranch !== undefined ? { defaultBranch: repository.defaultBranch } : {}),
    submittedAt: Date.now(),
  };
}

/**
 * Records a delivery's work; resolves once it is recorded, so the webhook is answered only
 * then. It runs later with its summary line (`runDelivery`, in the job runner).
 */
export async function submitJob(deps: HandlerDeps, job: Job): Promise<void> {
  deliveryScope.markQueued();
  await deps.jobs.submit(job);
}

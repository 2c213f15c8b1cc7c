import type { Context, Logger, Probot } from "probot";
import { loadBotLogin } from "../github/load-bot-login.js";
import type { Submit } from "../github/sync-with-report.js";
import type { GitHub } from "../github/types.js";
import { deliveryScope } from "../ops/delivery-scope.js";
import { eventOf } from "../ops/event-of.js";
import { runDelivery, type DeliveryRef, type WorkReport } from "../ops/run-delivery.js";
import { repoQueue, type RepoQueue } from "../queue/repo-queue.js";
import { localSubmit } from "./local-submit.js";

export type { WorkReport } from "../ops/run-delivery.js";

/** What every webhook handler shares, created once in src/index.ts. */
export interface HandlerDeps {
  queue: RepoQueue;
  /** The app's bot login, read once (`GET /app`) and kept for the life of the process. */
  botLogin: () => Promise<string>;
  /** Where sync jobs go that run later: a budgeted sync's continuation, a "Resync" press. */
  submit: Submit;
}

export function createHandlerDeps(app: Probot, queue: RepoQueue = repoQueue): HandlerDeps {
  let login: Promise<string> | undefined;
  const botLogin = () => {
    login ??= app.auth().then(loadBotLogin);
    // A failed lookup is not kept: the next event asks again.
    login.catch(() => {
      login = undefined;
    });
    return login;
  };
  return { queue, botLogin, submit: localSubmit(app, queue, botLogin) };
}

/** The delivery a handler's work belongs to: for the summary line and the metrics. */
export function deliveryOf(context: Pick<Context, "id" | "name" | "payload" | "octokit">): DeliveryRef {
  return { id: context.id, event: eventOf(context), octokit: context.octokit as GitHub };
}

/** What a handler queues: the event's repository, who sent it, and the event's name for the logs. */
export interface QueuedEvent {
  repository: string;
  sender: string | undefined;
  name: string;
  delivery: DeliveryRef;
}

/**
 * Queues a delivery's work on the repository's lane, where it runs with its summary line
 * (`runDelivery`). Work that returns nothing had nothing to do.
 */
export function enqueueDelivery(deps: HandlerDeps, repository: string, delivery: DeliveryRef, log: Logger, work: () => Promise<WorkReport | undefined>): void {
  deliveryScope.markQueued();
  deps.queue.enqueue(repository, () => runDelivery(delivery, log, work), log);
}

/**
 * Queues a handler's work on the repository's lane. Events the app's own writes caused are
 * dropped there, once the bot login is known: the first half of "no loops".
 */
export function enqueueUnlessOwnEvent(
  deps: HandlerDeps,
  event: QueuedEvent,
  log: Logger,
  work: (botLogin: string) => Promise<WorkReport | undefined>,
): void {
  enqueueDelivery(deps, event.repository, event.delivery, log, async () => {
    const botLogin = await deps.botLogin();
    if (event.sender === botLogin) {
      log.debug(`${event.name}: sent by the app itself`);
      return undefined;
    }
    return work(botLogin);
  });
}

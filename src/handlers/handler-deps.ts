import type { Logger, Probot } from "probot";
import { loadBotLogin } from "../github/load-bot-login.js";
import { repoQueue, type RepoQueue } from "../queue/repo-queue.js";

/** What every webhook handler shares, created once in src/index.ts. */
export interface HandlerDeps {
  queue: RepoQueue;
  /** The app's bot login, read once (`GET /app`) and kept for the life of the process. */
  botLogin: () => Promise<string>;
}

export function createHandlerDeps(app: Probot, queue: RepoQueue = repoQueue): HandlerDeps {
  let login: Promise<string> | undefined;
  return {
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

/** What a handler queues: the event's repository, who sent it, and the event's name for the logs. */
export interface QueuedEvent {
  repository: string;
  sender: string | undefined;
  name: string;
}

/**
 * Queues a handler's work on the repository's lane. Events the app's own writes caused are
 * dropped there, once the bot login is known: the first half of "no loops".
 */
export function enqueueUnlessOwnEvent(deps: HandlerDeps, event: QueuedEvent, log: Logger, work: (botLogin: string) => Promise<void>): void {
  deps.queue.enqueue(
    event.repository,
    async () => {
      const botLogin = await deps.botLogin();
      if (event.sender === botLogin) {
        log.debug(`${event.name}: sent by the app itself`);
        return;
      }
      await work(botLogin);
    },
    log,
  );
}

import type { Probot } from "probot";
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

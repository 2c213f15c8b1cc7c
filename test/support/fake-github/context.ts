import type { KeyObject } from "node:crypto";
import type { FakeState } from "./fake-state.js";
import type { Account } from "./types.js";
import type { WebhookSender } from "./webhook-sender.js";

/** The GitHub App the fake hosts: the one app under test. */
export interface AppIdentity {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  clientId: string;
  owner: Account;
  bot: Account;
  privateKey: string;
  publicKey: KeyObject;
  webhookSecret: string;
  createdAt: string;
  permissions: Record<string, string>;
  events: string[];
}

/** Absolute URLs as GitHub Enterprise Server spells them: the API under `/api/v3`. */
export class Urls {
  constructor(readonly base: string) {}

  get api(): string {
    return `${this.base}/api/v3`;
  }

  apiPath(path: string): string {
    return `${this.api}${path}`;
  }

  html(path: string): string {
    return `${this.base}${path}`;
  }
}

/** Ways in which a real GitHub has been seen to differ from its documentation. */
export interface Quirks {
  /**
   * `creator=<bot login>` on `GET /repos/{owner}/{repo}/issues` matches NOTHING when the login
   * is a bot's, while the bot's issues exist and every other filter finds them — as seen on
   * GitHub Enterprise Cloud (renovatebot/renovate #44730 and #12948: each run then created a
   * duplicate of every issue it owned).
   */
  creatorFilterIgnoresBots?: boolean;
}

/** What every route handler, renderer and action works with. */
export interface FakeContext {
  state: FakeState;
  app: AppIdentity;
  urls: Urls;
  webhooks: WebhookSender;
  quirks: Quirks;
}

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

/** What every route handler, renderer and action works with. */
export interface FakeContext {
  state: FakeState;
  app: AppIdentity;
  urls: Urls;
  webhooks: WebhookSender;
}

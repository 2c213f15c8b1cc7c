import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, expect } from "vitest";
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from "../../support/fake-github/index.js";
import { OpenApiCheck } from "../../support/fake-github/openapi-check.js";
import { startReceiver, WEBHOOK_SECRET, type FakeProblems, type Receiver } from "./fake-harness.js";

export interface Installed {
  octokit: Octokit;
  installationId: number;
  /** `octokit.graphql` of this installation. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface GraphqlHarness {
  fake: FakeGitHub;
  receiver: Receiver;
  /** The app on the organization `acme-org`, with its repository `board`. */
  org: Installed;
  /** The app on the user `sam`, with the repository `notes`. */
  user: Installed;
  /** Hooks received so far, as `event.action`. */
  events(): string[];
  /** What the received hooks break of GitHub's webhook schemas. */
  webhookProblems(): string[];
  close(): Promise<void>;
}

function installed(fake: FakeGitHub, installationId: number): Installed {
  const octokit = new Octokit({
    baseUrl: fake.apiUrl,
    authStrategy: createAppAuth,
    auth: { appId: fake.app.id, privateKey: fake.app.privateKey, installationId },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return { octokit, installationId, graphql: (query, variables = {}) => octokit.graphql(query, variables) };
}

/**
 * A fake GitHub (answers checked against GitHub's response schemas) with the app installed on
 * an organization and on a user, each with one repository, and clients that reach GraphQL the
 * way Octokit does on GitHub Enterprise Server (`/api/v3` → `/api/graphql`).
 */
export async function startGraphqlHarness(options: FakeGitHubOptions = {}): Promise<GraphqlHarness> {
  const receiver = await startReceiver();
  const fake = await startFakeGitHub({ checkResponses: true, webhook: { url: receiver.url, secret: WEBHOOK_SECRET }, ...options });
  await fake.createRepo({ owner: "acme-org", ownerType: "Organization", name: "board", files: { "README.md": "# Board\n" } });
  await fake.createRepo({ owner: "sam", name: "notes", files: { "README.md": "# Notes\n" } });
  const org = await fake.installApp({ owner: "acme-org", repos: ["board"] });
  const user = await fake.installApp({ owner: "sam", repos: ["notes"] });
  return {
    fake,
    receiver,
    org: installed(fake, org.installationId),
    user: installed(fake, user.installationId),
    events: () => receiver.received.map((hook) => `${String(hook.headers["x-github-event"])}${typeof hook.payload.action === "string" ? `.${hook.payload.action}` : ""}`),
    webhookProblems: () => {
      const check = new OpenApiCheck();
      return receiver.received.flatMap((hook) => {
        const event = String(hook.headers["x-github-event"]);
        const action = typeof hook.payload.action === "string" ? hook.payload.action : undefined;
        return check.checkWebhook(event, action, hook.payload).map((problem) => `${event}.${action ?? ""}: ${problem}`);
      });
    },
    async close() {
      await fake.close();
      await receiver.close();
    },
  };
}

/** A fresh harness for every test of the calling file, checked for `expectNone` after each. */
export function useGraphqlHarness({ expectNone = ["violations", "responseProblems"], options = {} }: { expectNone?: FakeProblems[]; options?: FakeGitHubOptions } = {}): GraphqlHarness & {
  restart(options: FakeGitHubOptions): Promise<void>;
} {
  const live = {
    async restart(next: FakeGitHubOptions) {
      await live.close();
      Object.assign(live, await startGraphqlHarness(next));
    },
  } as GraphqlHarness & { restart(options: FakeGitHubOptions): Promise<void> };
  beforeEach(async () => {
    Object.assign(live, await startGraphqlHarness(options));
  });
  afterEach(async () => {
    for (const problems of expectNone) expect(live.fake[problems]()).toEqual([]);
    await live.close();
  });
  return live;
}

/** The GraphQL error an Octokit call failed with (GitHub's `errors`, and the `data` beside them). */
export async function graphqlFailure(call: Promise<unknown>): Promise<{ errors: Array<Record<string, unknown>>; data: unknown }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { errors?: Array<Record<string, unknown>>; data?: unknown };
    if (failure.errors !== undefined) return { errors: failure.errors, data: failure.data };
    throw error;
  }
  throw new Error("the GraphQL call succeeded");
}

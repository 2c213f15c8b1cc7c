import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, expect } from "vitest";
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from "../../support/fake-github/index.js";

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  raw: string;
  payload: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  close(): Promise<void>;
}

/** A stand-in for the app's webhook endpoint: records every delivery and answers `status`. */
export async function startReceiver(status = 202): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: request.headers, raw, payload: JSON.parse(raw) as Record<string, unknown> });
      response.writeHead(status).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/github/webhooks`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const WEBHOOK_SECRET = "fake-github-test-secret";

export interface Harness {
  fake: FakeGitHub;
  octokit: Octokit;
  installationId: number;
  receiver: Receiver;
  /** Hooks received so far, as `event.action` strings. */
  events(): string[];
  close(): Promise<void>;
}

/**
 * A fake GitHub that checks its own answers against GitHub's response schemas, with
 * `acme/widgets` created and the app installed, an `@octokit/rest` client authenticated as
 * the installation, and a receiver for the webhooks.
 */
export async function startHarness(files: Record<string, string> = { "docs/tasks.md": "# Tasks\n\n- [ ] TASK-1 Write it\n", "README.md": "# Widgets\n" }, options: FakeGitHubOptions = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const fake = await startFakeGitHub({ checkResponses: true, webhook: { url: receiver.url, secret: WEBHOOK_SECRET }, ...options });
  await fake.createRepo({ owner: "acme", name: "widgets", files });
  const { installationId } = await fake.installApp({ owner: "acme", repos: ["widgets"] });
  const octokit = new Octokit({
    baseUrl: fake.apiUrl,
    authStrategy: createAppAuth,
    auth: { appId: fake.app.id, privateKey: fake.app.privateKey, installationId },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return {
    fake,
    octokit,
    installationId,
    receiver,
    events: () => receiver.received.map((hook) => `${String(hook.headers["x-github-event"])}${typeof hook.payload.action === "string" ? `.${hook.payload.action}` : ""}`),
    async close() {
      await fake.close();
      await receiver.close();
    },
  };
}

/** What the fake records as wrong: a request GitHub would refuse, or an answer GitHub would not give. */
export type FakeProblems = "violations" | "responseProblems";

export interface LiveHarness extends Harness {
  /** Closes this test's harness and starts another on the same files with `options`. */
  restart(options: FakeGitHubOptions): Promise<void>;
}

/**
 * Gives each test of the calling file a fresh harness on `files`, and after each test expects
 * the fake to have recorded none of `expectNone` before closing it. A file that provokes
 * violations or injects failures on purpose leaves that kind out. The returned object is
 * refilled before every test, so `h.fake`, `h.octokit`… are always the current test's.
 */
export function useHarness({ files, expectNone = ["violations", "responseProblems"] }: { files?: Record<string, string>; expectNone?: FakeProblems[] } = {}): LiveHarness {
  const live = {
    async restart(options: FakeGitHubOptions) {
      await live.close();
      Object.assign(live, await startHarness(files, options));
    },
  } as LiveHarness;
  beforeEach(async () => {
    Object.assign(live, await startHarness(files));
  });
  afterEach(async () => {
    for (const problems of expectNone) expect(live.fake[problems]()).toEqual([]);
    await live.close();
  });
  return live;
}

/** The status of a failed Octokit call (or 0 when it did not fail). */
export async function statusOf(call: Promise<unknown>): Promise<{ status: number; message: string; body: unknown }> {
  try {
    await call;
    return { status: 0, message: "", body: undefined };
  } catch (error) {
    const failure = error as { status?: number; response?: { data?: { message?: string } } };
    return { status: failure.status ?? -1, message: failure.response?.data?.message ?? "", body: failure.response?.data };
  }
}

export interface Outcome {
  /** The HTTP status answered; 0 when no answer came (the connection was reset or dropped). */
  status: number;
  message: string;
  headers: Record<string, string | number | undefined>;
}

/** How an Octokit call ended. Octokit reports a connection without an answer as a 500 without a response. */
export async function outcomeOf(call: Promise<{ status: number; headers: Record<string, string | number | undefined> }>): Promise<Outcome> {
  try {
    const answer = await call;
    return { status: answer.status, message: "", headers: answer.headers };
  } catch (error) {
    const failure = error as { status?: number; message: string; response?: { data?: { message?: string }; headers: Record<string, string | number | undefined> } };
    if (failure.response === undefined) return { status: 0, message: failure.message, headers: {} };
    return { status: failure.status ?? -1, message: failure.response.data?.message ?? "", headers: failure.response.headers };
  }
}

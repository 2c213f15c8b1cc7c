import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Probot } from "probot";
import taskmirror from "../../src/index.js";
import { TaskmirrorOctokit } from "../../src/octokit.js";
import type { JournalJobQueue } from "../../src/queue/journal-job-queue.js";
import { repoQueue } from "../../src/queue/repo-queue.js";
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from "../support/fake-github/index.js";

// Writes one after another without GitHub's pacing: the fake has no secondary limits unless a
// test injects one. Read once, when the first Octokit is made.
process.env.TASKMIRROR_WRITE_INTERVAL_MS ??= "0";
process.env.TASKMIRROR_CONTENT_INTERVAL_MS ??= "0";

export interface LogEntry {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface AppHarness {
  fake: FakeGitHub;
  probot: Probot;
  /** Where the in-process receiver takes the fake's webhooks. */
  webhookUrl: string;
  /** Every log line the app wrote (pino objects). */
  logs: LogEntry[];
  /** Waits until no request, no webhook and no queued job is left. */
  settle(): Promise<void>;
  /** Requests that change something (not GET/HEAD, not a token), from request number `from` on. */
  writesSince(from: number): ReturnType<FakeGitHub["requests"]>;
  /** Requests from number `from` on. */
  requestsSince(from: number): ReturnType<FakeGitHub["requests"]>;
  close(): Promise<void>;
}

export interface AppHarnessOptions {
  /** How the fake GitHub behaves (quirks, faults, budgets). */
  fake?: FakeGitHubOptions;
  /** The app's Octokit class, e.g. TaskmirrorOctokit with a plugin that acts between two requests. */
  Octokit?: typeof TaskmirrorOctokit;
  /** The job queue the app records its work in (e.g. with a short retry backoff); settle waits until it holds no job. */
  jobs?: JournalJobQueue;
}

/**
 * The app in this process (`probot.receive`) against the fake GitHub: the fake's signed
 * webhooks arrive on a small HTTP receiver that hands each delivery to `probot.receive`,
 * exactly as Probot's own middleware does after checking the signature.
 */
export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const logs: LogEntry[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as LogEntry) });
  const fake = await startFakeGitHub(options.fake);
  const probot = new Probot({
    appId: fake.app.id,
    privateKey: fake.app.privateKey,
    secret: fake.app.webhookSecret,
    baseUrl: fake.apiUrl,
    Octokit: options.Octokit ?? TaskmirrorOctokit,
    log,
  });
  const jobs = options.jobs;
  await probot.load((app, loadOptions) => taskmirror(app, { ...loadOptions, ...(jobs ? { jobs } : {}) }));
  const receiver: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const id = String(request.headers["x-github-delivery"]);
      const name = String(request.headers["x-github-event"]);
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as never;
      probot
        .receive({ id, name, payload } as Parameters<Probot["receive"]>[0])
        .then(() => response.writeHead(200).end("ok"))
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}/`;
  fake.setWebhook({ url: webhookUrl, secret: fake.app.webhookSecret });

  // An installation token request is a POST but changes nothing in a repository.
  const isWrite = (request: { method: string; path: string }) =>
    request.method !== "GET" && request.method !== "HEAD" && !/\/app\/installations\/[^/]+\/access_tokens$/.test(request.path);
  return {
    fake,
    probot,
    webhookUrl,
    logs,
    async settle() {
      do {
        // 120 s: a first sync of hundreds of issues (the graphql bench) settles well after 30 s.
        await fake.waitForQuiet({ quietMs: 100, timeoutMs: 120_000 });
        await repoQueue.onIdle();
        // A job waiting out its retry backoff is off the lanes but still recorded.
        if (options.jobs && options.jobs.size > 0 && repoQueue.busyRepositories === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      } while (repoQueue.busyRepositories > 0 || (options.jobs?.size ?? 0) > 0);
      await fake.waitForQuiet({ quietMs: 100, timeoutMs: 120_000 });
    },
    writesSince: (from) => fake.requests().slice(from).filter(isWrite),
    requestsSince: (from) => fake.requests().slice(from),
    async close() {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await fake.close();
    },
  };
}

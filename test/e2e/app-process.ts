import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { freePort } from "../support/free-port.js";

const root = join(import.meta.dirname, "../..");

export interface AppProcess {
  /** The server's address (`/healthz`, `/readyz`, `/metrics`). */
  url: string;
  /** Where the app receives webhooks. */
  webhookUrl: string;
  /** The job journal's directory (TASKMIRROR_DATA_DIR). */
  dataDir: string;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
  /** The JSON log lines of the output, parsed. */
  logLines(): LogLine[];
  /** SIGTERM (the graceful drain) unless another signal is given. A data directory made here is removed. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface AppProcessOptions {
  appId: number | string;
  privateKey: string;
  webhookSecret: string;
  /** `host:port` of the (fake) GitHub, as GHE_HOST takes it. */
  gheHost: string;
  env?: Record<string, string>;
  /**
   * The job journal's directory: a process started again on the same one does what the last one
   * left (the caller removes it). Default: a fresh temporary one, removed on `stop`.
   */
  dataDir?: string;
  /** Where the app runs and how it is started (default: this checkout, `node dist/main.js`). */
  cwd?: string;
  command?: readonly string[];
}

/**
 * The real server, started the way `npm start` starts it (`node dist/main.js`, after
 * `npm run build`), pointed at a GitHub Enterprise host over plain HTTP — the fake GitHub.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const cwd = options.cwd ?? root;
  const [program = "node", ...args] = options.command ?? ["node", "dist/main.js"];
  const main = join(cwd, "dist", "main.js");
  if (!existsSync(main)) throw new Error("dist/main.js is missing: run `npm run build` first (`npm test` does)");
  const port = await freePort();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "taskmirror-data-")));
  let output = "";
  const child: ChildProcess = spawn(program === "node" ? process.execPath : program, args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "test",
      APP_ID: String(options.appId),
      PRIVATE_KEY: options.privateKey,
      WEBHOOK_SECRET: options.webhookSecret,
      GHE_HOST: options.gheHost,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      TASKMIRROR_WRITE_INTERVAL_MS: "0",
      TASKMIRROR_CONTENT_INTERVAL_MS: "0",
      // The fake has no budgets unless a test gives it some (and then the app's pacer the same).
      TASKMIRROR_CONTENT_BUDGET: "off",
      ...options.env,
      // After `env`: a test's journal is its own (or the one it passes to start again on).
      TASKMIRROR_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitUntilUp(`http://127.0.0.1:${port}/ping`, child, () => output);
  return {
    url: `http://127.0.0.1:${port}`,
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    dataDir,
    output: () => output,
    logLines: () =>
      output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as LogLine),
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh fake GitHub and the real server pointed at it, the fake's webhooks going to the
 * server: how every end-to-end story starts.
 */
export async function startFakeAndApp(
  env?: Record<string, string>,
  start: Pick<AppProcessOptions, "cwd" | "command"> = {},
): Promise<{ fake: FakeGitHub; app: AppProcess }> {
  const fake = await startFakeGitHub();
  const app = await startAppProcess({
    appId: fake.app.id,
    privateKey: fake.app.privateKey,
    webhookSecret: fake.app.webhookSecret,
    gheHost: fake.host,
    ...(env ? { env } : {}),
    ...start,
  });
  fake.setWebhook({ url: app.webhookUrl, secret: fake.app.webhookSecret });
  return { fake, app };
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output()}`);
    const up = await fetch(url).then((response) => response.ok, () => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGTERM");
  throw new Error(`the app did not answer ${url} within 20 s:\n${output()}`);
}

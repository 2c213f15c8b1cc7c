import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { startFakeProcess } from "../demo/start-fake-process.js";
import { startAppProcess } from "../test/e2e/app-process.js";
import { FakeGitHubClient } from "../test/support/fake-github/fake-github-client.js";
import { deserialize, serialize } from "node:v8";
import { parseDocument } from "../src/core/markdown/parse-document.js";
import type { Document } from "../src/core/model/types.js";
import { SEEDS_DIR, readSeed, table } from "./bench-harness.js";
import { deeplyNested } from "../test/support/deeply-nested.js";
import { generateDocument, generateTaskHeadings } from "./generate-documents.js";

const root = join(import.meta.dirname, "..");
const OWNER = "acme";
const REPO = "platform";
const BIG = "docs/big/tasks.md";
const DOCUMENT_BYTES = 4_000_000;
/** GitHub gives up on a delivery after 10 s; the target is far below it. */
const TARGET_P99_MS = 100;
const BURST = 200;
/** One delivery at a time, this long after the last answer, from the big blob's read until the sync's first write: the longest stall. */
const TRICKLE_EVERY_MS = 50;
/** The trickle stops here even when the sync has not written yet. */
const TRICKLE_MAX_MS = 120_000;
/** How long the control run's trickle lasts. */
const CONTROL_MS = 3000;

const SEED_FILES: Record<string, string> = {
  "docs/tasks/TASK-technical.md": readSeed("001_4b80d5d6467c2eb4.txt"),
  ".kiro/specs/platform/tasks.md": readSeed("002_9b44147aba6dd40d.txt"),
  "plans/e2e-traceability.tasks.md": readSeed("003_350c1e53366d76d6.txt"),
};

interface Run {
  burst: number[];
  trickle: number[];
  /** From the big blob's read to the sync's first write. */
  untilWriteMs: number | null;
  /** Deliveries not answered with a 2xx (reset, or refused). */
  failed: number;
}

/** Git's blob sha of a text: what the fake's `GET …/git/blobs/{sha}` names. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One run: the real server (`node dist/main.js`) against the fake GitHub in a third process, a
 * repository of three seed documents and a 4 MB one, the app installed. Once the app has read the
 * big blob (it is parsing it now), 200 signed deliveries arrive at once, and one at a time (50 ms
 * after the previous answer) until the sync makes its first write: each delivery's time to its HTTP answer is recorded.
 * The deliveries are pushes to a feature branch and edits of issues that are not mirrored — both
 * answered from the payload alone, so what is measured is how long the event loop keeps them waiting.
 */
async function runOnce(bigText: string | null): Promise<Run> {
  const fake = await startFakeProcess();
  const github = new FakeGitHubClient(fake.info.url);
  const secret = fake.info.webhookSecret;
  const app = await startAppProcess({
    appId: fake.info.appId,
    privateKey: readFileSync(fake.info.privateKeyFile, "utf8"),
    webhookSecret: secret,
    gheHost: fake.info.host,
    env: { LOG_LEVEL: "error" },
  });
  try {
    await github.setWebhook({ url: app.webhookUrl, secret });
    const repo = await github.createRepo({ owner: OWNER, name: REPO, files: { ...SEED_FILES, ...(bigText === null ? {} : { [BIG]: bigText }) } });
    const { installationId } = await github.installApp({ owner: OWNER, repos: [REPO] });
    if (bigText === null) {
      // The control: the same deliveries once the initial sync is over and the app is idle.
      await github.waitForQuiet({ quietMs: 2000, timeoutMs: 120_000 });
    } else {
      const bigBlob = `/git/blobs/${blobSha(bigText)}`;
      const deadline = Date.now() + 60_000;
      while (!(await github.requests()).some((request) => request.path.endsWith(bigBlob))) {
        if (Date.now() > deadline) throw new Error("ack bench: the app never read the big document");
        await sleep(20);
      }
    }
    const readAt = Date.now();
    let sent = 0;
    let failed = 0;
    const deliver = async (): Promise<number> => {
      const n = (sent += 1);
      const repository = { id: repo.id, name: REPO, full_name: `${OWNER}/${REPO}`, default_branch: "main", owner: { login: OWNER } };
      const common = { repository, sender: { login: "octocat", type: "User" }, installation: { id: installationId } };
      const [event, payload] =
        n % 2 === 0
          ? ["push", { ...common, ref: `refs/heads/feature-${n}`, before: "0".repeat(40), after: "1".repeat(40), deleted: false, created: true, commits: [] }]
          : ["issues", { ...common, action: "edited", issue: { number: n, title: "Not mirrored", body: "no marker here", state: "open" }, changes: { body: { from: "" } } }];
      const body = JSON.stringify(payload);
      const headers = {
        "content-type": "application/json",
        "x-github-event": event as string,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": await sign(secret, body),
      };
      const started = performance.now();
      // A stalled server drops connections whose headers it has not read within 60 s
      // (Node's headersTimeout): GitHub would record those deliveries as failed.
      const status = await post(app.webhookUrl, body, headers).catch(() => 0);
      if (status < 200 || status >= 300) failed += 1;
      return performance.now() - started;
    };

    let writing = false;
    let untilWriteMs: number | null = null;
    const watchWrites = (async () => {
      if (bigText === null) await sleep(CONTROL_MS);
      while (!writing && Date.now() - readAt < TRICKLE_MAX_MS) {
        const requests = await github.requests();
        if (requests.some((request) => request.method !== "GET" && request.by !== null && request.by !== "app")) {
          untilWriteMs = Date.now() - readAt;
          writing = true;
        }
        await sleep(200);
      }
      writing = true;
    })();
    // One at a time: a stalled server would otherwise collect thousands of connections.
    const trickle: number[] = [];
    const trickling = (async () => {
      while (!writing) {
        trickle.push(await deliver());
        await sleep(TRICKLE_EVERY_MS);
      }
    })();
    await sleep(300);
    const burst = await Promise.all(Array.from({ length: BURST }, deliver));
    await watchWrites;
    await trickling;
    return { burst, trickle, untilWriteMs, failed };
  } finally {
    await app.stop("SIGKILL");
    fake.stop();
  }
}

/**
 * One delivery on its own connection, as GitHub sends them: a kept-alive socket that the stalled
 * server times out would reset the next request sent on it, which is the client's artefact.
 */
function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", agent: false, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(body);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`);

function medianMs(run: () => unknown, times = 5): number {
  const spans = Array.from({ length: times }, () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  });
  return spans.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

/**
 * What handing parsed documents between threads costs: the worker serializes (off the event loop),
 * the main thread deserializes (on it, once per document and per sync). The cache used to hand
 * out `structuredClone` copies, which is both on the main thread.
 */
function cloneCost(): string[] {
  const seeds = readdirSync(SEEDS_DIR).map((name) => parseDocument(`seeds/${name}`, readSeed(name)));
  const large = [parseDocument("specs/large/tasks.md", generateDocument("task-headings", 10_000))];
  const rows = (
    [
      [`the seed repository (${seeds.length} documents, ${seeds.reduce((n, d) => n + d.tasks.length, 0)} tasks)`, seeds],
      ["one document of 10,000 tasks (2.6 MB)", large],
    ] as const
  ).map(([name, documents]: readonly [string, Document[]]) => {
    const bytes = documents.map((doc) => serialize(doc));
    return [
      name,
      `${(bytes.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(2)} MB`,
      medianMs(() => documents.map((doc) => serialize(doc))).toFixed(1),
      medianMs(() => bytes.map((b) => deserialize(b))).toFixed(1),
      medianMs(() => documents.map((doc) => structuredClone(doc))).toFixed(1),
    ];
  });
  return [
    "Handing parsed documents from the worker (median of 5, ms):",
    "",
    ...table(["documents", "serialized", "serialize (worker)", "deserialize (event loop)", "structuredClone (was: each cache hit)"], rows, [false, true, true, true, true]),
  ];
}

/**
 * `ack`: webhook acknowledgement while a 4 MB document is being synced, for a task-headings
 * document and a deeply nested hostile one.
 */
export async function ackBench(): Promise<string[]> {
  // The real process runs dist/: build it, so that what is measured is the code as it is now.
  const build = spawnSync("npm", ["run", "build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`ack bench: npm run build failed:\n${build.stdout}${build.stderr}`);
  const cases = [
    ["nothing (control: the app idle)", null],
    ["task headings", generateTaskHeadings(DOCUMENT_BYTES)],
    ["deeply nested (hostile)", deeplyNested(DOCUMENT_BYTES)],
  ] as const;
  const rows: (string | number)[][] = [];
  for (const [name, text] of cases) {
    console.error(`ack: ${name}…`);
    const run = await runOnce(text);
    const p99 = percentile(run.burst, 99);
    rows.push([
      text === null ? name : `${name}, ${(text.length / 1e6).toFixed(1)} MB`,
      ms(percentile(run.burst, 50)),
      `${ms(p99)}${p99 < TARGET_P99_MS ? "" : " **MISSED**"}`,
      ms(Math.max(...run.burst)),
      `${ms(Math.max(...run.trickle))} (${run.trickle.length})`,
      text === null ? "—" : run.untilWriteMs === null ? `> ${TRICKLE_MAX_MS / 1000} s` : ms(run.untilWriteMs),
      run.failed,
    ]);
  }
  return [
    `## Webhook acknowledgement while a 4 MB document syncs (real process, ${BURST} deliveries at once)`,
    "",
    `Load average when it finished: ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores.`,
    "",
    ...table(
      ["document being synced", "burst p50", `burst p99 (target < ${TARGET_P99_MS} ms)`, "burst max", "longest wait, one at a time (sent)", "blob read → first write", "failed"],
      rows,
      [false, true, true, true, true, true, true],
    ),
    "",
    ...cloneCost(),
    "",
  ];
}

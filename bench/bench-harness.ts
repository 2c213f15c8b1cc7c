import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TICK_DEBOUNCE_MS } from "../src/github/write-back/tick-batcher.js";
import { sharedTickBatcher } from "../src/handlers/issues.js";
import { startAppHarness, type AppHarness } from "../test/integration/app-harness.js";
import type { RecordedRequest, SnapshotRepo } from "../test/support/fake-github/index.js";

// The tick batcher reads its debounce once, when the process-wide batcher is made (at the first
// `probot.load`), which happens after every module of the bench has been evaluated.
process.env.TASKMIRROR_TICK_DEBOUNCE_MS ??= "300";

/** GitHub's answer time the issues' "wall time" targets are stated for. */
export const LATENCY_MS = 50;

export const SEEDS_DIR = join(import.meta.dirname, "../fixtures/seeds");

export function readSeed(file: string): string {
  return readFileSync(join(SEEDS_DIR, file), "utf8");
}

/** The debounce the tick batcher was made with: the variable as the batcher reads it, or the app's default. */
export function tickDebounceMs(): number {
  const raw = process.env.TASKMIRROR_TICK_DEBOUNCE_MS;
  const value = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(value) && value >= 0 ? value : DEFAULT_TICK_DEBOUNCE_MS;
}

export interface RequestCount {
  reads: number;
  writes: number;
  /** Installation-token requests: POSTs that change nothing in a repository, counted apart. */
  tokens: number;
  /** `METHOD route` → count, reads and writes together. */
  byRoute: Record<string, number>;
}

const TOKEN = /\/app\/installations\/[^/]+\/access_tokens$/;

export function countRequests(requests: readonly RecordedRequest[]): RequestCount {
  const count: RequestCount = { reads: 0, writes: 0, tokens: 0, byRoute: {} };
  for (const request of requests) {
    if (TOKEN.test(request.path)) {
      count.tokens += 1;
      continue;
    }
    // A GraphQL query reads (it is sent as a POST), a mutation writes: as the app counts them.
    if (request.method === "GET" || request.method === "HEAD" || request.graphql?.operation === "query") count.reads += 1;
    else count.writes += 1;
    const route = request.graphql
      ? `${request.method} /graphql ${request.graphql.operation ?? "?"} ${request.graphql.rootFields.join(",")}`
      : `${request.method} ${request.route ?? request.path}`;
    count.byRoute[route] = (count.byRoute[route] ?? 0) + 1;
  }
  return count;
}

/** When the fake finished answering a request (its start plus the time it took, latency included). */
export function requestEnd(request: RecordedRequest): number {
  return Date.parse(request.at) + request.durationMs;
}

/** Time during which at least one of these requests was waiting on the fake (overlaps counted once). */
export function waitingMs(requests: readonly RecordedRequest[]): number {
  const spans = requests.map((request) => [Date.parse(request.at), requestEnd(request)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

export interface Measured {
  requests: RecordedRequest[];
  count: RequestCount;
  /**
   * From just before the person's action (the fake sends its webhook within that call) to the
   * end of the app's last request: the quiet window `settle` waits for is not in it. 0 when the
   * app made no request.
   */
  ms: number;
}

export interface Bench extends AppHarness {
  /** `settle`, plus any ticks still waiting out the batcher's debounce. */
  settleAll(): Promise<void>;
  /** Runs a person's action, waits until the app has settled, and measures the app's requests. */
  measure(action: () => Promise<unknown>): Promise<Measured>;
  repo(fullName: string): SnapshotRepo;
  /** Fails the bench if the app made a request GitHub would have refused, or logged an error. */
  assertClean(): void;
}

/**
 * The integration tests' in-process harness (the app through `probot.receive`, the fake GitHub
 * in this process) with the fake answering each request after `latencyMs`.
 */
export async function startBench(latencyMs = 0): Promise<Bench> {
  const app = await startAppHarness();
  app.fake.setLatency(latencyMs);
  // src/index.ts registers the issue handlers on the process-wide batcher.
  const batcher = sharedTickBatcher();
  const settleAll = async () => {
    await app.settle();
    await batcher.onIdle();
    await app.settle();
  };
  return {
    ...app,
    settleAll,
    async measure(action) {
      const from = app.fake.requests().length;
      const started = Date.now();
      await action();
      await settleAll();
      const requests = app.requestsSince(from);
      const last = requests.reduce((latest, request) => Math.max(latest, requestEnd(request)), started);
      return { requests, count: countRequests(requests), ms: last - started };
    },
    repo(fullName) {
      const found = app.fake.snapshot().repositories.find((repo) => repo.full_name === fullName);
      if (!found) throw new Error(`bench: no repository ${fullName}`);
      return found;
    },
    assertClean() {
      const violations = app.fake.violations();
      if (violations.length > 0) throw new Error(`bench: the app made requests GitHub would refuse: ${JSON.stringify(violations.slice(0, 3))}`);
      const errors = app.logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg);
      if (errors.length > 0) throw new Error(`bench: the app logged errors: ${errors.slice(0, 3).join("; ")}`);
    },
  };
}

/** A markdown table: a header row, the alignment row (numbers right-aligned), the rows. */
export function table(header: string[], rows: (string | number)[][], numeric: boolean[] = []): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (numeric[i] ? "---:" : "---")).join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

/** `measured = target` / `measured > target`, for the target columns. */
export function versus(measured: number, target: number, relation: "=" | "≤" = "="): string {
  const met = relation === "=" ? measured === target : measured <= target;
  if (met) return `${measured} ${relation} ${target}`;
  return `${measured} vs ${relation} ${target} **MISSED**`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

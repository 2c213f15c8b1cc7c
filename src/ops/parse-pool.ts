import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import PQueue from "p-queue";
import { Piscina } from "piscina";
import type { Config } from "../core/config/schema.js";
import { unreadableDocument } from "../core/markdown/unreadable-document.js";
import type { Diagnostic, Document } from "../core/model/types.js";
import { runParseTask, STARTED, type ParseTask } from "./run-parse-task.js";

export interface ParsePoolOptions {
  /** Time one document may take to parse (`TASKMIRROR_PARSE_TIMEOUT_MS`, default 20 s). */
  timeoutMs?: number;
  /** Heap a worker may grow to (`TASKMIRROR_PARSE_MEMORY_MB`, default 1024). */
  memoryMb?: number;
  /**
   * Worker threads at most (`TASKMIRROR_PARSE_THREADS`, default one less than the cores, at least
   * 1). 0 parses in the calling thread, without budgets: for a command line, where no webhook waits.
   */
  threads?: number;
  /** How long an idle worker lives before it is shut down (default 30 s). */
  idleTimeoutMs?: number;
  /** Bytes of parsed documents kept, serialized (default 128 MiB). */
  cacheBytes?: number;
}

export interface PoolValidateOptions {
  /** The text a document was read from, for exact columns (see `ValidateOptions.sourceText`). */
  sourceText?: (path: string) => string | undefined;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MEMORY_MB = 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const DEFAULT_CACHE_BYTES = 128 * 1024 * 1024;
const DEFAULT_CACHE_ENTRIES = 2048;

type Exceeded = "time" | "memory";

/**
 * Task documents are parsed and validated on worker threads (piscina), never on the event loop
 * that answers webhooks: a 4 MB document takes seconds to parse, and GitHub gives up on a delivery
 * after 10 s. Each document has a budget: when its parse runs longer than the time budget the
 * worker is stopped, when it needs more heap than the memory budget the worker dies — either
 * way piscina starts a fresh worker for the next task, and the document comes back with no tasks
 * and an `unreadable-document` error on line 1 saying what it exceeded, so the rest of the
 * repository still syncs.
 *
 * A document is parsed once per (path, text): the result is kept as the bytes the worker sent,
 * and each caller gets its own copy from them. Those bytes are also what validation is sent, so a
 * large document's object graph is never serialized on the main thread (70 ms for 10,000 tasks).
 */
export class ParsePool {
  readonly #options: ParsePoolOptions;
  #pool: Piscina<ParseTask, unknown> | undefined;
  /**
   * Tasks wait here, not in piscina's queue: with no minimum of threads, piscina does not start a
   * new worker for tasks already queued when the one running them is stopped or dies, only for
   * tasks run after that. With at most one task per thread handed over, each gets a worker.
   */
  #queue: PQueue | undefined;
  /** The settings the running pool was started with. */
  #settings: ParsePool["settings"] | undefined;
  #nextId = 0;
  /** Tasks that started in a worker, by id: their time budget starts then. */
  readonly #started = new Map<number, () => void>();
  readonly #cache = new Map<string, Uint8Array>();
  #cachedBytes = 0;
  readonly #inFlight = new Map<string, Promise<Uint8Array>>();
  /** The bytes each handed-out document was made from, for validation. */
  readonly #bytesOf = new WeakMap<Document, Uint8Array>();
  #parsed = 0;

  constructor(options: ParsePoolOptions = {}) {
    this.#options = options;
  }

  /** `parseDocument(path, text)`, on a worker, within the budget. Never rejects for the document's sake. */
  async parse(path: string, text: string): Promise<Document> {
    const key = `${path}\u0000${createHash("sha256").update(text).digest("base64")}`;
    let bytes = this.#cache.get(key);
    if (bytes) {
      this.#cache.delete(key);
      this.#cache.set(key, bytes);
    } else {
      let pending = this.#inFlight.get(key);
      if (!pending) {
        pending = this.#parseOnWorker(path, text).finally(() => this.#inFlight.delete(key));
        this.#inFlight.set(key, pending);
      }
      bytes = await pending;
      this.#remember(key, bytes);
    }
    const document = deserialize(bytes) as Document;
    this.#bytesOf.set(document, bytes);
    return document;
  }

  /**
   * `validate(documents, config)` on a worker. Documents this pool handed out are sent as the
   * bytes they came from; others are serialized here. Rejects when validation itself runs over
   * the budget: nothing is then synced, rather than synced without its diagnostics.
   */
  async validate(documents: readonly Document[], config: Config, options: PoolValidateOptions = {}): Promise<Diagnostic[]> {
    const sourceTexts: Record<string, string> = {};
    for (const doc of documents) {
      const text = options.sourceText?.(doc.path);
      if (text !== undefined) sourceTexts[doc.path] = text;
    }
    const bytes = documents.map((doc) => this.#bytesOf.get(doc) ?? new Uint8Array(serialize(doc)));
    const outcome = await this.#run({ kind: "validate", id: this.#nextId++, documents: bytes, config, sourceTexts });
    if (outcome.exceeded) throw new Error(`validating ${documents.length} task documents ${this.#describe(outcome.exceeded)}`);
    return outcome.result as Diagnostic[];
  }

  /** Stops every worker (pending tasks are rejected); the next parse starts a new pool. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#queue?.clear();
    this.#pool = undefined;
    this.#queue = undefined;
    await pool?.destroy();
  }

  /** The worker threads running now, and documents parsed on them (cache hits not counted). */
  get stats(): { threads: number[]; parsed: number; cached: number } {
    return { threads: (this.#pool?.threads ?? []).map((worker) => worker.threadId), parsed: this.#parsed, cached: this.#cache.size };
  }

  /** The budgets and size in force (the options, else the environment, else the defaults). */
  get settings(): { timeoutMs: number; memoryMb: number; threads: number; idleTimeoutMs: number } {
    const o = this.#options;
    return {
      timeoutMs: o.timeoutMs ?? fromEnv("TASKMIRROR_PARSE_TIMEOUT_MS") ?? DEFAULT_TIMEOUT_MS,
      memoryMb: o.memoryMb ?? fromEnv("TASKMIRROR_PARSE_MEMORY_MB") ?? DEFAULT_MEMORY_MB,
      threads: o.threads ?? fromEnv("TASKMIRROR_PARSE_THREADS", 0) ?? Math.max(1, availableParallelism() - 1),
      idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    };
  }

  async #parseOnWorker(path: string, text: string): Promise<Uint8Array> {
    const outcome = await this.#run({ kind: "parse", id: this.#nextId++, path, text });
    this.#parsed += 1;
    if (!outcome.exceeded) return outcome.result as Uint8Array;
    const message = `parsing ${this.#describe(outcome.exceeded)}; the document was not read (split it into smaller documents)`;
    return new Uint8Array(serialize(unreadableDocument(path, text, message)));
  }

  #describe(exceeded: Exceeded): string {
    const { timeoutMs, memoryMb } = this.#settings ?? this.settings;
    return exceeded === "time" ? `took longer than ${timeoutMs / 1000} s` : `needed more than ${memoryMb} MB`;
  }

  async #run(task: ParseTask): Promise<{ result: unknown; exceeded?: undefined } | { result?: undefined; exceeded: Exceeded }> {
    if ((this.#settings ?? this.settings).threads === 0) return { result: runParseTask(task) };
    const { pool, queue } = this.#start();
    return queue.add(() => this.#runNow(pool, task));
  }

  async #runNow(pool: Piscina<ParseTask, unknown>, task: ParseTask): Promise<{ result: unknown; exceeded?: undefined } | { result?: undefined; exceeded: Exceeded }> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    this.#started.set(task.id, () => {
      timer = setTimeout(() => abort.abort(), (this.#settings ?? this.settings).timeoutMs);
    });
    try {
      return { result: await pool.run(task, { signal: abort.signal }) };
    } catch (error) {
      if (abort.signal.aborted) return { exceeded: "time" };
      if ((error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") return { exceeded: "memory" };
      throw error;
    } finally {
      clearTimeout(timer);
      this.#started.delete(task.id);
    }
  }

  #start(): { pool: Piscina<ParseTask, unknown>; queue: PQueue } {
    if (this.#pool && this.#queue) return { pool: this.#pool, queue: this.#queue };
    this.#settings = this.settings;
    const { memoryMb, threads, idleTimeoutMs } = this.#settings;
    const pool = new Piscina<ParseTask, unknown>({
      ...workerEntry(),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: idleTimeoutMs,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    pool.on("message", (message: unknown) => {
      const id = (message as Record<string, unknown> | null)?.[STARTED];
      if (typeof id === "number") this.#started.get(id)?.();
    });
    this.#pool = pool;
    this.#queue = new PQueue({ concurrency: threads });
    return { pool, queue: this.#queue };
  }

  #remember(key: string, bytes: Uint8Array): void {
    if (this.#cache.has(key)) return;
    const maxBytes = this.#options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    if (bytes.byteLength > maxBytes) return;
    this.#cache.set(key, bytes);
    this.#cachedBytes += bytes.byteLength;
    for (const [oldest, old] of this.#cache) {
      if (this.#cachedBytes <= maxBytes && this.#cache.size <= DEFAULT_CACHE_ENTRIES) break;
      this.#cache.delete(oldest);
      this.#cachedBytes -= old.byteLength;
    }
  }
}

/** The process-wide pool: created on first use, with the environment's budgets. */
export const parsePool = new ParsePool();

function fromEnv(name: string, least = 1): number | undefined {
  const raw = process.env[name];
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isInteger(value) && value >= least ? value : undefined;
}

/**
 * The worker's file. Built, it is the `.js` beside this one (production runs dist/, with no
 * TypeScript at run time). Run from the sources (vitest, `tsx bench/run.ts`) it is the `.ts`
 * beside this one, loaded through tsx — a devDependency, so only ever from a checkout — which
 * also means tests exercise the sources as they are, never a stale dist/.
 */
function workerEntry(): { filename: string; execArgv: string[] } {
  const js = new URL("./parse-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: js.href, execArgv: [] };
  const ts = new URL("./parse-worker.ts", import.meta.url);
  if (existsSync(fileURLToPath(ts))) return { filename: ts.href, execArgv: ["--import", "tsx"] };
  throw new Error(`the parse worker is missing: neither ${fileURLToPath(js)} nor ${fileURLToPath(ts)} exists (run \`npm run build\`)`);
}

import { createHash } from "node:crypto";

/**
 * What GitHub does off the happy path, each modelled on its documentation:
 * - `server-error`: 500, 502 or 503 ("Troubleshooting the REST API": transient server errors);
 * - `secondary-rate-limit`: 403 or 429 with `retry-after` and GitHub's message ("Rate limits
 *   for the REST API" → "Exceeding the rate limit");
 * - `timeout`: no answer for `timeoutMs` (GitHub ends requests that take longer than 10 s with
 *   a 504 "We couldn't respond to your request in time…"), or until the client gives up;
 * - `reset`: the connection is destroyed before any answer (nothing was done);
 * - `slow`: the answer comes, `slowMs`/2 to `slowMs` late;
 * - `conflict`: a contents or ref write is refused as if someone pushed meanwhile (409 on
 *   contents, as GitHub's "Create or update file contents" documents; 422 "Update is not a
 *   fast forward" on a ref update) — only the answer: no commit is made, so a run under faults
 *   can be compared with a fault-free one;
 * - `lost-response`: the write is APPLIED (issue created, its webhook sent) and then the
 *   connection is destroyed, so the client sees an error for something that happened.
 */
export type FaultKind = "server-error" | "secondary-rate-limit" | "timeout" | "reset" | "slow" | "conflict" | "lost-response";

export const FAULT_KINDS: readonly FaultKind[] = ["server-error", "secondary-rate-limit", "timeout", "reset", "slow", "conflict", "lost-response"];

/** Matches a request by method, by concrete path (string: exact; RegExp) and/or by GitHub's path template. */
export interface RouteRule {
  method?: string;
  path?: string | RegExp;
  /** GitHub's path template, e.g. `/repos/{owner}/{repo}/issues`. */
  route?: string;
  /** For `/graphql`: only documents of this operation (a query or a mutation, both POSTs). */
  graphql?: "query" | "mutation";
}

export interface FaultOptions {
  /** Same seed and same requests → same faults. */
  seed: number | string;
  /** Probability (0–1) that an eligible request gets a fault. */
  rate: number;
  /** Kinds to draw from (equal weights), or weights per kind. Default: all kinds, equal weights. */
  kinds?: FaultKind[] | Partial<Record<FaultKind, number>>;
  /** Only requests matching one of these are eligible (default: all API requests). */
  routes?: RouteRule[];
  /** Requests matching one of these are never faulted. */
  exclude?: RouteRule[];
  /** Only these methods are eligible, e.g. `["POST", "PATCH", "PUT", "DELETE"]` for writes only. */
  methods?: string[];
  /** Never fault `POST /app/installations/{installation_id}/access_tokens`. */
  spareTokens?: boolean;
  /** How long a `timeout` holds the request before GitHub's 504; null: until the client gives up. Default 10,000 (GitHub's). */
  timeoutMs?: number | null;
  /** Upper bound of the extra latency of `slow`. Default 2,000. */
  slowMs?: number;
  /** `retry-after` (real seconds) of an injected secondary rate limit. Default 1. */
  retryAfterSeconds?: number;
}

/** One injected fault, as `faults()` lists it. */
export interface InjectedFault {
  /** 1, 2, 3… in the order the faults were injected. */
  n: number;
  at: string;
  method: string;
  path: string;
  route: string;
  kind: FaultKind;
  /** The status answered, or null when no answer was sent (reset, lost response, a client that gave up). */
  status: number | null;
  /** True when the request took effect (slow, lost-response). */
  applied: boolean;
}

export interface FaultDecision {
  kind: FaultKind;
  /** server-error: 500/502/503; secondary-rate-limit: 403/429. */
  status: number;
  /** slow: the extra latency; timeout: how long to hold (null: until the client gives up). */
  delayMs: number | null;
  retryAfterSeconds: number;
}

export const TOKEN_ROUTE = "/app/installations/{installation_id}/access_tokens";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Writes that a concurrent push can make conflict. */
const CONFLICT_ROUTES = new Set(["PUT /repos/{owner}/{repo}/contents/{path}", "DELETE /repos/{owner}/{repo}/contents/{path}", "PATCH /repos/{owner}/{repo}/git/refs/{ref}"]);

/** Whether a kind of fault can happen to this request at all. */
export function faultApplies(kind: FaultKind, method: string, route: string): boolean {
  if (kind === "conflict") return CONFLICT_ROUTES.has(`${method} ${route}`);
  if (kind === "lost-response") return WRITE_METHODS.has(method);
  return true;
}

function matches(rule: RouteRule, method: string, path: string, route: string, operation: string | undefined): boolean {
  if (rule.graphql !== undefined && rule.graphql !== operation) return false;
  if (rule.method !== undefined && rule.method !== "*" && rule.method.toUpperCase() !== method) return false;
  if (rule.route !== undefined && rule.route !== route) return false;
  if (rule.path !== undefined && (typeof rule.path === "string" ? rule.path !== path : !rule.path.test(path))) return false;
  return true;
}

function weightsOf(kinds: FaultOptions["kinds"]): Array<[FaultKind, number]> {
  if (kinds === undefined) return FAULT_KINDS.map((kind) => [kind, 1]);
  if (Array.isArray(kinds)) return kinds.map((kind) => [kind, 1]);
  return Object.entries(kinds).filter((entry): entry is [FaultKind, number] => typeof entry[1] === "number" && entry[1] > 0);
}

/**
 * Decides, for each API request, whether GitHub misbehaves and how. The decision is a pure
 * function of (seed, method, path, how many times that method and path were asked before):
 * the same app behaviour meets the same faults even when requests for different repositories
 * interleave differently from run to run, and a retry of a faulted request is a new draw.
 */
export class FaultInjector {
  readonly #options: FaultOptions;
  readonly #weights: Array<[FaultKind, number]>;
  readonly #seen = new Map<string, number>();

  constructor(options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`fake GitHub: fault rate must be between 0 and 1 (got ${String(options.rate)})`);
    for (const [kind] of weightsOf(options.kinds)) if (!FAULT_KINDS.includes(kind)) throw new Error(`fake GitHub: unknown fault kind ${kind} (known: ${FAULT_KINDS.join(", ")})`);
    this.#options = options;
    this.#weights = weightsOf(options.kinds);
  }

  get options(): FaultOptions {
    return this.#options;
  }

  /** The fault for this request, or null. Every eligible request advances its own sequence. */
  decide(method: string, path: string, route: string, graphqlOperation?: string): FaultDecision | null {
    const options = this.#options;
    if (options.spareTokens === true && route === TOKEN_ROUTE) return null;
    if (options.methods !== undefined && !options.methods.some((allowed) => allowed.toUpperCase() === method)) return null;
    if (options.routes !== undefined && !options.routes.some((rule) => matches(rule, method, path, route, graphqlOperation))) return null;
    if (options.exclude?.some((rule) => matches(rule, method, path, route, graphqlOperation)) === true) return null;
    const key = `${method} ${path}`;
    const occurrence = this.#seen.get(key) ?? 0;
    this.#seen.set(key, occurrence + 1);
    const digest = createHash("sha256").update(`${String(options.seed)}\u0000${key}\u0000${occurrence}`).digest();
    const draw = (index: number): number => digest.readUInt32BE(index * 4) / 2 ** 32;
    if (draw(0) >= options.rate) return null;
    const candidates = this.#weights.filter(([kind]) => faultApplies(kind, method, route));
    const total = candidates.reduce((sum, [, weight]) => sum + weight, 0);
    if (total === 0) return null;
    let pick = draw(1) * total;
    let kind = (candidates[candidates.length - 1] as [FaultKind, number])[0];
    for (const [candidate, weight] of candidates) {
      if (pick < weight) {
        kind = candidate;
        break;
      }
      pick -= weight;
    }
    const parameter = draw(2);
    const slowMs = options.slowMs ?? 2000;
    return {
      kind,
      status: kind === "server-error" ? ([500, 502, 503][Math.floor(parameter * 3)] as number) : kind === "secondary-rate-limit" ? (parameter < 0.5 ? 403 : 429) : 0,
      delayMs: kind === "slow" ? Math.round(slowMs * (0.5 + parameter / 2)) : kind === "timeout" ? (options.timeoutMs === undefined ? 10_000 : options.timeoutMs) : 0,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
    };
  }
}

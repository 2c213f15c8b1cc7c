import type { FakeClock } from "./fake-clock.js";
import type { AuthMode } from "./router.js";
import { CONTENT_CREATION_LIMITS, WriteRateLimiter } from "./write-rate-limiter.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * GitHub's budgets, from "Rate limits for the REST API"
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * - primary: "5,000 requests per hour" for an installation access token (more on large
 *   installations and Enterprise Cloud; 5,000 is the floor an app must live with);
 * - secondary: "No more than 100 concurrent requests", "No more than 900 points per minute
 *   are allowed for REST API endpoints" (GET/HEAD/OPTIONS 1 point, POST/PATCH/PUT/DELETE 5),
 *   and "no more than 80 content-generating requests per minute and no more than 500
 *   content-generating requests per hour".
 */
export const GITHUB_LIMITS = {
  primaryPerHour: 5000,
  contentPerMinute: CONTENT_CREATION_LIMITS.perMinute,
  contentPerHour: CONTENT_CREATION_LIMITS.perHour,
  pointsPerMinute: 900,
  concurrent: 100,
} as const;

/**
 * Which budgets the fake enforces. A number overrides GitHub's figure, `false` turns that
 * budget off, a missing field takes GitHub's figure. The `x-ratelimit-*` headers are sent on
 * every answer whether or not the primary limit is enforced.
 */
export interface LimitOptions {
  primaryPerHour?: number | false;
  contentPerMinute?: number | false;
  contentPerHour?: number | false;
  pointsPerMinute?: number | false;
  concurrent?: number | false;
  /** GitHub answers an exhausted primary limit with 403 or 429; default 403. */
  primaryStatus?: 403 | 429;
  /** GitHub answers a secondary limit with 403 or 429; default 403. */
  secondaryStatus?: 403 | 429;
}

export type LimitKind = "primary" | "content-minute" | "content-hour" | "points" | "concurrency";

/** One request refused by a budget. */
export interface LimitHit {
  at: string;
  kind: LimitKind;
  /** `installation:<id>` or `app` (requests made with the app's JWT). */
  key: string;
  method: string;
  path: string;
  route: string;
  status: number;
  /** Real seconds the answer told the client to wait (`retry-after`), or null. */
  retryAfter: number | null;
}

export interface RateLimitStatus {
  limit: number;
  used: number;
  remaining: number;
  /** Real epoch seconds at which the window resets. */
  reset: number;
}

/**
 * Which requests GitHub's content-creation limit counts. GitHub does not publish a list: the
 * rate-limit page speaks of "content-generating requests", and its REST reference flags the
 * issue, comment and pull-request creations ("This endpoint triggers notifications. Creating
 * content too quickly using this endpoint may result in secondary rate limiting") and the
 * sub-issue and dependency writes. The fake takes the conservative reading: EVERY write
 * (POST, PUT, PATCH, DELETE) made with an installation token counts — creating or editing
 * issues, comments, labels, milestones, pull requests, check runs, sub-issue and blocked-by
 * links, and every git write (blobs, trees, commits, refs, contents). An app that paces all of
 * those within 80 a minute and 500 an hour is within the limit whatever GitHub's internal list
 * is. Requests made with the app's JWT (installation tokens, webhook redeliveries) and reads
 * do not count.
 */
export function isContentCreating(method: string, auth: AuthMode): boolean {
  return auth === "installation" && !READ_METHODS.has(method.toUpperCase());
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Points of one request against the 900-a-minute secondary limit. */
export function pointsOf(method: string): number {
  return READ_METHODS.has(method.toUpperCase()) ? 1 : 5;
}

export const SECONDARY_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
const PRIMARY_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits";

/** GitHub's secondary-limit message; GitHub ends it with the request's id. */
export function secondaryMessage(requestId: string): string {
  return `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
}

function contentMessage(requestId: string): string {
  return `You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
}

export interface BudgetRequest {
  key: string;
  installationId: number | null;
  method: string;
  path: string;
  route: string;
  auth: AuthMode;
  requestId: string;
}

export interface Refusal {
  kind: LimitKind;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** An admitted request: `commit()` when it goes on to the handler, `release()` when it is answered. */
export interface Admission {
  commit(): void;
  release(): void;
}

interface Resolved {
  primaryPerHour: number | null;
  contentPerMinute: number | null;
  contentPerHour: number | null;
  pointsPerMinute: number | null;
  concurrent: number | null;
  primaryStatus: 403 | 429;
  secondaryStatus: 403 | 429;
}

function resolve(options: LimitOptions | null): Resolved {
  const pick = (value: number | false | undefined, fallback: number): number | null => (options === null || value === false ? null : (value ?? fallback));
  return {
    primaryPerHour: pick(options?.primaryPerHour, GITHUB_LIMITS.primaryPerHour),
    contentPerMinute: pick(options?.contentPerMinute, GITHUB_LIMITS.contentPerMinute),
    contentPerHour: pick(options?.contentPerHour, GITHUB_LIMITS.contentPerHour),
    pointsPerMinute: pick(options?.pointsPerMinute, GITHUB_LIMITS.pointsPerMinute),
    concurrent: pick(options?.concurrent, GITHUB_LIMITS.concurrent),
    primaryStatus: options?.primaryStatus ?? 403,
    secondaryStatus: options?.secondaryStatus ?? 403,
  };
}

/**
 * The budgets of every installation (and of the app's JWT), on the fake's clock. Without
 * `LimitOptions` nothing is refused, but the primary count still runs so the headers are true.
 */
export class RateBudgets {
  #limits: Resolved;
  readonly #content: WriteRateLimiter;
  readonly #primary = new Map<string, { start: number; used: number }>();
  readonly #points = new Map<string, Array<{ at: number; points: number }>>();
  readonly #inFlight = new Map<string, number>();
  readonly #hits: LimitHit[] = [];

  constructor(
    readonly clock: FakeClock,
    options: LimitOptions | null,
  ) {
    this.#limits = resolve(options);
    this.#content = new WriteRateLimiter(this.#contentLimits());
  }

  /** New limits; the counts so far are kept. */
  configure(options: LimitOptions | null): void {
    this.#limits = resolve(options);
    this.#content.limits = this.#contentLimits();
  }

  hits(): LimitHit[] {
    return structuredClone(this.#hits);
  }

  /** The primary budget as the headers state it, without counting anything. */
  status(key: string): RateLimitStatus {
    const window = this.#window(key, false);
    const limit = this.#primaryLimit();
    return { limit, used: window.used, remaining: Math.max(0, limit - window.used), reset: this.clock.realEpochSeconds(window.start + HOUR_MS) };
  }

  /**
   * The `x-ratelimit-*` headers of an answer. `count`: the answer costs one request of the
   * primary limit (every answer but a 304 — "Best practices for using the REST API": a
   * conditional request answered 304 "does not count against your primary rate limit").
   */
  headers(key: string, count: boolean): Record<string, string> {
    const window = this.#window(key);
    if (count && window.used < this.#primaryLimit()) window.used += 1;
    const status = this.status(key);
    return {
      "x-ratelimit-limit": String(status.limit),
      "x-ratelimit-remaining": String(status.remaining),
      "x-ratelimit-reset": String(status.reset),
      "x-ratelimit-used": String(status.used),
      "x-ratelimit-resource": "core",
    };
  }

  /** Refuses a request over a budget (and records the hit), or admits it. */
  admit(request: BudgetRequest): Refusal | Admission {
    const refusal = this.#refusal(request);
    if (refusal !== null) {
      this.#hits.push({
        at: new Date().toISOString(),
        kind: refusal.kind,
        key: request.key,
        method: request.method,
        path: request.path,
        route: request.route,
        status: refusal.status,
        retryAfter: refusal.headers["retry-after"] === undefined ? null : Number(refusal.headers["retry-after"]),
      });
      return refusal;
    }
    this.#inFlight.set(request.key, (this.#inFlight.get(request.key) ?? 0) + 1);
    let released = false;
    return {
      commit: () => {
        const now = this.clock.now();
        const points = this.#points.get(request.key) ?? [];
        points.push({ at: now, points: pointsOf(request.method) });
        this.#points.set(request.key, points);
        if (isContentCreating(request.method, request.auth)) this.#content.record(request.key, now);
      },
      release: () => {
        if (released) return;
        released = true;
        this.#inFlight.set(request.key, (this.#inFlight.get(request.key) ?? 1) - 1);
      },
    };
  }

  #refusal(request: BudgetRequest): Refusal | null {
    const limits = this.#limits;
    const now = this.clock.now();
    if (limits.primaryPerHour !== null && this.#window(request.key).used >= limits.primaryPerHour) {
      const who = request.installationId === null ? "app" : `installation ID ${request.installationId}`;
      // No retry-after: the client waits for `x-ratelimit-reset` ("Troubleshooting the REST API").
      return { kind: "primary", status: limits.primaryStatus, headers: {}, body: { message: `API rate limit exceeded for ${who}.`, documentation_url: PRIMARY_DOCS } };
    }
    const secondary = (kind: LimitKind, waitMs: number, message: string): Refusal => ({
      kind,
      status: limits.secondaryStatus,
      headers: { "retry-after": String(this.clock.retryAfterSeconds(waitMs)) },
      body: { message, documentation_url: SECONDARY_DOCS },
    });
    if (limits.concurrent !== null && (this.#inFlight.get(request.key) ?? 0) >= limits.concurrent) {
      return secondary("concurrency", 1000 * this.clock.scale, secondaryMessage(request.requestId));
    }
    if (limits.pointsPerMinute !== null) {
      const window = (this.#points.get(request.key) ?? []).filter((entry) => now - entry.at < MINUTE_MS);
      this.#points.set(request.key, window);
      const cost = pointsOf(request.method);
      let spent = window.reduce((sum, entry) => sum + entry.points, 0);
      if (spent + cost > limits.pointsPerMinute) {
        // Wait until enough of the oldest points have left the minute.
        let waitMs = 0;
        for (const entry of window) {
          spent -= entry.points;
          waitMs = entry.at + MINUTE_MS - now;
          if (spent + cost <= limits.pointsPerMinute) break;
        }
        return secondary("points", waitMs, secondaryMessage(request.requestId));
      }
    }
    if (isContentCreating(request.method, request.auth)) {
      const wait = this.#content.wait(request.key, now);
      if (wait !== null) return secondary(wait.window === "minute" ? "content-minute" : "content-hour", wait.ms, contentMessage(request.requestId));
    }
    return null;
  }

  #primaryLimit(): number {
    return this.#limits.primaryPerHour ?? GITHUB_LIMITS.primaryPerHour;
  }

  /**
   * GitHub's primary window starts with the first request and resets an hour later; `open`:
   * a request is being counted, so a window starts now if none runs (a mere look does not).
   */
  #window(key: string, open = true): { start: number; used: number } {
    const now = this.clock.now();
    const window = this.#primary.get(key);
    if (window !== undefined && now < window.start + HOUR_MS) return window;
    const fresh = { start: now, used: 0 };
    if (open) this.#primary.set(key, fresh);
    return fresh;
  }

  #contentLimits(): { perMinute: number; perHour: number } {
    return { perMinute: this.#limits.contentPerMinute ?? Infinity, perHour: this.#limits.contentPerHour ?? Infinity };
  }
}

/** Whether `admit` let the request through */
export function isAdmission(value: Admission | { kind: LimitKind }): value is Admission {
  return "commit" in value;
}

/**
 * GitHub's documented secondary limits on content-creating requests ("Rate limits for the
 * REST API" → "About secondary rate limits": "no more than 80 content-generating requests
 * per minute and no more than 500 content-generating requests per hour").
 */
export const CONTENT_CREATION_LIMITS = { perMinute: 80, perHour: 500 } as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * GitHub's secondary rate limit on content creation, per installation: more than `perMinute`
 * writes in a rolling minute (or `perHour` in a rolling hour) are refused. Times are the
 * caller's (the fake's clock, which may run faster than real time).
 */
export class WriteRateLimiter {
  readonly #writes = new Map<string, number[]>();

  constructor(public limits: { perMinute: number; perHour: number }) {}

  /**
   * Milliseconds until one more write is allowed, with the window that refuses it, or null
   * when it is allowed now. Does not count anything.
   */
  wait(key: string, nowMs: number): { ms: number; window: "minute" | "hour" } | null {
    const recent = (this.#writes.get(key) ?? []).filter((at) => nowMs - at < HOUR_MS);
    this.#writes.set(key, recent);
    const lastMinute = recent.filter((at) => nowMs - at < MINUTE_MS);
    // The write that frees a place is the oldest one that has to leave the window.
    if (lastMinute.length >= this.limits.perMinute) {
      return { ms: (lastMinute[lastMinute.length - this.limits.perMinute] as number) + MINUTE_MS - nowMs, window: "minute" };
    }
    if (recent.length >= this.limits.perHour) {
      return { ms: (recent[recent.length - this.limits.perHour] as number) + HOUR_MS - nowMs, window: "hour" };
    }
    return null;
  }

  /** Counts one write at `nowMs`. */
  record(key: string, nowMs: number): void {
    const writes = this.#writes.get(key) ?? [];
    writes.push(nowMs);
    this.#writes.set(key, writes);
  }

  /** Seconds to wait when this write is over the limit (it is then not counted), else null (and it is counted). */
  admit(key: string, nowMs = Date.now()): number | null {
    const refused = this.wait(key, nowMs);
    if (refused !== null) return Math.max(1, Math.ceil(refused.ms / 1000));
    this.record(key, nowMs);
    return null;
  }
}

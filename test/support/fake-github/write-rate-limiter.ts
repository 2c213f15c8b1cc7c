/** GitHub's documented secondary limits on content-creating requests. */
export const CONTENT_CREATION_LIMITS = { perMinute: 80, perHour: 500 } as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * GitHub's secondary rate limit on writes, per installation: more than `perMinute` writes in
 * a rolling minute (or `perHour` in an hour) are refused with 403 and `retry-after`. Off
 * unless a test asks for it, so that ordinary tests need no pacing.
 */
export class WriteRateLimiter {
  readonly #writes = new Map<string, number[]>();

  constructor(readonly limits: { perMinute: number; perHour: number }) {}

  /** Seconds to wait when this write is over the limit (it is then not counted), else null. */
  admit(key: string, nowMs = Date.now()): number | null {
    const recent = (this.#writes.get(key) ?? []).filter((at) => nowMs - at < HOUR_MS);
    const lastMinute = recent.filter((at) => nowMs - at < MINUTE_MS);
    const wait = (window: number[], span: number): number => Math.max(1, Math.ceil(((window[0] as number) + span - nowMs) / 1000));
    if (lastMinute.length >= this.limits.perMinute) return wait(lastMinute, MINUTE_MS);
    if (recent.length >= this.limits.perHour) return wait(recent, HOUR_MS);
    recent.push(nowMs);
    this.#writes.set(key, recent);
    return null;
  }
}

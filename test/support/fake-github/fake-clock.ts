/** How fast the fake's budget time runs: `scale` fake milliseconds per real millisecond. */
export interface ClockOptions {
  /** 60: an hour of rate-limit budget passes in a real minute. Default 1. */
  scale?: number;
}

/**
 * The fake's notion of time for rate-limit budgets only. Windows (a minute of content
 * creation, an hour of primary limit) are measured on this clock, so a scaled clock lets a
 * bench live through hours of GitHub's budgets in minutes. Everything on the wire stays in
 * REAL time — `retry-after` in real seconds, `x-ratelimit-reset` in real epoch seconds —
 * so that an unmodified client (Octokit's throttling plugin sleeps `retry-after` seconds by
 * its own clock) waits exactly long enough. Tokens, JWTs and timestamps are not scaled.
 */
export class FakeClock {
  readonly scale: number;
  readonly #realNow: () => number;
  readonly #realStart: number;

  constructor(options: ClockOptions = {}, realNow: () => number = Date.now) {
    const scale = options.scale ?? 1;
    if (!Number.isFinite(scale) || scale <= 0) throw new Error(`fake GitHub: clock scale must be a positive number (got ${String(scale)})`);
    this.scale = scale;
    this.#realNow = realNow;
    this.#realStart = realNow();
  }

  /** Fake epoch milliseconds: starts at the real time the fake started, runs `scale` times faster. */
  now(): number {
    const real = this.#realNow();
    return this.#realStart + (real - this.#realStart) * this.scale;
  }

  /** A span of fake milliseconds as real milliseconds. */
  toRealMs(fakeMs: number): number {
    return fakeMs / this.scale;
  }

  /** Real epoch seconds (rounded up) at which the fake clock reads `fakeEpochMs`. */
  realEpochSeconds(fakeEpochMs: number): number {
    return Math.ceil((this.#realNow() + this.toRealMs(fakeEpochMs - this.now())) / 1000);
  }

  /** A wait of `fakeMs` as a whole number of real seconds for `retry-after` (at least 1). */
  retryAfterSeconds(fakeMs: number): number {
    return Math.max(1, Math.ceil(this.toRealMs(fakeMs) / 1000));
  }
}

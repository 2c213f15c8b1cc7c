/** What `/readyz` answers: ready, or the first reason it is not. */
export type ReadinessState = { ready: true } | { ready: false; reason: string };

export interface RedisPing {
  ping(): Promise<unknown>;
}

/** How long Redis may take to answer PING before the instance counts as not ready. */
export const REDIS_PING_TIMEOUT_MS = 1000;

/**
 * Whether this instance should be sent webhooks: its credentials work (checked once, locally:
 * the app's JWT can be signed), Redis answers PING when REDIS_URL is set (without it two
 * instances could sync one repository at once), and it is not shutting down (a load balancer
 * stops sending while the queued work drains).
 */
export class Readiness {
  readonly #redis: RedisPing | null;
  readonly #pingTimeoutMs: number;
  #credentials: Promise<string | null> | undefined;
  #stopping = false;

  constructor(options: { redis?: RedisPing | null; pingTimeoutMs?: number } = {}) {
    this.#redis = options.redis ?? null;
    this.#pingTimeoutMs = options.pingTimeoutMs ?? REDIS_PING_TIMEOUT_MS;
  }

  /**
   * The app is loaded with credentials (never in Probot's setup flow, which loads no app):
   * `check` proves they work, once — they cannot change while the process runs.
   */
  useCredentials(check: () => Promise<unknown>): void {
    this.#credentials = check().then(
      () => null,
      (error: unknown) => `credentials: ${(error as Error)?.message ?? String(error)}`,
    );
  }

  /** From now on: not ready (SIGTERM). */
  stop(): void {
    this.#stopping = true;
  }

  async check(): Promise<ReadinessState> {
    if (this.#stopping) return { ready: false, reason: "shutting down" };
    if (!this.#credentials) return { ready: false, reason: "credentials: not loaded (the app has not started)" };
    const credentials = await this.#credentials;
    if (credentials !== null) return { ready: false, reason: credentials };
    if (this.#redis) {
      const redis = await this.#pingRedis(this.#redis);
      if (redis !== null) return { ready: false, reason: redis };
    }
    return { ready: true };
  }

  async #pingRedis(redis: RedisPing): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`redis: no answer to PING within ${this.#pingTimeoutMs} ms`), this.#pingTimeoutMs);
      timer.unref();
    });
    const ping = redis.ping().then(
      () => null,
      (error: unknown) => `redis: ${(error as Error)?.message ?? String(error)}`,
    );
    try {
      return await Promise.race([ping, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The pacer's time. Injectable so that a test's scaled clock (the fake GitHub's, where an hour
 * of budget passes in a real minute) and the pacer read the same time.
 */
export interface Clock {
  /** Epoch milliseconds on this clock. */
  now(): number;
  /** Resolves after `ms` of this clock's time (early, rejecting, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Real milliseconds that pass while this clock advances `ms` (a queue's delay is real time). */
  realMs(ms: number): number;
}

/** Wall-clock time. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepReal(ms, signal),
  realMs: (ms) => ms,
};

/** A real-time sleep that an abort ends early (with the signal's reason). */
export function sleepReal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

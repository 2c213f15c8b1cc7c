/** How many writes a rolling minute and a rolling hour may hold. */
export interface WriteLimits {
  perMinute: number;
  perHour: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * Milliseconds until one more write fits both rolling windows, given when the earlier writes
 * were made (any order); 0 when it fits now. The write that frees a place is the oldest one
 * that has to leave its window — the same sliding window GitHub's secondary limit uses.
 */
export function writeWait(times: readonly number[], now: number, limits: WriteLimits): number {
  const recent = times.filter((at) => now - at < HOUR_MS).sort((a, b) => a - b);
  let wait = 0;
  const lastMinute = recent.filter((at) => now - at < MINUTE_MS);
  if (lastMinute.length >= limits.perMinute) {
    wait = Math.max(wait, (lastMinute[lastMinute.length - Math.max(1, limits.perMinute)] ?? now) + MINUTE_MS - now);
  }
  if (recent.length >= limits.perHour) {
    wait = Math.max(wait, (recent[recent.length - Math.max(1, limits.perHour)] ?? now) + HOUR_MS - now);
  }
  return wait;
}

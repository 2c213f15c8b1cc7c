/** The reconcile period when TASKMIRROR_RESYNC_INTERVAL is not set: four rounds a day. */
export const DEFAULT_RESYNC_INTERVAL_MS = 6 * 3600_000;

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * TASKMIRROR_RESYNC_INTERVAL: how often every repository is reconciled. A number is seconds
 * (`3600`); otherwise a duration in d, h, m, s or ms, parts combined (`6h`, `30m`, `1h30m`,
 * `90s`). Unset or empty: 6 hours. Anything else is refused at start, with the value quoted.
 */
export function parseResyncInterval(value: string | undefined): number {
  const text = (value ?? "").trim().toLowerCase();
  if (text === "") return DEFAULT_RESYNC_INTERVAL_MS;
  if (/^\d+(\.\d+)?$/.test(text)) return positive(Number(text) * 1000, value);
  if (!/^(\d+(\.\d+)?(ms|d|h|m|s))+$/.test(text)) throw invalid(value);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|d|h|m|s)/g)) ms += Number(amount) * UNIT_MS[unit!]!;
  return positive(ms, value);
}

function positive(ms: number, value: string | undefined): number {
  if (!Number.isFinite(ms) || ms < 1000) throw invalid(value);
  return Math.round(ms);
}

function invalid(value: string | undefined): Error {
  return new Error(`TASKMIRROR_RESYNC_INTERVAL=${JSON.stringify(value)}: expected seconds (3600) or a duration of at least 1s (6h, 30m, 1h30m, 90s)`);
}

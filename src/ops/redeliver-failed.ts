import { PAGE_SIZE_MAX } from "../core/limits.js";
import { statusOf } from "../github/request-errors.js";
import type { GitHub, Log } from "../github/types.js";

/** GitHub redelivers only deliveries of the past 3 days ("Redelivering webhooks"). */
export const REDELIVERY_WINDOW_MS = 3 * 24 * 3600_000;

/** Pages (of 100) read at most per run: an app down for days does not page through its whole log at once. */
const MAX_PAGES = 20;

/**
 * What one process remembers between runs. GitHub's own log is the durable record: a
 * redelivery appears in it as a delivery with the same GUID and `redelivery: true`, so after a
 * restart (or on another instance) a GUID is never redelivered twice — this only saves pages
 * and covers the moment between a redelivery being accepted (202) and its appearing in the log.
 */
export interface RedeliveryState {
  /** The newest delivery id already looked at. */
  lastSeen?: number;
  redelivered: Set<string>;
}

export interface RedeliveryReport {
  /** Deliveries read from the log. */
  listed: number;
  /** GUIDs whose every attempt failed. */
  failed: number;
  redelivered: number;
  /** Failed GUIDs already redelivered once (by this process or, per the log, by any). */
  alreadyRedelivered: number;
  /** Redelivery requests GitHub refused (logged). */
  refused: number;
}

interface DeliveryItem {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status: string;
  status_code: number;
  event: string;
  action?: string | null;
}

/**
 * Redelivers, once per GUID, the webhook deliveries GitHub recorded as failed while the app
 * was down or failing ("Handling failed webhook deliveries": GitHub does not redeliver by
 * itself; a failed delivery's `status` is not "OK" — a timeout has `status_code` 0, so the
 * `status=failure` filter, 400–599, would miss it). Reads the app's delivery log newest first
 * (`GET /app/hook/deliveries`, the app's JWT, cursor pagination) back to the last delivery seen,
 * or the redelivery window on a first run, and asks for each failed GUID that no attempt
 * delivered `POST /app/hook/deliveries/{id}/attempts`, on its newest attempt.
 */
export async function redeliverFailed(app: GitHub, state: RedeliveryState, log: Log, now: () => number = Date.now): Promise<RedeliveryReport> {
  const report: RedeliveryReport = { listed: 0, failed: 0, redelivered: 0, alreadyRedelivered: 0, refused: 0 };
  const oldest = now() - REDELIVERY_WINDOW_MS;
  const seen: DeliveryItem[] = [];
  let pages = 0;
  read: for await (const page of app.paginate.iterator("GET /app/hook/deliveries", { per_page: PAGE_SIZE_MAX })) {
    for (const item of page.data as DeliveryItem[]) {
      if ((state.lastSeen !== undefined && item.id <= state.lastSeen) || Date.parse(item.delivered_at) < oldest) break read;
      seen.push(item);
    }
    pages += 1;
    if (pages >= MAX_PAGES) break;
  }
  report.listed = seen.length;

  const byGuid = new Map<string, DeliveryItem[]>();
  for (const item of seen) byGuid.set(item.guid, [...(byGuid.get(item.guid) ?? []), item]);
  // Oldest event first, as GitHub first sent them: a push before the check suite it requested.
  const guids = [...byGuid].sort(([, a], [, b]) => a.at(-1)!.id - b.at(-1)!.id);
  for (const [guid, attempts] of guids) {
    if (attempts.some((attempt) => attempt.status === "OK")) continue;
    report.failed += 1;
    if (state.redelivered.has(guid) || attempts.some((attempt) => attempt.redelivery)) {
      report.alreadyRedelivered += 1;
      continue;
    }
    const newest = attempts[0]!;
    try {
      await app.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: newest.id });
      state.redelivered.add(guid);
      report.redelivered += 1;
      log.info({ guid, delivery: newest.id, event: newest.event, status: newest.status }, "redelivering a failed webhook delivery");
    } catch (error) {
      // Refused (too old, gone): the reconcile converges the repository anyway.
      report.refused += 1;
      log.warn({ err: error, guid, delivery: newest.id, status: statusOf(error) }, "GitHub refused to redeliver a failed webhook delivery");
    }
  }
  if (seen.length > 0) state.lastSeen = Math.max(state.lastSeen ?? 0, ...seen.map((item) => item.id));
  if (report.failed > 0) log.info({ ...report }, "failed webhook deliveries handled");
  return report;
}

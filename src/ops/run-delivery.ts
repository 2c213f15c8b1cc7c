import type { Logger } from "probot";
import { countRequests } from "../github/count-requests.js";
import type { GitHub } from "../github/types.js";
import { metrics } from "./metrics.js";

/** What a delivery's work did, for its summary line. */
export interface WorkReport {
  /** Operations planned (for a check run: those the plan preview shows merging would apply). */
  planned: number;
  /** Operations that changed something on GitHub. */
  applied: number;
  /** Further counts for the summary line. */
  details?: Record<string, unknown>;
}

export interface DeliveryRef {
  /** The delivery's GUID (`X-GitHub-Delivery`). */
  id: string;
  /** `name.action`. */
  event: string;
  /** The installation client the work uses: its requests are counted. */
  octokit: GitHub;
}

/**
 * Runs one delivery's queued work and writes its ONE summary line — `delivery done` with the
 * event, planned and applied operations, the GitHub reads and writes it made, and how long it
 * took (the repository and delivery id come from the log's bindings) — or `delivery failed`
 * with the error. Work that returns nothing found nothing to do: a debug line, counted as
 * `ignored`. A failure is logged here, once, and not rethrown — unless `retry` says the work
 * will be tried again: then no line is written yet and the error is rethrown (to the job queue).
 */
export async function runDelivery(
  delivery: DeliveryRef,
  log: Logger,
  work: () => Promise<WorkReport | undefined>,
  options: { retry?: (error: unknown) => boolean } = {},
): Promise<void> {
  const started = performance.now();
  const made = { reads: 0, writes: 0 };
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const report = await countRequests(delivery.octokit, async (requests) => {
      try {
        return await work();
      } finally {
        made.reads = requests.reads;
        made.writes = requests.writes;
      }
    });
    if (report === undefined) {
      metrics.webhookDelivery(delivery.event, "ignored");
      log.debug({ event: delivery.event, ...made, durationMs: durationMs() }, "delivery ignored: nothing to do");
      return;
    }
    metrics.webhookDelivery(delivery.event, "done");
    log.info(
      { ...report.details, event: delivery.event, planned: report.planned, applied: report.applied, ...made, durationMs: durationMs() },
      "delivery done",
    );
  } catch (error) {
    if (options.retry?.(error)) throw error;
    metrics.webhookDelivery(delivery.event, "failed");
    log.error({ err: error, event: delivery.event, ...made, durationMs: durationMs() }, `delivery failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

import type { SyncResult } from "../github/sync-repository.js";
import type { WorkReport } from "../ops/run-delivery.js";

/** A sync's part of its delivery's summary line (an invalid config planned and applied nothing). */
export function syncReport(result: SyncResult): WorkReport {
  // The delivery's own counts replace the sync's (a push reads the config before syncing).
  const { reads: _reads, writes: _writes, operations: _planned, ...details } = result.summary;
  return {
    planned: result.plan?.operations.length ?? 0,
    applied: result.applied,
    details: { outcome: result.outcome, sha: result.sha, ...details },
  };
}

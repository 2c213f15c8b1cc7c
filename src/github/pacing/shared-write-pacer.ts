import { CONTENT_WRITES_PER_HOUR, CONTENT_WRITES_PER_MINUTE } from "../../core/limits.js";
import type { WriteLimits } from "../../core/pace/write-wait.js";
import { WritePacer } from "./write-pacer.js";

/**
 * The process-wide pacer every TaskmirrorOctokit writes through (Probot makes a client per
 * event; GitHub counts per installation). GitHub's figures unless TASKMIRROR_CONTENT_BUDGET
 * says otherwise: `off` (tests against a fake without budgets), or `<per minute>/<per hour>`.
 * src/main.ts gives it the Redis store when instances share the budget.
 */
export const writePacer = new WritePacer({ limits: budgetFromEnv(process.env.TASKMIRROR_CONTENT_BUDGET) });

export function budgetFromEnv(value: string | undefined): WriteLimits | null {
  if (value === undefined || value.trim() === "") return { perMinute: CONTENT_WRITES_PER_MINUTE, perHour: CONTENT_WRITES_PER_HOUR };
  if (value.trim() === "off") return null;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (!match) throw new Error(`TASKMIRROR_CONTENT_BUDGET must be "off" or "<per minute>/<per hour>", e.g. "80/500" (got "${value}")`);
  return { perMinute: Number(match[1]), perHour: Number(match[2]) };
}

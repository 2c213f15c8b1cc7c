import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { fenceWrites } from "./github/fence-writes.js";
import { observeRequests } from "./github/observe-requests.js";
import { paceWrites } from "./github/pacing/pace-writes.js";
import { WriteSlice } from "./github/pacing/write-slice.js";
import { metrics } from "./ops/metrics.js";

/** Retries of one request after a primary or secondary rate limit, each after `retry-after`. */
export const RATE_LIMIT_RETRIES = 3;

interface LimitedRequest {
  method: string;
  url: string;
}

interface LoggingOctokit {
  log: { warn: (message: string) => void };
}

type ThrottleOptions = Record<string, unknown> & {
  Bottleneck?: typeof Bottleneck;
  connection?: Bottleneck.RedisConnection | Bottleneck.IORedisConnection;
};

let groups: { write: Bottleneck.Group; notifications: Bottleneck.Group } | undefined;

/**
 * The `write` and `notifications` limiters are process-wide, like the plugin's own: Probot
 * makes a new Octokit per event, and GitHub counts writes per app installation, not per
 * client. GitHub asks for at least a second between writes and more between writes that
 * notify people (issues, comments); tests and the demo set both to ~0.
 */
function throttleGroups(throttle: ThrottleOptions): NonNullable<typeof groups> {
  if (groups) return groups;
  const Limiter = throttle.Bottleneck ?? Bottleneck;
  const common = throttle.connection ? { connection: throttle.connection } : {};
  groups = {
    write: new Limiter.Group({
      id: "taskmirror-write",
      maxConcurrent: 1,
      minTime: intervalFromEnv("TASKMIRROR_WRITE_INTERVAL_MS", 1000),
      ...common,
    }),
    notifications: new Limiter.Group({
      id: "taskmirror-notifications",
      maxConcurrent: 1,
      minTime: intervalFromEnv("TASKMIRROR_CONTENT_INTERVAL_MS", 3000),
      ...common,
    }),
  };
  return groups;
}

function intervalFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== "" && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** A rate-limit wait about to start: the CLI shows it with its remaining time. */
export interface RateLimitWait {
  kind: "Primary" | "Secondary";
  seconds: number;
  method: string;
  url: string;
}

function retryWhileAllowed(kind: RateLimitWait["kind"], onWait: ((wait: RateLimitWait) => void) | undefined) {
  return (retryAfter: number, request: LimitedRequest, octokit: LoggingOctokit, retryCount: number): boolean => {
    const retry = retryCount < RATE_LIMIT_RETRIES;
    metrics.rateLimitWait(kind === "Primary" ? "primary" : "secondary", retryAfter, retry);
    octokit.log.warn(
      `${kind} rate limit on ${request.method} ${request.url}: ${retry ? `retrying in ${retryAfter} s` : "giving up"} (retry ${retryCount + 1} of ${RATE_LIMIT_RETRIES})`,
    );
    if (retry) onWait?.({ kind, seconds: retryAfter, method: request.method, url: request.url });
    const slice = WriteSlice.current();
    if (slice) {
      slice.rateLimited += 1;
      slice.rateLimitedSeconds += retry ? retryAfter : 0;
    }
    return retry;
  };
}

/**
 * Statuses plugin-retry must not retry: its defaults, plus 429, which the throttling plugin
 * already retries after `retry-after` — retried by both, one request became up to 16.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/**
 * Probot's Octokit with taskmirror's throttling, every request counted for the metrics, every
 * write checked against the running job's hold on its repository (`fenceWrites`), and every
 * content-creating write paced within the installation's budget (src/github/pacing). The
 * defaults are a FUNCTION so that they are applied after Probot's own (whose
 * secondary-rate-limit handler only logs): a secondary limit is waited out and retried instead
 * of failing the sync halfway.
 */
export const TaskmirrorOctokit = ProbotOctokit.plugin(paceWrites(), observeRequests, fenceWrites).defaults((options: Record<string, unknown>) => {
  const throttle = (options.throttle ?? {}) as ThrottleOptions;
  const onWait = options.onRateLimitWait as ((wait: RateLimitWait) => void) | undefined;
  return {
    ...options,
    retry: { doNotRetry: DO_NOT_RETRY, ...(options.retry as object | undefined) },
    throttle: {
      ...throttle,
      ...throttleGroups(throttle),
      onSecondaryRateLimit: retryWhileAllowed("Secondary", onWait),
      onRateLimit: retryWhileAllowed("Primary", onWait),
    },
  };
});

export type TaskmirrorOctokit = InstanceType<typeof TaskmirrorOctokit>;

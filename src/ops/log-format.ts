/** The variables the logger reads: Probot's own, plus the secrets it must never print. */
export type LogEnvironment = Partial<
  Record<"LOG_LEVEL" | "LOG_FORMAT" | "LOG_LEVEL_IN_STRING" | "LOG_MESSAGE_KEY" | "SENTRY_DSN" | "NODE_ENV" | "PRIVATE_KEY" | "WEBHOOK_SECRET" | "METRICS_TOKEN", string>
>;

/**
 * JSON, or pretty for a person? `LOG_FORMAT` when set (`pretty`, anything else is json, as in
 * Probot). Otherwise JSON in production — even on a terminal: `docker run -t` gives a
 * container one, and what reads production logs is a collector, not a person — and on a
 * terminal pretty, piped JSON.
 */
export function logFormat(env: LogEnvironment, terminal: boolean): "json" | "pretty" {
  if (env.LOG_FORMAT !== undefined && env.LOG_FORMAT !== "") return env.LOG_FORMAT === "pretty" ? "pretty" : "json";
  if (env.NODE_ENV === "production") return "json";
  return terminal ? "pretty" : "json";
}

/** The HTTP status of an Octokit request error; undefined for a network failure or timeout. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status > 0 ? status : undefined;
}

/** The `message` and `errors[]` GitHub sent with a 4xx, flattened for matching and logs. */
export function errorText(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data as
    | { message?: unknown; errors?: unknown }
    | undefined;
  const parts = [typeof data?.message === "string" ? data.message : (error as Error | null)?.message ?? String(error)];
  if (Array.isArray(data?.errors)) {
    for (const item of data.errors) parts.push(typeof item === "string" ? item : JSON.stringify(item));
  }
  return parts.join(" ");
}

/**
 * Errors after which the rest of a sync cannot succeed either: bad credentials, or a rate
 * limit that the throttling plugin already waited out several times.
 */
export function isFatal(error: unknown): boolean {
  const status = statusOf(error);
  return status === 401 || status === 429 || (status === 403 && /rate limit/i.test(errorText(error)));
}

/**
 * Errors that may pass when the work is tried again a little later: a GitHub 5xx (Octokit
 * reports a network failure or a timeout as 500 too), 408, or a connection dropped below
 * Octokit. A 4xx or a bug in our code would fail again the same way.
 */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return status >= 500 || status === 408;
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_\w+)$/.test(code);
}

/**
 * A GraphQL answer that refused the operation: HTTP 200 with `errors` that each carry a
 * `type` (UNPROCESSABLE, NOT_FOUND, FORBIDDEN, RATE_LIMITED… —
 * https://docs.github.com/en/graphql/overview/about-the-graphql-api), and no data for it. An
 * error without a type ("Something went wrong while executing your query", GitHub's timeout) does
 * not say whether a mutation was done, so it is not a refusal.
 */
export function isGraphqlRefusal(error: unknown): boolean {
  if ((error as Error | null)?.name !== "GraphqlResponseError") return false;
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((entry) => typeof (entry as { type?: unknown } | null)?.type === "string");
}

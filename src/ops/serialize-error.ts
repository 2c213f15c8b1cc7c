import { pino } from "pino";
import { redactSecrets } from "./redact-secrets.js";

/**
 * pino's error serializer, then every credential in it redacted. Octokit's RequestError keeps
 * the request it failed on (`error.request.headers.authorization`, masked by Octokit only as
 * `token [REDACTED]`, and only on that one error class), and errors wrap errors (`cause`,
 * AggregateError's `errors`): the whole serialized tree is checked, not one path.
 */
export function serializeError(error: unknown): unknown {
  return redactSecrets(pino.stdSerializers.err(error as Error));
}

/** What a secret is replaced with, in structured fields and in the text of a line. */
export const REDACTED = "[redacted]";

/** Keys whose values are credentials wherever they appear (headers, bodies, error details). */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|x-hub-signature(-256)?|token|access_token|refresh_token|client_secret|private_?key|privatekey|webhook_?secret|secret|password|jwt|pem)$/i;

/** How deep into a logged value secrets are looked for (an error's request headers are 3 levels down). */
const MAX_DEPTH = 8;

/**
 * A copy of `value` with every credential-named field replaced by `[redacted]` and request
 * bodies left out (a failed contents write carries a whole file; a failed token request its
 * credentials), however deep (up to 8 levels: errors inside aggregate errors inside errors).
 * The original is not changed.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key)) copy[key] = REDACTED;
    else if (key === "body" && isRequest(value)) copy[key] = "[omitted]";
    else copy[key] = redactSecrets(field, depth + 1);
  }
  return copy;
}

/** Octokit's `error.request`: method, url, headers (and the body sent). */
function isRequest(value: object): boolean {
  return "method" in value && "url" in value && "headers" in value;
}

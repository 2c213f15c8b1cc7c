import { REDACTED } from "./redact-secrets.js";

/** A PEM private key block (in a JSON line its newlines are `\n`). */
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
/** GitHub's token formats: installation (`ghs_`), user, OAuth, refresh, fine-grained PATs. */
const GITHUB_TOKEN = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g;
/** A JSON Web Token (the app's own, signed with its private key, is a credential for 10 minutes). */
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/g;
/** Shorter configured values are not looked for: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * The last line of defence, on the text of every log line: whatever field or message a secret
 * reached, it is replaced by `[redacted]` — tokens and keys by their shape, and the configured
 * secrets (webhook secret, metrics token, the private key's lines) by their value, as written
 * and as JSON escapes them. The structured redaction (`redactSecrets`, pino `redact`) is what
 * keeps them out; this keeps a mistake from leaking one.
 */
export function scrubSecrets(secrets: readonly (string | undefined)[]): (line: string) => string {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined) continue;
    // A private key given with "\n" escapes (as .env files hold it) is the same key.
    const text = secret.replaceAll("\\n", "\n");
    for (const part of [text, ...text.split("\n").map((line) => line.trim())]) {
      if (part.length < MIN_SECRET_LENGTH || part.startsWith("-----")) continue;
      literals.add(part);
      literals.add(JSON.stringify(part).slice(1, -1));
    }
  }
  const values = [...literals].sort((a, b) => b.length - a.length);
  return (line) => {
    let scrubbed = line.replace(PEM, REDACTED).replace(GITHUB_TOKEN, REDACTED).replace(JWT, REDACTED);
    for (const value of values) if (scrubbed.includes(value)) scrubbed = scrubbed.replaceAll(value, REDACTED);
    return scrubbed;
  };
}

import { Transform, type Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino, type Logger } from "pino";
import { logFormat, type LogEnvironment } from "./log-format.js";
import { REDACTED } from "./redact-secrets.js";
import { scrubSecrets } from "./scrub-secrets.js";
import { serializeError } from "./serialize-error.js";

/**
 * Fields that carry credentials in what Probot and pino-http log: the request headers of every
 * HTTP request the server answers (a scrape of /metrics sends `authorization`, a webhook its
 * signature), and any object logged with a token in it. Errors go through `serializeError`.
 */
const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["proxy-authorization"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "*.headers.authorization",
  "authorization",
  "*.authorization",
  "token",
  "*.token",
  "privateKey",
  "secret",
];

/**
 * The app's logger (Probot's, with redaction): pino with Probot's name, level and message-key
 * settings and Probot's formatting (and Sentry, with SENTRY_DSN), credentials redacted by path
 * and in errors, and every line's text scrubbed of tokens, keys and the configured secrets.
 */
export async function createLog(
  env: LogEnvironment = process.env,
  terminal = process.stdout.isTTY === true,
  destination: Writable = pino.destination(1) as unknown as Writable,
): Promise<Logger> {
  const format = await getTransformStream({
    logFormat: logFormat(env, terminal),
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  const scrub = scrubSecrets([env.PRIVATE_KEY, env.WEBHOOK_SECRET, env.METRICS_TOKEN]);
  const scrubbing = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      done(null, scrub(chunk.toString()));
    },
  });
  scrubbing.pipe(format).pipe(destination);
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
    },
    scrubbing,
  );
}

import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * Conditional requests, as "Best practices for using the REST API" → "Use conditional
 * requests if appropriate" describes them: "Most endpoints return an `etag` header, and many
 * endpoints return a `last-modified` header. You can use the values of these headers to make
 * conditional GET requests … If the data has not changed, you will receive a 304 Not Modified
 * response", and "Making a conditional request does not count against your primary rate limit
 * if a 304 response is returned and the request was made while correctly authorized".
 */

/** What GitHub sends with cacheable answers (and repeats on a 304). */
const CACHE_HEADERS = { "cache-control": "private, max-age=60, s-maxage=60", vary: "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding" };

/**
 * The entity tag of a GET answer: a hash of what the client receives (body, `Link`, media
 * type), so it changes exactly when the answer does — for a list page, when any item on that
 * page changes, an item moves in or out of it (sort order, `since`, state), or the page count
 * changes. The query string is part of the URL, so each page and filter has its own tag.
 * Weak (`W/`), as GitHub's JSON answers are.
 */
export function entityTag(payload: Buffer | string, link: string | undefined, contentType: string): string {
  const hash = createHash("sha256").update(contentType).update("\n").update(link ?? "").update("\n").update(payload).digest("hex");
  return `W/"${hash.slice(0, 32)}"`;
}

/** An ISO timestamp as an HTTP date (`Last-Modified`), to the second. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, "");
}

/**
 * Whether the client's copy is current (RFC 9110 §13.1.2 and §13.2.2): `If-None-Match` with
 * the weak comparison, and only without it, `If-Modified-Since` against `Last-Modified`.
 */
export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModified: string | undefined): boolean {
  const ifNoneMatch = headers["if-none-match"];
  if (typeof ifNoneMatch === "string" && ifNoneMatch.trim() !== "") {
    if (ifNoneMatch.trim() === "*") return true;
    return ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers["if-modified-since"];
  if (typeof ifModifiedSince === "string" && lastModified !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return Number.isFinite(since) && Math.floor(Date.parse(lastModified) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** The validator headers of a cacheable answer. */
export function validatorHeaders(etag: string, lastModified: string | undefined): Record<string, string> {
  return { ...CACHE_HEADERS, etag, ...(lastModified === undefined ? {} : { "last-modified": httpDate(lastModified) }) };
}

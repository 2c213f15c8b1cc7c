import { findBlock } from "./find-block.js";
import { codeSpan } from "./code-span.js";

/**
 * A stand-in for `#n` of an issue that the same plan creates. It is an HTML comment in
 * taskmirror's own namespace: document text is neutralised (neutralize-markers.ts), so no
 * text from a document can contain one, and the key is percent-encoded, so it can hold
 * neither whitespace nor `-->`.
 */
export function refToken(key: string): string {
  return `<!-- taskmirror:ref:${encodeURIComponent(key)} -->`;
}

const TOKEN = /<!-- taskmirror:ref:([^\s]*?) -->/g;

/**
 * Replaces every reference token with `#n`, or with the key in a code span when no number is
 * known. Inside a generated block only: text a person wrote around it stays byte-identical.
 */
export function resolveRefs(body: string, numbers: ReadonlyMap<string, number>): string {
  const block = findBlock(body);
  const start = block?.start ?? 0;
  const end = block?.end ?? body.length;
  const resolved = body.slice(start, end).replace(TOKEN, (token, encoded: string) => {
    let key: string;
    try {
      key = decodeURIComponent(encoded);
    } catch {
      return token;
    }
    const number = numbers.get(key);
    return number === undefined ? codeSpan(key) : `#${number}`;
  });
  return body.slice(0, start) + resolved + body.slice(end);
}

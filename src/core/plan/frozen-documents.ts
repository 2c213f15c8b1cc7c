import type { Diagnostic, Document } from "../model/types.js";

/** What the reader reports when it could not read a document as written. */
const UNREAD = new Set(["invalid-front-matter", "unreadable-document"]);

/**
 * Documents that could not be read (invalid front matter, binary content, a reader failure),
 * each with the first diagnostic that says why. What the reader got out of such a document is
 * not what its author wrote — tasks may be missing or misread — so the sync changes nothing
 * of theirs until it reads again (plan-sync.ts).
 */
export function frozenDocuments(documents: readonly Document[]): Map<string, Diagnostic> {
  const frozen = new Map<string, Diagnostic>();
  for (const doc of documents) {
    const reason = doc.diagnostics.find((d) => UNREAD.has(d.code));
    if (reason) frozen.set(doc.path, reason);
  }
  return frozen;
}

import type { PushFacts } from "./pushed-paths.js";

/**
 * Whether a push may have renamed or moved a document `isDocument` accepts: a push payload
 * lists a moved file as removed under its old path and added under its new one, so only a
 * push that removes one such path and adds another can hold a rename — only then is the
 * compare worth a request.
 */
export function pushMayRename(push: PushFacts, isDocument: (path: string) => boolean): boolean {
  const commits = push.commits ?? [];
  const removed = commits.some((commit) => (commit.removed ?? []).some(isDocument));
  return removed && commits.some((commit) => (commit.added ?? []).some(isDocument));
}

import type { Rename } from "./types.js";

export interface DocumentLineageInput {
  /** Renames the push or the pull request reports. */
  renames?: readonly Rename[];
  /** Paths of the documents read now. */
  paths: ReadonlySet<string>;
  /** The documents mirrored issues name, with the normalised title of each issue's task. */
  issues: readonly { path: string; title: string }[];
  /** The documents' tasks now, with their normalised titles. */
  tasks: readonly { path: string; title: string }[];
}

/**
 * Where each document that no longer exists went (old path → new path). A rename the push
 * or pull request reports counts when its new path is a document now. Without one — a sync with
 * no push, a push whose compare could not be read — a document is taken to have moved when at
 * least half of its issues' titles turn up in one document that no issue names yet, and in no
 * other such document as often: an OpenSpec change archived unchanged, a file renamed.
 */
export function documentLineage(input: DocumentLineageInput): Map<string, string> {
  const lineage = new Map<string, string>();
  for (const { from, to } of input.renames ?? []) {
    if (from !== to && input.paths.has(to) && !input.paths.has(from)) lineage.set(from, to);
  }

  const named = new Set(input.issues.map((issue) => issue.path));
  const newPathsByTitle = new Map<string, Set<string>>();
  for (const { path, title } of input.tasks) {
    if (named.has(path)) continue;
    const paths = newPathsByTitle.get(title) ?? new Set<string>();
    paths.add(path);
    newPathsByTitle.set(title, paths);
  }
  if (newPathsByTitle.size === 0) return lineage;

  const gone = new Map<string, string[]>();
  for (const { path, title } of input.issues) {
    if (input.paths.has(path) || lineage.has(path)) continue;
    gone.set(path, [...(gone.get(path) ?? []), title]);
  }
  for (const [path, titles] of gone) {
    const tally = new Map<string, number>();
    for (const title of titles) for (const to of newPathsByTitle.get(title) ?? []) tally.set(to, (tally.get(to) ?? 0) + 1);
    let best: string | undefined;
    let bestCount = 0;
    let secondCount = 0;
    for (const [to, count] of tally) {
      if (count > bestCount) {
        secondCount = bestCount;
        best = to;
        bestCount = count;
      } else if (count > secondCount) {
        secondCount = count;
      }
    }
    if (best !== undefined && bestCount * 2 >= titles.length && bestCount > secondCount) lineage.set(path, best);
  }
  return lineage;
}

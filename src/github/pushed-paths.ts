import { PUSH_PAYLOAD_COMMITS_MAX } from "../core/limits.js";

/** Files GitHub lists per commit of a push payload (added + modified + removed). */
export const PUSH_COMMIT_FILES_MAX = 3000;

export interface PushFacts {
  before: string;
  after: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  commits?: { added?: string[]; modified?: string[]; removed?: string[] }[] | null;
}

export interface PushedPaths {
  paths: string[];
  /** False when the payload cannot tell every changed file (the compare API can, or nothing can). */
  complete: boolean;
}

const ZERO_SHA = /^0+$/;

/**
 * The files a push changed, as far as its payload tells. The payload lists at most 2048
 * commits and 3000 files per commit, and for a force push or a new branch its commits are not
 * the difference between `before` and `after`.
 */
export function pushedPaths(push: PushFacts): PushedPaths {
  const commits = push.commits ?? [];
  const paths = new Set<string>();
  let complete = !push.forced && !push.created && !ZERO_SHA.test(push.before) && commits.length < PUSH_PAYLOAD_COMMITS_MAX;
  if (commits.length === 0 && push.before !== push.after) complete = false;
  for (const commit of commits) {
    const files = [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])];
    if (files.length >= PUSH_COMMIT_FILES_MAX) complete = false;
    for (const file of files) paths.add(file);
  }
  return { paths: [...paths].sort(), complete };
}

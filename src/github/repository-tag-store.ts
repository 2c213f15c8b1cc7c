import type { ProjectRef } from "../core/project/types.js";

/**
 * The entity tags a reconcile last saw for a repository: its default branch's head and the
 * first page of its issues by last update. Matching tags mean nothing changed since a sync
 * that left the repository converged, so the reconcile stops there.
 */
export interface RepositoryTags {
  branch: string;
  head: string;
  issues: string;
  /** The configured project's last update, as the converged sync read it: a board move (no webhook from a user's project) is a change. */
  project?: ProjectStamp;
}

/** Which project, and its `updatedAt`. */
export interface ProjectStamp extends ProjectRef {
  updatedAt: string;
}

/**
 * Where the tags are kept: in memory, or in Redis when several instances share the work. Losing
 * them (a restart without Redis) costs one full sync per repository, nothing else.
 */
export interface RepositoryTagStore {
  get(repository: string): Promise<RepositoryTags | undefined>;
  set(repository: string, tags: RepositoryTags): Promise<void>;
  delete(repository: string): Promise<void>;
}

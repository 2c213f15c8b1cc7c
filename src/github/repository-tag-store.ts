/**
 * The entity tags a reconcile last saw for a repository: its default branch's head and the
 * first page of its issues by last update. Matching tags mean nothing changed since a sync
 * that left the repository converged, so the reconcile stops there.
 */
export interface RepositoryTags {
  branch: string;
  head: string;
  issues: string;
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

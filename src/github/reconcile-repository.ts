import { countRequests } from "./count-requests.js";
import { probeRepository } from "./probe-repository.js";
import type { RepositoryTagStore } from "./repository-tag-store.js";
import { syncRepository, type SyncOptions, type SyncResult } from "./sync-repository.js";
import type { GitHubScope } from "./types.js";

export type ReconcileResult = { outcome: "unchanged"; branch: string; reads: number; writes: 0 } | SyncResult;
/** The sync ran out of the write budget: a continuation finishes it. */
export type DeferredReconcile = { outcome: "deferred"; branch: string };

/** How the full sync runs when the probe saw a change (the app's: with its report and slices; null: deferred to a continuation). */
export type RunSync = (scope: GitHubScope, options: SyncOptions) => Promise<SyncResult | null>;

/**
 * A level-triggered sync: nearly free when nothing changed. Two conditional reads (and one
 * GraphQL read of the project's `updatedAt` when one is configured; see `probeRepository`) compare the repository with the tags kept after its last converged sync;
 * when both answer 304 nothing else is read or written. Otherwise the full sync runs, and the
 * tags taken BEFORE it are kept only when it wrote nothing: a sync that wrote changed the
 * issues it listed, and whatever changed between the probe and the sync's own reads must not
 * be hidden behind tags of an older state — the next reconcile syncs again instead.
 */
export function reconcileRepository(scope: GitHubScope, options: SyncOptions, store: RepositoryTagStore): Promise<ReconcileResult>;
export function reconcileRepository(scope: GitHubScope, options: SyncOptions, store: RepositoryTagStore, runSync: RunSync): Promise<ReconcileResult | DeferredReconcile>;
export async function reconcileRepository(scope: GitHubScope, options: SyncOptions, store: RepositoryTagStore, runSync: RunSync = syncRepository): Promise<ReconcileResult | DeferredReconcile> {
  const { octokit, repo } = scope;
  const repository = `${repo.owner}/${repo.repo}`;
  const probed = await countRequests(octokit, async (requests) => {
    const branch =
      options.branch ?? options.defaultBranch ?? (await octokit.request("GET /repos/{owner}/{repo}", { ...repo })).data.default_branch;
    const probe = await probeRepository(scope, branch, await store.get(repository));
    return { branch, probe, reads: requests.reads };
  });
  const { branch, probe } = probed;
  if (!probe.changed) {
    scope.log.debug({ reads: probed.reads }, "reconcile: unchanged since the last converged sync");
    return { outcome: "unchanged", branch, reads: probed.reads, writes: 0 };
  }
  let result: SyncResult | null;
  try {
    const defaultBranch = options.defaultBranch ?? (options.branch === undefined ? branch : undefined);
    result = await runSync(scope, { ...options, branch, ...(defaultBranch === undefined ? {} : { defaultBranch }) });
  } catch (error) {
    await store.delete(repository);
    throw error;
  }
  if (result === null) {
    // The write budget ran out: a continuation finishes it; the next reconcile looks again.
    await store.delete(repository);
    return { outcome: "deferred", branch };
  }
  // A board stamp it cannot trust (see `SyncResult.projectStamp`): the next round syncs again.
  const converged = result.projectStamp !== null && result.writes === 0 && result.outcome !== "planned" && (result.counts?.failed ?? 0) === 0 && (result.toggles?.failed ?? 0) === 0;
  // The project's stamp is the sync's own reading of the board (taken before any write, and a
  // converged sync wrote none).
  if (converged && probe.tags) await store.set(repository, { ...probe.tags, ...(result.projectStamp ? { project: result.projectStamp } : {}) });
  else await store.delete(repository);
  return { ...result, reads: result.reads + probed.reads };
}

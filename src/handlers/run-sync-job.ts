import { CONFIG_PATH, type ParsedConfig } from "../core/config/parse-config.js";
import { loadConfig } from "../github/load-config.js";
import { loadPushedChanges, type PushedChanges } from "../github/load-pushed-changes.js";
import { pushMayRename } from "../github/push-may-rename.js";
import { serverUrlFor } from "../github/server-url.js";
import { reconcileRepository } from "../github/reconcile-repository.js";
import type { RepositoryTagStore } from "../github/repository-tag-store.js";
import type { SyncOptions, SyncResult } from "../github/sync-repository.js";
import { syncWithReport, type Submit } from "../github/sync-with-report.js";
import { loadPermission, type PermissionCache } from "../github/write-back/load-permission.js";
import { permissionAllows } from "../core/sync/permission-allows.js";
import { taskPathMatcher } from "../github/task-path-matcher.js";
import type { GitHubScope } from "../github/types.js";
import type { SyncJob } from "../queue/job.js";
import type { WorkReport } from "./handler-deps.js";
import { syncReport } from "./sync-report.js";

const MARKDOWN = /\.(md|markdown)$/i;

/**
 * A sync job: the repository converges to its default branch's documents. For a push, what
 * its payload told decides what must be read first: the compare at most once (when the payload
 * could not list the files, or when it may hold a renamed task document), and the config, to
 * drop a push that changed no task document.
 */
/** Who may press "Resync": a sync writes issues, so the person must be able to write them. */
const RESYNC_PERMISSION = "write";

export interface SyncJobDeps {
  /** The ETags of each repository's last converged reconcile. */
  tags: RepositoryTagStore;
  /** Where a budgeted sync's continuation goes (the job queue). */
  submit: Submit;
  /** Ends a slice's waits early when the repository's hold is lost. */
  signal?: AbortSignal;
  permissions?: PermissionCache;
}

export async function runSyncJob(scope: GitHubScope, job: SyncJob, botLogin: string, deps: SyncJobDeps): Promise<WorkReport | undefined> {
  const serverUrl = serverUrlFor(scope.octokit);
  const branch = job.defaultBranch;
  // Every sync of the default branch runs with its report, in slices when over the write budget.
  const reported = (options: SyncOptions): Promise<SyncResult | null> =>
    syncWithReport(scope, { ...options, job, submit: deps.submit, ...(deps.signal ? { signal: deps.signal } : {}) });
  const report = (result: SyncResult | null): WorkReport => (result ? syncReport(result) : { planned: 0, applied: 0, details: { outcome: "deferred" } });
  if (job.reason === "resync" && job.askedBy !== undefined) {
    const granted = await loadPermission(scope, job.askedBy, deps.permissions);
    if (!permissionAllows(granted, RESYNC_PERMISSION)) {
      scope.log.info({ login: job.askedBy, permission: granted.roleName ?? granted.permission }, `resync refused: ${job.askedBy} cannot write to the repository`);
      return { planned: 0, applied: 0, details: { resync: "refused", login: job.askedBy } };
    }
  }
  if (job.reason === "reconcile") {
    // Two conditional reads first: an unchanged repository is left alone (nothing to report).
    const result = await reconcileRepository(scope, { botLogin, serverUrl, ...(branch !== undefined ? { defaultBranch: branch } : {}) }, deps.tags, (_scope, options) => reported(options));
    if (result.outcome === "unchanged") return undefined;
    return result.outcome === "deferred" ? report(null) : syncReport(result);
  }
  if (job.reason !== "push" || branch === undefined) {
    return report(
      await reported({
        botLogin,
        serverUrl,
        ...(branch !== undefined ? { branch, defaultBranch: branch } : {}),
        ...(job.renames ? { renames: job.renames } : {}),
      }),
    );
  }
  const compare = job.before !== undefined && job.after !== undefined ? { before: job.before, after: job.after } : undefined;
  const loadChanges = async (): Promise<PushedChanges | null> => (compare ? loadPushedChanges(scope, compare) : null);
  const listed = job.paths ?? null;
  let changes = listed !== null ? undefined : await loadChanges();
  const paths = listed ?? changes?.paths ?? null;
  let config: ParsedConfig | undefined;
  if (paths !== null && !paths.includes(CONFIG_PATH)) {
    config = await loadConfig(scope, branch);
    if (config.config && !paths.some(taskPathMatcher(config.config))) {
      scope.log.debug("push: no task document changed");
      return undefined;
    }
  }
  const isDocument = config?.config ? taskPathMatcher(config.config) : (path: string) => MARKDOWN.test(path);
  const moved = { before: "", after: "", commits: [{ removed: job.removed ?? [], added: job.added ?? [] }] };
  if (changes === undefined && !job.renames && pushMayRename(moved, isDocument)) changes = await loadChanges();
  const renames = job.renames ?? changes?.renames;
  const result = await reported({
    botLogin,
    serverUrl,
    branch,
    defaultBranch: branch,
    ...(config ? { config } : {}),
    ...(job.reportSha !== undefined ? { reportSha: job.reportSha } : {}),
    ...(renames ? { renames } : {}),
  });
  return report(result);
}

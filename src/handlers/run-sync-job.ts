import { CONFIG_PATH, type ParsedConfig } from "../core/config/parse-config.js";
import { loadConfig } from "../github/load-config.js";
import { loadPushedChanges, type PushedChanges } from "../github/load-pushed-changes.js";
import { pushMayRename } from "../github/push-may-rename.js";
import { serverUrlFor } from "../github/server-url.js";
import { syncRepository } from "../github/sync-repository.js";
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
export async function runSyncJob(scope: GitHubScope, job: SyncJob, botLogin: string): Promise<WorkReport | undefined> {
  const serverUrl = serverUrlFor(scope.octokit);
  const branch = job.defaultBranch;
  if (job.reason !== "push" || branch === undefined) {
    return syncReport(
      await syncRepository(scope, {
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
  const result = await syncRepository(scope, {
    botLogin,
    serverUrl,
    branch,
    defaultBranch: branch,
    ...(config ? { config } : {}),
    ...(job.reportSha !== undefined ? { reportSha: job.reportSha } : {}),
    ...(renames ? { renames } : {}),
  });
  return syncReport(result);
}

import type { Context } from "probot";
import { CONFIG_PATH } from "../core/config/parse-config.js";
import type { ParsedConfig } from "../core/config/parse-config.js";
import { loadConfig } from "../github/load-config.js";
import { loadPushedChanges } from "../github/load-pushed-changes.js";
import { pushMayRename } from "../github/push-may-rename.js";
import { pushedPaths } from "../github/pushed-paths.js";
import { serverUrlFor } from "../github/server-url.js";
import { syncWithReport } from "../github/sync-with-report.js";
import { taskPathMatcher } from "../github/task-path-matcher.js";
import type { GitHubScope } from "../github/types.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";
import { syncJobOf } from "./sync-job-of.js";
import { syncReport } from "./sync-report.js";

const MARKDOWN = /\.(md|markdown)$/i;

/**
 * A push to the default branch that touches a task document or the config syncs the
 * repository. Every other push is dropped from its payload alone, without an API request.
 */
export async function handlePush(context: Context<"push">, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { repository } = payload;
  const log = context.log.child({ repo: repository.full_name, delivery: context.id });
  const branch = repository.default_branch;
  if (payload.ref !== `refs/heads/${branch}` || payload.deleted) {
    log.debug({ ref: payload.ref }, "push: not to the default branch");
    return;
  }
  const listed = pushedPaths(payload);
  if (listed.complete && !listed.paths.some((path) => MARKDOWN.test(path) || path === CONFIG_PATH)) {
    log.debug("push: no markdown file or config changed");
    return;
  }
  const owner = repository.owner?.login ?? repository.full_name.split("/")[0] ?? "";
  const scope: GitHubScope = { octokit: context.octokit, log, repo: { owner, repo: repository.name } };
  const event = { repository: repository.full_name, sender: payload.sender?.login, name: "push", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) => {
    // The compare is read at most once: when the payload cannot list the files, or when it
    // may hold a renamed task document (which it lists as removed and added).
    let changes = listed.complete ? undefined : await loadPushedChanges(scope, payload);
    const paths = listed.complete ? listed.paths : (changes?.paths ?? null);
    let config: ParsedConfig | undefined;
    if (paths !== null && !paths.includes(CONFIG_PATH)) {
      config = await loadConfig(scope, branch);
      if (config.config && !paths.some(taskPathMatcher(config.config))) {
        log.debug("push: no task document changed");
        return undefined;
      }
    }
    const isDocument = config?.config ? taskPathMatcher(config.config) : (path: string) => MARKDOWN.test(path);
    if (changes === undefined && pushMayRename(payload, isDocument)) changes = await loadPushedChanges(scope, payload);
    const result = await syncWithReport(scope, {
      job: syncJobOf(context, scope.repo, "push", { reportSha: payload.after, ...(payload.sender?.login ? { sender: payload.sender.login } : {}) }),
      submit: deps.submit,
      botLogin,
      serverUrl: serverUrlFor(context.octokit),
      branch,
      defaultBranch: branch,
      ...(config ? { config } : {}),
      reportSha: payload.after,
      ...(changes ? { renames: changes.renames } : {}),
    });
    return result ? syncReport(result) : { planned: 0, applied: 0, details: { outcome: "deferred" } };
  });
}

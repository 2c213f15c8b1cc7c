import type { Context } from "probot";
import { permissionAllows } from "../core/sync/permission-allows.js";
import { RESYNC_ACTION } from "../github/check/write-sync-run.js";
import { CHECK_NAME } from "../github/report-invalid-config.js";
import type { GitHubScope } from "../github/types.js";
import { loadPermission, type PermissionCache } from "../github/write-back/load-permission.js";
import { deliveryOf, enqueueUnlessOwnEvent, type HandlerDeps } from "./handler-deps.js";
import { syncJobOf } from "./sync-job-of.js";

/** Who may press "Resync": a sync writes issues, so the person must be able to write them. */
const RESYNC_PERMISSION = "write";

/**
 * The "Resync" button of a sync report run (`check_run.requested_action`): a person with
 * write permission asks for the repository to be reconciled now — a sync job, reason
 * `resync`. Anyone else's press does nothing but a log line: GitHub shows the button to
 * everyone who can see the run.
 */
export async function handleCheckRunAction(context: Context<"check_run.requested_action">, deps: HandlerDeps & { permissions?: PermissionCache }): Promise<void> {
  const { payload } = context;
  const { check_run: run, repository, sender } = payload;
  const log = context.log.child({ repo: repository.full_name, sha: run.head_sha, delivery: context.id });
  const identifier = payload.requested_action?.identifier;
  if (run.name !== CHECK_NAME || identifier !== RESYNC_ACTION.identifier) {
    log.debug({ name: run.name, identifier }, "check_run.requested_action: not taskmirror's Resync");
    return;
  }
  const repo = { owner: repository.owner.login, repo: repository.name };
  const scope: GitHubScope = { octokit: context.octokit, log, repo };
  const event = { repository: repository.full_name, sender: sender.login, name: "check_run", delivery: deliveryOf(context) };
  enqueueUnlessOwnEvent(deps, event, log, async (botLogin) => {
    if (run.app?.slug !== botLogin.replace(/\[bot\]$/, "")) {
      log.debug({ app: run.app?.slug }, "check_run.requested_action: another app's run");
      return undefined;
    }
    const granted = await loadPermission(scope, sender.login, deps.permissions);
    if (!permissionAllows(granted, RESYNC_PERMISSION)) {
      log.info({ login: sender.login, permission: granted.roleName ?? granted.permission }, `resync refused: ${sender.login} cannot write to the repository`);
      return { planned: 0, applied: 0, details: { resync: "refused", login: sender.login } };
    }
    await deps.submit(syncJobOf(context, repo, "resync", { sender: sender.login }));
    log.info({ login: sender.login }, "resync asked for: a sync job is submitted");
    return { planned: 0, applied: 0, details: { resync: "submitted", login: sender.login } };
  });
}

import type { Context } from "probot";
import { CONFIG_PATH } from "../core/config/parse-config.js";
import { pushedPaths } from "../github/pushed-paths.js";
import type { SyncJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

const MARKDOWN = /\.(md|markdown)$/i;
const ZERO_SHA = /^0+$/;

/**
 * A push to the default branch that touches a task document or the config syncs the
 * repository. Every other push is dropped from its payload alone, without an API request.
 * The sync is recorded as a job with what the payload tells (src/handlers/run-sync-job.ts).
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
  const commits = payload.commits ?? [];
  const removed = [...new Set(commits.flatMap((commit) => commit.removed ?? []))];
  const added = [...new Set(commits.flatMap((commit) => commit.added ?? []))];
  // A compare tells nothing for a force push or a new branch (src/github/load-pushed-changes.ts).
  const comparable = !payload.forced && !payload.created && !ZERO_SHA.test(payload.before);
  const base = jobBaseOf(context, "sync", { owner, repo: repository.name, defaultBranch: branch }, payload.sender?.login);
  if (!base) return;
  const job: SyncJob = {
    ...base,
    kind: "sync",
    reason: "push",
    reportSha: payload.after,
    paths: listed.complete ? listed.paths : null,
    ...(comparable ? { before: payload.before, after: payload.after } : {}),
    ...(removed.length > 0 ? { removed, added } : {}),
  };
  await submitJob(deps, job);
}

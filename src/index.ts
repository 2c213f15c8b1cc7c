import type { ApplicationFunctionOptions, Probot } from "probot";
import { CHECK_SUITE_EVENTS, handleCheckSuite } from "./handlers/check-suite.js";
import { handleCheckRun } from "./handlers/check-run.js";
import { handleCheckRunAction } from "./handlers/check-run-action.js";
import { createHandlerDeps } from "./handlers/handler-deps.js";
import { handleInstallation } from "./handlers/installation.js";
import { registerIssueHandlers } from "./handlers/issues.js";
import { jobRunner } from "./handlers/job-runner.js";
import { handleProjectItem } from "./handlers/project-item.js";
import { PULL_REQUEST_EVENTS, handlePullRequest } from "./handlers/pull-request.js";
import { handlePush } from "./handlers/push.js";
import { observeDeliveries } from "./ops/observe-deliveries.js";
import type { RepositoryTagStore } from "./github/repository-tag-store.js";
import type { JobQueue } from "./queue/job-queue.js";

export interface TaskmirrorOptions extends Partial<ApplicationFunctionOptions> {
  /** Where the handlers record their work (src/main.ts: the durable one); started here, with the runner. */
  jobs?: JobQueue;
  /** Where reconciles keep each repository's ETags (default: this process's memory). */
  tags?: RepositoryTagStore;
}

/**
 * The Probot app: wires webhook events to their handlers (every delivery counted), and the
 * job queue the handlers record work in to the runner that does it; nothing else.
 */
export default async function taskmirror(app: Probot, options: TaskmirrorOptions = {}): Promise<void> {
  const deps = createHandlerDeps(app, options.jobs ? { jobs: options.jobs } : {});
  const on = observeDeliveries(app);
  on("push", (context) => handlePush(context, deps));
  on(["installation.created", "installation_repositories.added"], (context) => handleInstallation(context, deps));
  on(PULL_REQUEST_EVENTS, (context) => handlePullRequest(context, deps));
  on(CHECK_SUITE_EVENTS, (context) => handleCheckSuite(context, deps));
  on("check_run.rerequested", (context) => handleCheckRun(context, deps));
  on("check_run.requested_action", (context) => handleCheckRunAction(context, deps));
  const batcher = registerIssueHandlers(app, deps, on);
  on("projects_v2_item.edited", (context) => handleProjectItem(context, deps));
  await deps.jobs.start(jobRunner(app, { ...deps, batcher, ...(options.tags ? { tags: options.tags } : {}) }));
}

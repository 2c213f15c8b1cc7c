import type { Probot } from "probot";
import { CHECK_SUITE_EVENTS, handleCheckSuite } from "./handlers/check-suite.js";
import { handleCheckRun } from "./handlers/check-run.js";
import { handleCheckRunAction } from "./handlers/check-run-action.js";
import { createHandlerDeps } from "./handlers/handler-deps.js";
import { handleInstallation } from "./handlers/installation.js";
import { registerIssueHandlers } from "./handlers/issues.js";
import { PULL_REQUEST_EVENTS, handlePullRequest } from "./handlers/pull-request.js";
import { handlePush } from "./handlers/push.js";
import { observeDeliveries } from "./ops/observe-deliveries.js";

/** The Probot app: wires webhook events to their handlers (every delivery counted), nothing else. */
export default function taskmirror(app: Probot): void {
  const deps = createHandlerDeps(app);
  const on = observeDeliveries(app);
  on("push", (context) => handlePush(context, deps));
  on(["installation.created", "installation_repositories.added"], (context) => handleInstallation(context, deps));
  on(PULL_REQUEST_EVENTS, (context) => handlePullRequest(context, deps));
  on(CHECK_SUITE_EVENTS, (context) => handleCheckSuite(context, deps));
  on("check_run.rerequested", (context) => handleCheckRun(context, deps));
  on("check_run.requested_action", (context) => handleCheckRunAction(context, deps));
  registerIssueHandlers(app, deps, on);
}

import type { Probot } from "probot";
import { CHECK_SUITE_EVENTS, handleCheckSuite } from "./handlers/check-suite.js";
import { handleCheckRun } from "./handlers/check-run.js";
import { createHandlerDeps } from "./handlers/handler-deps.js";
import { handleInstallation } from "./handlers/installation.js";
import { registerIssueHandlers } from "./handlers/issues.js";
import { PULL_REQUEST_EVENTS, handlePullRequest } from "./handlers/pull-request.js";
import { handlePush } from "./handlers/push.js";

/** The Probot app: wires webhook events to their handlers, nothing else. */
export default function taskmirror(app: Probot): void {
  const deps = createHandlerDeps(app);
  app.on("push", (context) => handlePush(context, deps));
  app.on(["installation.created", "installation_repositories.added"], (context) => handleInstallation(context, deps));
  app.on([...PULL_REQUEST_EVENTS], (context) => handlePullRequest(context, deps));
  app.on([...CHECK_SUITE_EVENTS], (context) => handleCheckSuite(context, deps));
  app.on("check_run.rerequested", (context) => handleCheckRun(context, deps));
  registerIssueHandlers(app, deps);
}

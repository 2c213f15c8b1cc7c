import type { Context } from "probot";
import { serverUrlFor } from "../github/server-url.js";
import { syncWithReport } from "../github/sync-with-report.js";
import { deliveryOf, enqueueDelivery, type HandlerDeps } from "./handler-deps.js";
import { syncJobOf } from "./sync-job-of.js";
import { syncReport } from "./sync-report.js";

type InstallationContext = Context<"installation.created"> | Context<"installation_repositories.added">;

/**
 * The app installed, or repositories added to an installation: each repository is fully
 * synced from its default branch, each in its own queue lane.
 */
export async function handleInstallation(context: InstallationContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const repositories = "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
  for (const repository of repositories) {
    const [owner, repo] = repository.full_name.split("/");
    if (!owner || !repo) continue;
    const log = context.log.child({ repo: repository.full_name, delivery: context.id });
    enqueueDelivery(deps, repository.full_name, deliveryOf(context), log, async () => {
      const botLogin = await deps.botLogin();
      const result = await syncWithReport(
        { octokit: context.octokit, log, repo: { owner, repo } },
        { botLogin, serverUrl: serverUrlFor(context.octokit), job: syncJobOf(context, { owner, repo }, "installation"), submit: deps.submit },
      );
      return result ? syncReport(result) : { planned: 0, applied: 0, details: { outcome: "deferred" } };
    });
  }
  if (repositories.length === 0) context.log.debug({ delivery: context.id }, "installation: no repository to sync");
}

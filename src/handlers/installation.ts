import type { Context } from "probot";
import type { SyncJob } from "../queue/job.js";
import { jobBaseOf, submitJob, type HandlerDeps } from "./handler-deps.js";

type InstallationContext = Context<"installation.created"> | Context<"installation_repositories.added">;

/**
 * The app installed, or repositories added to an installation: each repository is fully
 * synced from its default branch, each a job of its own (on its own queue lane).
 */
export async function handleInstallation(context: InstallationContext, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const repositories = "repositories_added" in payload ? payload.repositories_added : (payload.repositories ?? []);
  for (const repository of repositories) {
    const [owner, repo] = repository.full_name.split("/");
    if (!owner || !repo) continue;
    // No sender: the app itself never installs the app.
    const base = jobBaseOf(context, `sync:${repository.full_name}`, { owner, repo }, undefined);
    if (!base) continue;
    const job: SyncJob = { ...base, kind: "sync", reason: "installation" };
    await submitJob(deps, job);
  }
  if (repositories.length === 0) context.log.debug({ delivery: context.id }, "installation: no repository to sync");
}

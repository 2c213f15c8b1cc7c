import type { FakeContext } from "./context.js";
import { renderOrganizationBrief, renderRepo, renderUser } from "./render-core.js";
import type { Account, Repo } from "./types.js";

/**
 * Sends a repository event to the app, as GitHub does: only for repositories the app is
 * installed on, with `repository`, `sender` and `installation { id, node_id }` added.
 * Delivery is queued; `ctx.webhooks.idle()` waits for it.
 */
export function emitRepoEvent(ctx: FakeContext, repo: Repo, event: string, payload: Record<string, unknown>, sender: Account): void {
  const installation = ctx.state.installationOf(repo);
  if (installation === undefined) return;
  const full: Record<string, unknown> = {
    ...payload,
    repository: renderRepo(ctx, repo, event === "push" ? "push" : "webhook"),
    sender: renderUser(ctx, sender),
    installation: { id: installation.id, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}` },
  };
  if (repo.owner.type === "Organization") full.organization = renderOrganizationBrief(ctx, repo.owner);
  void ctx.webhooks.send(event, full);
}

import type { FakeContext } from "./context.js";
import { notFound } from "./github-error.js";
import { renderIssueType } from "./render-planning.js";
import type { Router } from "./router.js";

/**
 * An organization's issue types, and those a repository offers (its organization's; a
 * repository owned by a user has none).
 * https://docs.github.com/en/rest/orgs/issue-types
 */
export function issueTypeRoutes(router: Router, ctx: FakeContext): void {
  router.on("GET", "/orgs/{org}/issue-types", (request) => {
    const org = ctx.state.findAccount(request.params.org ?? "");
    if (org === undefined || org.type !== "Organization") throw notFound();
    return { status: 200, body: ctx.state.planning.typesOf(org.id).map(renderIssueType) };
  });

  router.repo("GET", "/repos/{owner}/{repo}/issue-types", (request) => ({
    status: 200,
    body: ctx.state.planning.typesOf(request.repo.owner.id).filter((type) => type.isEnabled).map(renderIssueType),
  }));
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "./app-harness.js";
import { tallyRequests } from "../support/tally-requests.js";
import { SEED_FILES } from "./seed-files.js";

/**
 * The request budget of a full sync of the seed documents, and of a sync that finds nothing
 * to do: writes are exactly the issues, labels and links the documents need, a sub-issue's link
 * made by its create, and the sync report's one check run (the issues read twice: the listing,
 * and the newest page right before the first create; the repository's node ids once, for the
 * GraphQL creates; and its issue types, once an hour); a no-op sync writes nothing and reads one page per 100 issues of the
 * repository plus the documents' tree.
 */
describe("syncing the seed documents", () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startAppHarness();
    await app.fake.createRepo({ owner: "acme", name: "platform", files: SEED_FILES });
  });
  afterAll(async () => {
    expect(app.fake.violations()).toEqual([]);
    await app.close();
  });

  const count = (from: number) => tallyRequests(app.requestsSince(from));

  it("writes exactly one create per task, one label per name and one link per relation", async () => {
    const from = app.fake.requests().length;
    await app.fake.installApp({ owner: "acme", repos: ["platform"] });
    await app.settle();
    const repo = app.fake.snapshot().repositories.find((r) => r.full_name === "acme/platform")!;
    const issues = repo.issues.filter((issue) => !issue.pull_request);
    const links = issues.reduce((sum, issue) => sum + issue.blocked_by.length + (issue.parent ? 1 : 0), 0);
    const closedAtOnce = issues.filter((issue) => issue.state === "closed").length;
    const measured = count(from);
    // A sub-issue is made under its parent by GraphQL's createIssue (one write for both), unless
    // it has assignees (REST create, then the link).
    const underParent = issues.filter((issue) => issue.parent && issue.assignees.length === 0).length;
    expect(measured.writeRoutes).toEqual({
      "POST /repos/{owner}/{repo}/labels": repo.labels.length,
      "POST /repos/{owner}/{repo}/issues": issues.length - underParent,
      ...(underParent > 0 ? { "POST /graphql mutation createIssue": underParent } : {}),
      ...(closedAtOnce > 0 ? { "PATCH /repos/{owner}/{repo}/issues/{issue_number}": closedAtOnce } : {}),
      ...(links > 0 ? countLinks(issues) : {}),
      // The sync report: one check run on the synced commit, whatever the sync did.
      "POST /repos/{owner}/{repo}/check-runs": 1,
    });
    expect({ issues: issues.length, labels: repo.labels.length, links, ...measured }).toMatchInlineSnapshot(`
      {
        "issues": 97,
        "labels": 23,
        "links": 35,
        "readRoutes": {
          "GET /app": 1,
          "GET /repos/{owner}/{repo}": 1,
          "GET /repos/{owner}/{repo}/contents/{path}": 1,
          "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": 5,
          "GET /repos/{owner}/{repo}/git/ref/{ref}": 1,
          "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": 1,
          "GET /repos/{owner}/{repo}/issues": 2,
          "GET /repos/{owner}/{repo}/labels": 1,
          "POST /graphql query repository": 2,
        },
        "reads": 15,
        "writeRoutes": {
          "POST /graphql mutation createIssue": 9,
          "POST /repos/{owner}/{repo}/check-runs": 1,
          "POST /repos/{owner}/{repo}/issues": 88,
          "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": 26,
          "POST /repos/{owner}/{repo}/labels": 23,
        },
        "writes": 147,
      }
    `);
  });

  it("writes nothing when nothing changed, and reads one page of issues per 100", async () => {
    const install = app.fake.deliveries().find((d) => d.event === "installation")!;
    const from = app.fake.requests().length;
    await app.fake.redeliver(install.id);
    await app.settle();
    expect(count(from)).toMatchInlineSnapshot(`
      {
        "readRoutes": {
          "GET /repos/{owner}/{repo}": 1,
          "GET /repos/{owner}/{repo}/contents/{path}": 1,
          "GET /repos/{owner}/{repo}/git/ref/{ref}": 1,
          "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": 1,
          "GET /repos/{owner}/{repo}/issues": 1,
        },
        "reads": 5,
        "writeRoutes": {},
        "writes": 0,
      }
    `);
  });
});

function countLinks(issues: { blocked_by: string[]; parent: string | null; assignees: string[] }[]): Record<string, number> {
  const blocked = issues.reduce((sum, issue) => sum + issue.blocked_by.length, 0);
  const parents = issues.filter((issue) => issue.parent && issue.assignees.length > 0).length;
  return {
    ...(blocked > 0 ? { "POST /repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by": blocked } : {}),
    ...(parents > 0 ? { "POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues": parents } : {}),
  };
}

import { describe, expect, it } from "vitest";
import { createIssueOnce } from "../../../src/github/create-issue-once.js";
import { httpError, stubGitHub } from "./stub-github.js";

const marker = (key: string) => `<!-- taskmirror:state {"v":1,"key":"${key}","path":"T.md","done":false,"items":[]} -->`;
const issue = { title: "T-1: x", body: `body\n${marker("T-1")}`, labels: ["taskmirror"] };
/** An issue as GitHub's issues list shows it. */
const rest = (number: number, key: string, login = "app[bot]") => ({ number, id: number * 101, title: key, body: marker(key), state: "open", labels: [], user: { login } });

describe("createIssueOnce", () => {
  it("finds the issue a failed create made instead of creating it again, by key and author, among the newest issues", async () => {
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/issues": () => {
        throw httpError(502, "Bad Gateway");
      },
      "GET /repos/{owner}/{repo}/issues": () => [
        rest(10, "T-1", "alice"),
        rest(9, "T-2"),
        rest(8, "T-1"),
        { ...rest(7, "T-1"), pull_request: {} },
        rest(2, "T-1"),
      ],
    });
    // #10 is a person's issue with the marker pasted in, #7 a pull request, and #2 an issue the
    // sync listed that keeps the key (the matching chose not to reuse it): only #8 is the create's.
    expect(await createIssueOnce(scope, "T-1", issue, "app[bot]", new Set([2]))).toEqual({ number: 8, id: 808, parentNumber: null });
    expect(calls.map((call) => call.route)).toEqual(["POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}/issues"]);
    expect(calls[1]?.params).toEqual({ state: "all", sort: "created", direction: "desc", per_page: 100 });
  });

  it("tries again when the failed create made nothing, and not after a 4xx", async () => {
    let posts = 0;
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/issues": () => {
        posts += 1;
        if (posts === 1) throw Object.assign(new Error("socket hang up"), {});
        return { number: 3, id: 303 };
      },
      "GET /repos/{owner}/{repo}/issues": () => [],
    });
    expect(await createIssueOnce(scope, "T-1", issue, "app[bot]")).toEqual({ number: 3, id: 303 });
    expect(calls.map((call) => call.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues",
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
    ]);

    const refused = stubGitHub({
      "POST /repos/{owner}/{repo}/issues": () => {
        throw httpError(410, "Issues are disabled for this repo");
      },
    });
    await expect(createIssueOnce(refused.scope, "T-1", issue, "app[bot]")).rejects.toMatchObject({ status: 410 });
    expect(refused.calls).toHaveLength(1);
  });

  describe("with a parent, by GraphQL createIssue", () => {
    const withParent = { repositoryId: "R_1", parentIssueId: "I_5", labelIds: ["LA_1"] };
    const made = { createIssue: { issue: { id: "I_9", number: 9, fullDatabaseId: "2900000009", parent: { number: 5 } } } };
    const graphqlError = (errors: unknown[]) => Object.assign(new Error("Request failed due to following response errors"), { name: "GraphqlResponseError", errors });

    it("makes the issue under its parent in one mutation, with the REST id from fullDatabaseId", async () => {
      const { scope, calls } = stubGitHub({ "graphql TaskmirrorCreateIssue": () => made });
      expect(await createIssueOnce(scope, "T-1", issue, "app[bot]", new Set(), withParent)).toEqual({ number: 9, id: 2900000009, nodeId: "I_9", parentNumber: 5 });
      expect(calls).toEqual([
        { route: "graphql TaskmirrorCreateIssue", params: { input: { repositoryId: "R_1", title: issue.title, body: issue.body, labelIds: ["LA_1"], parentIssueId: "I_5" } } },
      ]);
    });

    it("after a lost answer (or an untyped error) looks among the newest issues before sending it again", async () => {
      let sent = 0;
      const { scope, calls } = stubGitHub({
        "graphql TaskmirrorCreateIssue": () => {
          sent += 1;
          throw sent === 1 ? httpError(502, "Bad Gateway") : graphqlError([{ message: "Something went wrong while executing your query." }]);
        },
        "GET /repos/{owner}/{repo}/issues": () => (sent === 1 ? [] : [{ ...rest(9, "T-1"), parent_issue_url: "https://api.test/repos/o/r/issues/5", node_id: "I_9" }]),
      });
      expect(await createIssueOnce(scope, "T-1", issue, "app[bot]", new Set(), withParent)).toEqual({ number: 9, id: 909, nodeId: "I_9", parentNumber: 5 });
      expect(calls.map((call) => call.route)).toEqual([
        "graphql TaskmirrorCreateIssue",
        "GET /repos/{owner}/{repo}/issues",
        "graphql TaskmirrorCreateIssue",
        "GET /repos/{owner}/{repo}/issues",
      ]);
    });

    it("when GraphQL refuses it (typed errors: nothing made), makes it by REST without the parent", async () => {
      const { scope, calls } = stubGitHub({
        "graphql TaskmirrorCreateIssue": () => {
          throw graphqlError([{ type: "UNPROCESSABLE", message: "Parent cannot have more than 100 sub-issues" }]);
        },
        "POST /repos/{owner}/{repo}/issues": () => ({ number: 4, id: 404 }),
      });
      expect(await createIssueOnce(scope, "T-1", issue, "app[bot]", new Set(), withParent)).toEqual({ number: 4, id: 404 });
      expect(calls.map((call) => call.route)).toEqual(["graphql TaskmirrorCreateIssue", "POST /repos/{owner}/{repo}/issues"]);
    });
  });
});

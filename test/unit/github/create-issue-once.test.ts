import { describe, expect, it } from "vitest";
import { createIssueOnce } from "../../../src/github/create-issue-once.js";
import { httpError, stubGitHub } from "./stub-github.js";

const marker = (key: string) => `<!-- taskmirror:state {"v":1,"key":"${key}","path":"T.md","done":false,"items":[]} -->`;
const issue = { title: "T-1: x", body: `body\n${marker("T-1")}`, labels: ["taskmirror"] };

describe("createIssueOnce", () => {
  it("finds the issue a failed create made instead of creating it again", async () => {
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/issues": () => {
        throw httpError(502, "Bad Gateway");
      },
      "GET /repos/{owner}/{repo}/issues": () => [
        { number: 9, id: 909, body: marker("T-2") },
        { number: 8, id: 808, body: marker("T-1") },
        { number: 7, id: 707, body: marker("T-1"), pull_request: {} },
      ],
    });
    expect(await createIssueOnce(scope, "T-1", issue, "app[bot]")).toEqual({ number: 8, id: 808 });
    expect(calls.map((call) => call.route)).toEqual(["POST /repos/{owner}/{repo}/issues", "GET /repos/{owner}/{repo}/issues"]);
    expect(calls[1]?.params).toMatchObject({ state: "all", creator: "app[bot]", sort: "created", direction: "desc", per_page: 100 });
    expect(typeof calls[1]?.params.since).toBe("string");
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
});

import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCheckRun } from "../../../src/github/check/create-check-run.js";
import { postComment } from "../../../src/github/post-comment.js";
import { writeOnce } from "../../../src/github/write-once.js";
import { httpError, stubGitHub } from "./stub-github.js";

const log = pino({ level: "silent" });

describe("writeOnce", () => {
  afterEach(() => vi.useRealTimers());

  it("looks for what a write made after each lost answer, the last one included, and never after a 4xx", async () => {
    vi.useFakeTimers();
    const writes: number[] = [];
    let looks = 0;
    const done = writeOnce(log, {
      what: {},
      write: async () => {
        writes.push(writes.length + 1);
        throw httpError(502, "Bad Gateway");
      },
      find: async () => ((looks += 1) === 3 ? "made" : undefined),
    });
    await vi.runAllTimersAsync();
    expect(await done).toBe("made");
    expect([writes.length, looks]).toEqual([3, 3]);

    looks = 0;
    const refused = writeOnce(log, { what: {}, write: async () => Promise.reject(httpError(422, "Validation Failed")), find: async () => ((looks += 1), "made") });
    await expect(refused).rejects.toMatchObject({ status: 422 });
    expect(looks).toBe(0);
  });
});

describe("postComment", () => {
  it("takes a bot's comment with the same text since the attempt as the one a lost answer posted, and is not retried by Octokit", async () => {
    const retries: unknown[] = [];
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (params) => {
        retries.push(params.request);
        throw httpError(500, "other side closed");
      },
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": () => [
        { body: "Closed as not planned.", user: { login: "alice", type: "User" } },
        { body: "Closed as not planned.", user: { login: "app[bot]", type: "Bot" } },
      ],
    });
    await postComment(scope, 7, "Closed as not planned.");
    expect(retries).toEqual([{ retries: 0 }]);
    expect(calls.map((call) => call.route)).toEqual([
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(calls[1]?.params).toMatchObject({ issue_number: 7, per_page: 100, since: expect.any(String) });
  });

  it("posts again when the lost answer posted nothing (a person's copy of the text is not it)", async () => {
    let posts = 0;
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": () => {
        posts += 1;
        if (posts === 1) throw httpError(502, "Bad Gateway");
        return {};
      },
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": () => [{ body: "Hello", user: { login: "alice", type: "User" } }],
    });
    await postComment(scope, 7, "Hello");
    expect(calls.map((call) => call.route.split(" ")[0])).toEqual(["POST", "GET", "POST"]);
  });
});

describe("createCheckRun", () => {
  it("after a lost answer, takes this app's run for the pull request started by the attempt — not an older one, nor another app's", async () => {
    const run = (id: number, slug: string, externalId: string, startedAt: string) => ({ id, app: { slug }, external_id: externalId, started_at: startedAt });
    const { scope, calls } = stubGitHub({
      "POST /repos/{owner}/{repo}/check-runs": () => {
        throw httpError(504, "We couldn't respond to your request in time.");
      },
      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": () => ({
        check_runs: [
          run(4, "other-app", "12", new Date(Date.now() + 1000).toISOString()),
          run(3, "taskmirror", "13", new Date(Date.now() + 1000).toISOString()),
          run(2, "taskmirror", "12", new Date(Date.now() + 1000).toISOString()),
          run(1, "taskmirror", "12", "2020-01-01T00:00:00Z"),
        ],
      }),
    });
    const id = await createCheckRun(scope, { headSha: "a".repeat(40), pullNumber: 12, appSlug: "taskmirror", output: { title: "t", summary: "s" } });
    expect(id).toBe(2);
    expect(calls.map((call) => call.route)).toEqual(["POST /repos/{owner}/{repo}/check-runs", "GET /repos/{owner}/{repo}/commits/{ref}/check-runs"]);
    expect(calls[1]?.params).toEqual({ ref: "a".repeat(40), check_name: "taskmirror", filter: "all", per_page: 100 });
  });
});

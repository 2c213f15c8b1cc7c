import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Context } from "probot";
import { handlePush } from "../../../src/handlers/push.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";
import { stubGitHub, type StubAnswer } from "./stub-github.js";

const sync = vi.hoisted(() =>
  vi.fn(async (_scope: unknown, _options: Record<string, unknown>) => ({ outcome: "applied", sha: "b", plan: null, applied: 0, summary: {} })),
);
vi.mock("../../../src/github/sync-repository.js", () => ({ syncRepository: sync }));

const before = "a".repeat(40);
const after = "b".repeat(40);

function pushContext(payload: Record<string, unknown>, routes: Record<string, StubAnswer> = {}) {
  const { scope, calls } = stubGitHub(routes);
  Object.assign(scope.octokit, { request: Object.assign(scope.octokit.request, { endpoint: { DEFAULTS: { baseUrl: "https://api.github.com" } } }) });
  const context = {
    id: "delivery-1",
    log: scope.log,
    octokit: scope.octokit,
    payload: {
      ref: "refs/heads/main",
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      repository: { name: "r", full_name: "o/r", owner: { login: "o" }, default_branch: "main" },
      sender: { login: "alice" },
      commits: [],
      ...payload,
    },
  } as unknown as Context<"push">;
  return { context, calls };
}

const configFile = (text: string) => () => ({ type: "file", encoding: "base64", content: Buffer.from(text).toString("base64") });

async function run(context: Context<"push">) {
  const queue = new RepoQueue();
  await handlePush(context, { queue, botLogin: async () => "taskmirror[bot]", submit: async () => undefined });
  await queue.onIdle();
}

describe("handlePush filtering", () => {
  beforeEach(() => sync.mockClear());

  it("ignores a push to another branch without any request", async () => {
    const { context, calls } = pushContext({ ref: "refs/heads/feature", commits: [{ added: ["docs/tasks/TASK-1.md"] }] });
    await run(context);
    expect(calls).toEqual([]);
    expect(sync).not.toHaveBeenCalled();
  });

  it("ignores a push that changes no markdown file without any request", async () => {
    const { context, calls } = pushContext({ commits: [{ added: ["src/a.ts"], modified: ["package.json"], removed: [] }] });
    await run(context);
    expect(calls).toEqual([]);
    expect(sync).not.toHaveBeenCalled();
  });

  it("ignores the app's own push", async () => {
    const { context, calls } = pushContext({ sender: { login: "taskmirror[bot]" }, commits: [{ modified: ["docs/tasks/TASK-1.md"] }] });
    await run(context);
    expect(calls).toEqual([]);
    expect(sync).not.toHaveBeenCalled();
  });

  it("reads the config once and stops when no changed markdown file matches its globs", async () => {
    const { context, calls } = pushContext(
      { commits: [{ modified: ["README.md", "docs/tasks/TASK-1.md"] }] },
      { "GET /repos/{owner}/{repo}/contents/{path}": configFile("paths: ['plans/**/*.md']\n") },
    );
    await run(context);
    expect(calls).toEqual([{ route: "GET /repos/{owner}/{repo}/contents/{path}", params: { path: ".github/taskmirror.yml", ref: "main" } }]);
    expect(sync).not.toHaveBeenCalled();
  });

  it("syncs with the config it read when a task document changed", async () => {
    const { context, calls } = pushContext(
      { commits: [{ modified: ["docs/tasks/TASK-1.md"] }] },
      {
        "GET /repos/{owner}/{repo}/contents/{path}": () => {
          throw Object.assign(new Error("Not Found"), { status: 404 });
        },
      },
    );
    await run(context);
    expect(calls).toHaveLength(1);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(sync.mock.calls[0]?.[1]).toMatchObject({
      botLogin: "taskmirror[bot]",
      serverUrl: "https://github.com",
      branch: "main",
      reportSha: after,
      config: { diagnostics: [] },
    });
  });

  it("syncs without reading the config first when the config itself changed", async () => {
    const { context, calls } = pushContext({ commits: [{ modified: [".github/taskmirror.yml"] }] });
    await run(context);
    expect(calls).toEqual([]);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(sync.mock.calls[0]?.[1]).not.toHaveProperty("config");
  });

  it("asks the compare API when the payload's lists are truncated", async () => {
    const commits = Array.from({ length: 2048 }, () => ({ added: [], modified: ["src/a.ts"], removed: [] }));
    const { context, calls } = pushContext({ commits }, {
      "GET /repos/{owner}/{repo}/compare/{basehead}": () => ({ files: [{ filename: "src/a.ts" }, { filename: "plans/b.tasks.md", previous_filename: "plans/a.tasks.md" }] }),
      "GET /repos/{owner}/{repo}/contents/{path}": configFile(""),
    });
    await run(context);
    expect(calls.map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/compare/{basehead}",
      "GET /repos/{owner}/{repo}/contents/{path}",
    ]);
    expect(calls[0]?.params).toEqual({ basehead: `${before}...${after}`, per_page: 1 });
    expect(sync).toHaveBeenCalledTimes(1);
    // That one compare also tells the renames (none here: no status "renamed").
    expect(sync.mock.calls[0]?.[1]).toMatchObject({ renames: [] });
  });

  it("reads the compare once, after the config, for the renames of a push that removes one task document and adds another", async () => {
    const { context, calls } = pushContext(
      { commits: [{ added: ["openspec/changes/archive/2025-01-01-x/tasks.md"], removed: ["openspec/changes/x/tasks.md"], modified: [] }] },
      {
        "GET /repos/{owner}/{repo}/contents/{path}": configFile(""),
        "GET /repos/{owner}/{repo}/compare/{basehead}": () => ({
          files: [{ filename: "openspec/changes/archive/2025-01-01-x/tasks.md", previous_filename: "openspec/changes/x/tasks.md", status: "renamed" }],
        }),
      },
    );
    await run(context);
    expect(calls.map((call) => call.route)).toEqual([
      "GET /repos/{owner}/{repo}/contents/{path}",
      "GET /repos/{owner}/{repo}/compare/{basehead}",
    ]);
    expect(sync.mock.calls[0]?.[1]).toMatchObject({
      renames: [{ from: "openspec/changes/x/tasks.md", to: "openspec/changes/archive/2025-01-01-x/tasks.md" }],
    });
  });

  it("does not ask the compare for a push that only edits task documents, or adds one without removing another", async () => {
    for (const commits of [[{ modified: ["docs/tasks/TASK-1.md"] }], [{ added: ["docs/tasks/TASK-2.md"], removed: ["README.md"] }]]) {
      sync.mockClear();
      const { context, calls } = pushContext({ commits }, { "GET /repos/{owner}/{repo}/contents/{path}": configFile("") });
      await run(context);
      expect(calls.map((call) => call.route)).toEqual(["GET /repos/{owner}/{repo}/contents/{path}"]);
      expect(sync.mock.calls[0]?.[1]).not.toHaveProperty("renames");
    }
  });

  it("syncs everything after a force push, whose payload cannot tell what changed", async () => {
    const { context, calls } = pushContext({ forced: true, commits: [{ modified: ["src/a.ts"] }] });
    await run(context);
    expect(calls).toEqual([]);
    expect(sync).toHaveBeenCalledTimes(1);
  });
});

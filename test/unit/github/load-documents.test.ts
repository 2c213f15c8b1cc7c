import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { BlobCache } from "../../../src/github/blob-cache.js";
import { loadDocuments } from "../../../src/github/load-documents.js";
import { stubGitHub } from "./stub-github.js";

const TASK = "### TASK-001: Set up\n**Priority**: P1\n";
const base64 = (text: string) => Buffer.from(text).toString("base64");

describe("loadDocuments", () => {
  it("reads the matching blobs of one recursive tree, and nothing twice", async () => {
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": () => ({
        truncated: false,
        tree: [
          { path: "README.md", type: "blob", mode: "100644", sha: "r1" },
          { path: "docs/tasks", type: "tree", mode: "040000", sha: "t1" },
          { path: "docs/tasks/TASK-1.md", type: "blob", mode: "100644", sha: "b1" },
          { path: "docs/tasks/link.md", type: "blob", mode: "120000", sha: "l1" },
          { path: "node_modules/x/tasks.md", type: "blob", mode: "100644", sha: "n1" },
        ],
      }),
      "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": () => ({ encoding: "base64", content: base64(TASK) }),
    });
    const cache = new BlobCache(1000);
    const first = await loadDocuments(scope, "head", DEFAULT_CONFIG, cache);
    expect(first.documents.map((doc) => [doc.path, doc.tasks.map((task) => task.key)])).toEqual([["docs/tasks/TASK-1.md", ["TASK-001"]]]);
    expect(first.fetched).toBe(1);
    const again = await loadDocuments(scope, "head", DEFAULT_CONFIG, cache);
    expect(again.fetched).toBe(0);
    expect(calls.map((call) => `${call.route} ${JSON.stringify(call.params)}`)).toEqual([
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha} {"tree_sha":"head","recursive":"1"}',
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha} {"file_sha":"b1"}',
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha} {"tree_sha":"head","recursive":"1"}',
    ]);
  });

  it("walks a truncated tree level by level, skipping ignored directories", async () => {
    const levels: Record<string, unknown[]> = {
      head: [
        { path: "docs", type: "tree", mode: "040000", sha: "docs" },
        { path: "node_modules", type: "tree", mode: "040000", sha: "nm" },
        { path: "TASKS.md", type: "blob", mode: "100644", sha: "root-doc" },
      ],
      docs: [{ path: "tasks", type: "tree", mode: "040000", sha: "tasks" }],
      tasks: [{ path: "TASK-2.md", type: "blob", mode: "100644", sha: "deep-doc" }],
    };
    const { scope, calls } = stubGitHub({
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": (params) =>
        params.recursive ? { truncated: true, tree: [] } : { truncated: false, tree: levels[params.tree_sha as string] },
      "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": (params) => ({
        encoding: "base64",
        content: base64(TASK.replace("001", params.file_sha === "deep-doc" ? "002" : "003")),
      }),
    });
    const loaded = await loadDocuments(scope, "head", DEFAULT_CONFIG, new BlobCache(1000));
    expect(loaded.documents.map((doc) => [doc.path, doc.tasks[0]?.key])).toEqual([
      ["TASKS.md", "TASK-003"],
      ["docs/tasks/TASK-2.md", "TASK-002"],
    ]);
    expect(calls.filter((call) => call.route.includes("trees")).map((call) => call.params.tree_sha)).toEqual(["head", "head", "docs", "tasks"]);
  });
});

import { describe, expect, it } from "vitest";
import { BlobCache } from "../../../src/github/blob-cache.js";
import { IssueIndex } from "../../../src/github/issue-index.js";
import { serverUrlOf } from "../../../src/github/server-url.js";
import { taskPathMatcher } from "../../../src/github/task-path-matcher.js";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { mirrored } from "../support/build.js";

describe("serverUrlOf", () => {
  it("maps API base URLs to web addresses", () => {
    expect(serverUrlOf("https://api.github.com")).toBe("https://github.com");
    expect(serverUrlOf("https://ghe.example.com/api/v3")).toBe("https://ghe.example.com");
    expect(serverUrlOf("http://127.0.0.1:4010/api/v3/")).toBe("http://127.0.0.1:4010");
    expect(serverUrlOf("https://api.acme.ghe.com")).toBe("https://acme.ghe.com");
  });
});

describe("taskPathMatcher", () => {
  it("selects the default globs minus the ignores", () => {
    const matches = taskPathMatcher(DEFAULT_CONFIG);
    const paths = [
      "docs/tasks/TASKS-000.md",
      ".kiro/specs/platform/tasks.md",
      "plans/feature-phases.tasks.md",
      "TASK-1.md",
      "README.md",
      "node_modules/x/tasks.md",
      "docs/tasks/notes.txt",
    ];
    expect(paths.filter(matches)).toEqual(["docs/tasks/TASKS-000.md", ".kiro/specs/platform/tasks.md", "plans/feature-phases.tasks.md", "TASK-1.md"]);
    expect(taskPathMatcher({ paths: ["todo/*.md"], ignore: [] })("todo/a.md")).toBe(true);
  });
});

describe("BlobCache", () => {
  it("evicts the least recently used texts beyond its size", () => {
    const cache = new BlobCache(10);
    cache.set("a", "1234");
    cache.set("b", "1234");
    expect(cache.get("a")).toBe("1234");
    cache.set("c", "1234");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual(["1234", undefined, "1234"]);
    cache.set("huge", "x".repeat(11));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe("IssueIndex", () => {
  it("knows existing issues by key and records created ones", () => {
    const index = new IssueIndex([mirrored(4, "", { key: "A", path: "T.md" }, { id: 404 })]);
    index.record("B", { number: 5, id: 505 });
    expect([index.get("A"), index.get("B"), index.get("C")]).toEqual([{ number: 4, id: 404 }, { number: 5, id: 505 }, undefined]);
    expect(index.numbers()).toEqual(new Map([["A", 4], ["B", 5]]));
  });

  it("knows the oldest of two issues carrying a key by it, and a rekeyed issue by its new key", () => {
    const index = new IssueIndex([mirrored(9, "", { key: "A", path: "T.md" }), mirrored(4, "", { key: "A", path: "T.md" })]);
    expect(index.get("A")).toEqual({ number: 4, id: 1004 });
    expect(index.rekey("B", 9)).toBe(true);
    expect(index.rekey("C", 77)).toBe(false);
    expect([index.get("A"), index.get("B"), index.get("C")]).toEqual([{ number: 4, id: 1004 }, { number: 9, id: 1009 }, undefined]);
  });
});

import { describe, expect, it } from "vitest";
import { pushedPaths } from "../../../src/github/pushed-paths.js";

const before = "a".repeat(40);
const after = "b".repeat(40);

describe("pushedPaths", () => {
  it("lists every added, modified and removed file of every commit, once, sorted", () => {
    expect(
      pushedPaths({
        before,
        after,
        commits: [
          { added: ["docs/tasks/TASK-2.md"], modified: ["README.md"], removed: [] },
          { added: [], modified: ["README.md"], removed: ["plans/a.tasks.md"] },
        ],
      }),
    ).toEqual({ paths: ["README.md", "docs/tasks/TASK-2.md", "plans/a.tasks.md"], complete: true });
  });

  it("is incomplete at 2048 commits, the most a payload lists", () => {
    const commits = Array.from({ length: 2048 }, () => ({ added: [], modified: ["README.md"], removed: [] }));
    expect(pushedPaths({ before, after, commits })).toEqual({ paths: ["README.md"], complete: false });
    expect(pushedPaths({ before, after, commits: commits.slice(1) }).complete).toBe(true);
  });

  it("is incomplete when a commit lists 3000 files, the most a payload lists per commit", () => {
    const files = Array.from({ length: 3000 }, (_, i) => `f${i}.txt`);
    expect(pushedPaths({ before, after, commits: [{ added: files }] }).complete).toBe(false);
    expect(pushedPaths({ before, after, commits: [{ added: files.slice(1) }] }).complete).toBe(true);
  });

  it("is incomplete for a force push, a new branch, and a push that lists no commit", () => {
    const commits = [{ modified: ["README.md"] }];
    expect(pushedPaths({ before, after, forced: true, commits }).complete).toBe(false);
    expect(pushedPaths({ before: "0".repeat(40), after, created: true, commits }).complete).toBe(false);
    expect(pushedPaths({ before, after, commits: [] })).toEqual({ paths: [], complete: false });
    expect(pushedPaths({ before: after, after, commits: [] })).toEqual({ paths: [], complete: true });
  });
});

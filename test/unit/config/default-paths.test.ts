import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, DEFAULT_PATHS } from "../../../src/core/config/schema.js";
import { taskPathMatcher } from "../../../src/github/task-path-matcher.js";

describe("the default task-document globs", () => {
  const isTaskDocument = taskPathMatcher(DEFAULT_CONFIG);

  it("find Backlog.md's task folders, hidden or not, in a monorepo package too", () => {
    expect(
      [
        "backlog/tasks/task-12 - Wire-the-parser.md",
        "backlog/tasks/back-367.03 - Web-UI-integration.md",
        ".backlog/tasks/task-7.1 - cli-kanban-board-detect-remote-task-status.md",
        "backlog/completed/back-458 - Add-priority-sorting-to-Kanban-columns.md",
        ".backlog/completed/task-3 - Init.md",
        "packages/app/backlog/completed/task-1 - One.md",
        "backlog/archive/tasks/task-9 - Dropped.md",
      ].filter((path) => !isTaskDocument(path)),
    ).toEqual([]);
  });

  it("leave out the rest of a Backlog.md folder: config, docs, decisions, milestones, drafts", () => {
    expect(
      [
        "backlog/config.yml",
        "backlog/docs/doc-1 - Architecture.md",
        "backlog/docs/guides/setup.md",
        "backlog/decisions/decision-1 - Use-Bun.md",
        "backlog/milestones/m-0 - MVP.md",
        "backlog/drafts/draft-3 - Idea.md",
        "backlog/archive/drafts/draft-1 - Old.md",
        ".backlog/docs/readme.md",
        "backlog/completed/notes.txt",
      ].filter((path) => isTaskDocument(path)),
    ).toEqual([]);
  });

  it("still find the other formats' documents", () => {
    expect(["docs/TASKS.md", "specs/004-recall/tasks.md", ".kiro/specs/x/tasks.md", "plans/e2e.tasks.md", "tasks/TASK-001.md"].every(isTaskDocument)).toBe(true);
  });

  it("are the ones the README's configuration block documents", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
    expect(readme).toContain(`paths: ${JSON.stringify(DEFAULT_PATHS).replace(/","/g, '", "')}  # task documents`);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { ISSUE_TITLE_MAX } from "../../../src/core/limits.js";
import { renderTitle } from "../../../src/core/render/render-title.js";
import { buildTask } from "../support/build.js";

describe("renderTitle", () => {
  it("writes `KEY: Title` by default", () => {
    expect(renderTitle(buildTask("TASK-001", { title: "Set up NGINX" }), DEFAULT_CONFIG)).toBe("TASK-001: Set up NGINX");
  });

  it("shows the id of a path-scoped key, not the path", () => {
    const task = buildTask("specs/004-recall/tasks.md#T001", { id: "T001", title: "Create the project" });
    expect(renderTitle(task, DEFAULT_CONFIG)).toBe("T001: Create the project");
  });

  it("shows just the title for a task without an id, whatever separator the template uses", () => {
    const task = buildTask("PLAN.md#Database schema", { title: "Database schema" });
    expect(renderTitle(task, DEFAULT_CONFIG)).toBe("Database schema");
    expect(renderTitle(task, { title: "{id} — {title}" })).toBe("Database schema");
    expect(renderTitle(task, { title: "{title} | {key}" })).toBe("Database schema");
  });

  it("fills `{id}`, `{key}` and `{title}` from a custom template, once each", () => {
    const task = buildTask("BACK-367.03", { title: "Use {key} literally" });
    expect(renderTitle(task, { title: "[{id}] {title} ({key})" })).toBe("[BACK-367.03] Use {key} literally (BACK-367.03)");
  });

  it("puts a multi-line title on one line", () => {
    expect(renderTitle(buildTask("TASK-002", { title: "  Two\n  lines  " }), DEFAULT_CONFIG)).toBe("TASK-002: Two lines");
  });

  it(`cuts a long title to ${ISSUE_TITLE_MAX} characters with an ellipsis`, () => {
    const title = renderTitle(buildTask("TASK-003", { title: "word ".repeat(100) }), DEFAULT_CONFIG);
    expect(title).toHaveLength(ISSUE_TITLE_MAX);
    expect(title.startsWith("TASK-003: word word")).toBe(true);
    expect(title.endsWith("…")).toBe(true);
  });

  it("never splits a surrogate pair when cutting", () => {
    const title = renderTitle(buildTask("T-1", { title: "😀".repeat(200) }), DEFAULT_CONFIG);
    expect(title.length).toBeLessThanOrEqual(ISSUE_TITLE_MAX);
    expect(title).toBe(`T-1: ${"😀".repeat(125)}…`);
  });

  it("falls back to the key when both id and title are empty", () => {
    expect(renderTitle(buildTask("PLAN.md#", { title: "" }), DEFAULT_CONFIG)).toBe("PLAN.md#");
  });
});

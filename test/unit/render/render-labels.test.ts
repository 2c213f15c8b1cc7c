import { describe, expect, it } from "vitest";
import { configSchema, DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { LABEL_DESCRIPTION_MAX, LABEL_NAME_MAX } from "../../../src/core/limits.js";
import { labelSpec } from "../../../src/core/render/label-spec.js";
import { renderLabels } from "../../../src/core/render/render-labels.js";
import { buildTask } from "../support/build.js";

describe("renderLabels", () => {
  const task = buildTask("specs/x/tasks.md#T003", {
    id: "T003",
    fields: {
      priority: "P0",
      status: "in progress",
      type: "feature",
      phase: "2",
      parallel: true,
      story: "US1",
      sprint: "Sprint 4",
      roles: ["DevOps Engineer", "QA"],
    },
    labels: ["backend"],
  });

  it("derives labels from the configured fields, then the task's own labels, then the ownership label", () => {
    expect(renderLabels(task, DEFAULT_CONFIG)).toEqual([
      "priority: P0",
      "status: in progress",
      "type: feature",
      "phase: 2",
      "parallel",
      "story: US1",
      "role: DevOps Engineer",
      "role: QA",
      "backend",
      "taskmirror",
    ]);
  });

  it("adds the sprint only when enabled, and drops fields that are not configured", () => {
    const config = configSchema.parse({ labels: { fields: ["sprint", "priority"], ownership: "synced" } });
    expect(renderLabels(task, config)).toEqual(["sprint: Sprint 4", "priority: P0", "backend", "synced"]);
  });

  it(`cuts names to ${LABEL_NAME_MAX} characters and de-duplicates case-insensitively`, () => {
    const long = buildTask("T-1", {
      fields: { roles: ["Principal Site Reliability Engineer for the Edge Platform"] },
      labels: ["Backend", "backend", "TaskMirror", "  spaced   out  "],
    });
    const labels = renderLabels(long, DEFAULT_CONFIG);
    expect(labels).toEqual(["role: Principal Site Reliability Engineer for the…", "Backend", "TaskMirror", "spaced out"]);
    expect(labels[0]).toHaveLength(LABEL_NAME_MAX);
  });

  it("gives a task with no fields the ownership label only", () => {
    expect(renderLabels(buildTask("T-2"), DEFAULT_CONFIG)).toEqual(["taskmirror"]);
  });
});

describe("labelSpec", () => {
  it("colours priorities from red to grey and statuses by meaning", () => {
    expect(["P0", "P1", "P2", "P3"].map((p) => labelSpec(`priority: ${p}`, DEFAULT_CONFIG).color)).toEqual([
      "b60205",
      "d93f0b",
      "fbca04",
      "bfbfbf",
    ]);
    expect(labelSpec("status: done", DEFAULT_CONFIG)).toEqual({
      name: "status: done",
      color: "0e8a16",
      description: "Task status: done (taskmirror)",
    });
    expect(labelSpec("parallel", DEFAULT_CONFIG)).toEqual({
      name: "parallel",
      color: "c2e0c6",
      description: "Task that can run in parallel with others (spec-kit [P])",
    });
    expect(labelSpec("taskmirror", DEFAULT_CONFIG)).toEqual({
      name: "taskmirror",
      color: "5319e7",
      description: "Mirrored from a task document by taskmirror",
    });
    expect(labelSpec("story: US2", DEFAULT_CONFIG).color).toBe("d4c5f9");
    expect(labelSpec("role: QA", DEFAULT_CONFIG).color).toBe("f9d0c4");
    expect(labelSpec("phase: 3", DEFAULT_CONFIG).color).toBe("bfd4f2");
    expect(labelSpec("type: bug", DEFAULT_CONFIG).color).toBe("a2eeef");
  });

  it("gives any other label a stable light colour derived from its name", () => {
    const first = labelSpec("backend", DEFAULT_CONFIG);
    expect(first.color).toBe(labelSpec("BACKEND", DEFAULT_CONFIG).color);
    expect(first.color).toMatch(/^[89a-f][0-9a-f][89a-f][0-9a-f][89a-f][0-9a-f]$/);
    expect(labelSpec("frontend", DEFAULT_CONFIG).color).not.toBe(first.color);
    expect(first.description).toBe("Label from a task document (taskmirror)");
  });

  it("takes colours from the config by full name first, then by prefix", () => {
    const config = configSchema.parse({ labels: { colors: { priority: "#123456", "Priority: P0": "abcdef", Backend: "00ff00" } } });
    expect(labelSpec("priority: P0", config).color).toBe("abcdef");
    expect(labelSpec("priority: P1", config).color).toBe("123456");
    expect(labelSpec("backend", config).color).toBe("00ff00");
  });

  it(`keeps descriptions within ${LABEL_DESCRIPTION_MAX} characters`, () => {
    const spec = labelSpec(`role: ${"Very Long Role ".repeat(10)}`.slice(0, 50), DEFAULT_CONFIG);
    expect(spec.description.length).toBeLessThanOrEqual(LABEL_DESCRIPTION_MAX);
    const longer = labelSpec(`sprint: ${"S".repeat(120)}`, DEFAULT_CONFIG);
    expect(longer.description).toHaveLength(LABEL_DESCRIPTION_MAX);
    expect(longer.description.endsWith("…")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { ANNOTATION_TEXT_MAX, ANNOTATION_TITLE_MAX, toAnnotation, toAnnotations } from "../../../src/core/check/to-annotations.js";
import { RULES } from "../../../src/core/validate/rules.js";
import { diagnostic } from "../support/build.js";

describe("toAnnotation", () => {
  it("maps a one-line diagnostic with its columns, level, rule code and the rule's fix", () => {
    const annotation = toAnnotation(
      diagnostic({ code: "duplicate-key", severity: "error", line: 12, column: 5, endColumn: 13, message: "Duplicate key \"TASK-001\"." }),
    );
    expect(annotation).toEqual({
      path: "docs/tasks.md",
      start_line: 12,
      end_line: 12,
      start_column: 5,
      end_column: 13,
      annotation_level: "failure",
      title: "duplicate-key",
      message: "Duplicate key \"TASK-001\".",
      raw_details: `${RULES["duplicate-key"].title}: ${RULES["duplicate-key"].description}\n\nHow to fix: ${RULES["duplicate-key"].fix}`,
    });
  });

  it("gives a point column when the diagnostic has no end column", () => {
    const annotation = toAnnotation(diagnostic({ line: 3, column: 7 }));
    expect([annotation.start_column, annotation.end_column]).toEqual([7, 7]);
  });

  it("leaves columns out when the diagnostic spans lines (GitHub refuses them)", () => {
    const annotation = toAnnotation(diagnostic({ severity: "notice", line: 3, column: 7, endLine: 5, endColumn: 2 }));
    expect(annotation).toMatchObject({ start_line: 3, end_line: 5, annotation_level: "notice" });
    expect("start_column" in annotation || "end_column" in annotation).toBe(false);
  });

  it("maps warnings to warning and leaves raw details out for a code the registry does not know", () => {
    const annotation = toAnnotation(diagnostic({ code: "something-else", severity: "warning", line: 1 }));
    expect(annotation.annotation_level).toBe("warning");
    expect(annotation.raw_details).toBeUndefined();
  });

  it("keeps the title and message within GitHub's sizes", () => {
    const annotation = toAnnotation(diagnostic({ code: "c".repeat(300), line: 1, message: "m".repeat(100_000) }));
    expect(annotation.title.length).toBe(ANNOTATION_TITLE_MAX);
    expect(annotation.message.length).toBe(ANNOTATION_TEXT_MAX);
    expect(annotation.message.endsWith("…")).toBe(true);
    // 64 KB of UTF-8 even if every unit were a three-byte character.
    expect(ANNOTATION_TEXT_MAX * 3).toBeLessThanOrEqual(65_536);
  });
});

describe("toAnnotations", () => {
  it("annotates diagnostics on changed documents only, in order, and returns the others", () => {
    const onChanged1 = diagnostic({ path: "a/TASK-1.md", line: 2 });
    const onUnchanged = diagnostic({ path: "b/tasks.md", line: 1 });
    const onChanged2 = diagnostic({ path: "a/TASK-1.md", line: 9 });
    const config = diagnostic({ path: ".github/taskmirror.yml", code: "invalid-config", severity: "error", line: 4 });
    const split = toAnnotations([onChanged1, onUnchanged, onChanged2, config], new Set(["a/TASK-1.md", ".github/taskmirror.yml"]));
    expect(split.annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual(["a/TASK-1.md:2", "a/TASK-1.md:9", ".github/taskmirror.yml:4"]);
    expect(split.unannotated).toEqual([onUnchanged]);
  });
});

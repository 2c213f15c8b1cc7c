import { describe, expect, it } from "vitest";
import { isRuleCode, renderRuleTable, RULES, ruleCodes } from "../../../src/core/validate/rules.js";

describe("RULES", () => {
  it("documents every code the reader, validate(), the config loader and the PR check emit, with its default", () => {
    expect(Object.fromEntries(ruleCodes.map((code) => [code, RULES[code].severity]))).toEqual({
      "duplicate-key": "error",
      "unknown-dependency": "error",
      "dependency-cycle": "error",
      placeholder: "warning",
      "invalid-field": "error",
      "status-mismatch": "warning",
      "parent-done-open-children": "warning",
      "body-too-long": "warning",
      "too-many-children": "warning",
      "too-deep": "warning",
      "malformed-checkbox": "warning",
      "state-box": "notice",
      "invalid-front-matter": "error",
      "unquoted-at-sign": "warning",
      "encoding-damage": "warning",
      "prose-dependency": "warning",
      "unreadable-document": "error",
      "invalid-config": "error",
      "renumbered-task": "warning",
    });
  });

  it("keys each rule by its own code, with a title, a meaning and a fix", () => {
    for (const code of ruleCodes) {
      const rule = RULES[code];
      expect(rule.code).toBe(code);
      expect(code).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.title.length).toBeLessThanOrEqual(40);
      expect(rule.description).toMatch(/\.$/);
      expect(rule.fix).toMatch(/\.$/);
    }
  });

  it("tells rule codes from other strings", () => {
    expect(isRuleCode("duplicate-key")).toBe(true);
    expect(isRuleCode("toString")).toBe(false);
    expect(isRuleCode("duplicate-id")).toBe(false);
  });
});

describe("renderRuleTable", () => {
  it("renders one row per rule, escaping pipes so the table stays a table", () => {
    const lines = renderRuleTable().trimEnd().split("\n");
    expect(lines).toHaveLength(2 + ruleCodes.length);
    expect(lines.slice(0, 3)).toEqual([
      "| Rule | Severity | Title | Meaning | Fix |",
      "| --- | --- | --- | --- | --- |",
      "| `duplicate-key` | error | Duplicate task key | Two tasks have the same key, in one document or in two. A key names exactly one issue, so neither task is synced until the clash is resolved. | Give one of the tasks a new id (or a different heading when the task has no id). |",
    ]);
    expect(lines.find((line) => line.startsWith("| `placeholder`"))).toContain("`[P0 \\| P1]`");
    for (const line of lines) expect(line.replace(/\\\|/g, "").split("|")).toHaveLength(7);
  });

  it("shows the configured severity next to the default", () => {
    const table = renderRuleTable({ placeholder: "off", "duplicate-key": "error", "status-mismatch": "notice" });
    expect(table).toContain("| `placeholder` | off (default: warning) | Unfilled template placeholder |");
    expect(table).toContain("| `duplicate-key` | error | Duplicate task key |");
    expect(table).toContain("| `status-mismatch` | notice (default: warning) | Status disagrees with checkboxes |");
  });

  it("states the GitHub limits from the constants", () => {
    expect(RULES["body-too-long"].description).toContain("65,536 characters");
    expect(RULES["too-many-children"].description).toContain("more than 100 child tasks");
    expect(RULES["too-deep"].description).toContain("more than 8 levels");
  });
});

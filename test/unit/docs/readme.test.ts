import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { renderRuleTable } from "../../../src/core/validate/rules.js";

const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");

describe("README", () => {
  it("lists every validation rule exactly as the registry documents it", () => {
    expect(readme).toContain(renderRuleTable().trimEnd());
  });

  it("documents every configuration key", () => {
    const keys = Object.entries(DEFAULT_CONFIG).flatMap(([key, value]) =>
      typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
        ? [key, ...Object.keys(value)]
        : [key],
    );
    const undocumented = keys.filter((key) => !new RegExp(`^\\s*${key}:`, "m").test(readme));
    expect(undocumented).toEqual([]);
  });

  it("gives the set-up commands", () => {
    expect(readme).toMatch(/^npm install$/m);
    expect(readme).toMatch(/^npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
  });
});

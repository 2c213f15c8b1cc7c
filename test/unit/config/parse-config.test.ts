import { describe, expect, it } from "vitest";
import { checkConfig, parseConfigText } from "../../../src/core/config/parse-config.js";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";

describe("parseConfigText", () => {
  it("gives the defaults for a missing or empty file", () => {
    expect(parseConfigText(null)).toEqual({ config: DEFAULT_CONFIG, diagnostics: [] });
    expect(parseConfigText("  \n")).toEqual({ config: DEFAULT_CONFIG, diagnostics: [] });
  });

  it("applies what the file sets and keeps defaults for the rest", () => {
    const { config, diagnostics } = parseConfigText(
      ["paths:", "  - docs/**/*.md", "writeBack:", "  mode: pull-request", "labels:", "  colors:", "    priority: '#D73A4A'"].join("\n"),
    );
    expect(diagnostics).toEqual([]);
    expect(config?.paths).toEqual(["docs/**/*.md"]);
    expect(config?.writeBack).toEqual({ mode: "pull-request", permission: "write", branch: "taskmirror/checkboxes" });
    expect(config?.labels.colors).toEqual({ priority: "d73a4a" });
    expect(config?.subIssues).toBe(true);
  });

  it("reports an invalid value on the line of its key and refuses the config", () => {
    const text = ["subIssues: true", "writeBack:", "  mode: sometimes", "rules:", "  placeholder: loud"].join("\n");
    const { config, diagnostics } = parseConfigText(text);
    expect(config).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["invalid-config", 3, 3],
      ["invalid-config", 5, 3],
    ]);
    expect(diagnostics[0]?.message).toMatch(/^`writeBack.mode`: /);
  });

  it("reports an unknown key where it is written", () => {
    const { config, diagnostics } = parseConfigText("paths: ['a/**']\nsubissues: false\n");
    expect(config).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "invalid-config", line: 2, column: 1, message: '`subissues`: unknown key "subissues".' }),
    ]);
  });

  it("reports broken YAML with its line instead of throwing", () => {
    const { config, diagnostics } = parseConfigText("paths:\n  - a\n b: [\n");
    expect(config).toBeNull();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: "invalid-config", severity: "error" });
    expect(diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("refuses a YAML alias bomb instead of expanding it", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    const { config, diagnostics } = parseConfigText(lines.join("\n"));
    expect(config).toBeNull();
    expect(diagnostics[0]?.code).toBe("invalid-config");
  });

  it("refuses a config that is not a mapping", () => {
    expect(parseConfigText("- a\n- b\n").diagnostics[0]?.message).toBe("The configuration must be a mapping of keys to values.");
    expect(checkConfig("text").config).toBeNull();
  });
});

describe("rule severities", () => {
  it("accepts known rule codes and refuses a misspelt one on its line", () => {
    expect(parseConfigText("rules:\n  placeholder: off\n").config?.rules).toEqual({ placeholder: "off" });
    const { config, diagnostics } = parseConfigText("rules:\n  placeholder: off\n  dupliate-key: off\n");
    expect(config).toBeNull();
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, column: 3, message: '`rules.dupliate-key`: unknown rule "dupliate-key".' })]);
  });
});

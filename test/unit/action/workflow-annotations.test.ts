import { describe, expect, it } from "vitest";
import { workflowAnnotations } from "../../../src/action/workflow-annotations.js";
import type { Diagnostic } from "../../../src/core/model/types.js";

const at = (severity: Diagnostic["severity"], line: number): Diagnostic => ({
  code: "unknown-dependency",
  severity,
  path: "docs/a, b.md",
  line,
  column: 2,
  message: `50% done\nline ${line}`,
});

describe("workflowAnnotations", () => {
  it("escapes properties and message as the runner reads them", () => {
    expect(workflowAnnotations([at("warning", 3)]).commands).toBe(
      "::warning file=docs/a%2C b.md,line=3,col=2,title=unknown-dependency::50%25 done%0Aline 3\n",
    );
  });

  it("keeps at most 10 of each level, in order, and hands the rest back", () => {
    const errors = Array.from({ length: 12 }, (_, i) => at("error", i + 1));
    const { commands, omitted } = workflowAnnotations([...errors, at("notice", 99)]);
    const lines = commands.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(lines.at(-1)).toMatch(/^::notice .*line=99,/);
    expect(omitted.map((d) => d.line)).toEqual([11, 12]);
  });
});

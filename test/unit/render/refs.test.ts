import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refToken, resolveRefs } from "../../../src/core/render/refs.js";

describe("refToken / resolveRefs", () => {
  it("writes a token that resolves to #n once the issue exists", () => {
    expect(refToken("TASK-001")).toBe("<!-- taskmirror:ref:TASK-001 -->");
    const body = `Depends on ${refToken("TASK-001")} and ${refToken("specs/a b/tasks.md#T001")}.`;
    expect(resolveRefs(body, new Map([["TASK-001", 12], ["specs/a b/tasks.md#T001", 7]]))).toBe("Depends on #12 and #7.");
  });

  it("shows the key in a code span when the issue does not exist", () => {
    expect(resolveRefs(`x ${refToken("A`B")} y`, new Map())).toBe("x ``A`B`` y");
  });

  it("encodes keys so that no key can end the comment or hold whitespace", () => {
    const token = refToken("a --> b\n<!-- taskmirror:end -->");
    expect(token).toBe("<!-- taskmirror:ref:a%20--%3E%20b%0A%3C!--%20taskmirror%3Aend%20--%3E -->");
    expect(resolveRefs(token, new Map([["a --> b\n<!-- taskmirror:end -->", 3]]))).toBe("#3");
  });

  it("round-trips any key", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.nat(), (key, n) => {
        expect(resolveRefs(`[${refToken(key)}]`, new Map([[key, n]]))).toBe(`[#${n}]`);
      }),
      { numRuns: 300 },
    );
  });

  it("resolves only inside the generated block, leaving a person's text as written", () => {
    const human = `I pasted ${refToken("TASK-001")} here`;
    const body = `${human}\n<!-- taskmirror:begin -->\n${refToken("TASK-001")}\n<!-- taskmirror:end -->\n${human}`;
    expect(resolveRefs(body, new Map([["TASK-001", 4]]))).toBe(
      `${human}\n<!-- taskmirror:begin -->\n#4\n<!-- taskmirror:end -->\n${human}`,
    );
  });

  it("leaves a malformed token as it is", () => {
    expect(resolveRefs("<!-- taskmirror:ref:%E0%A4%A -->", new Map())).toBe("<!-- taskmirror:ref:%E0%A4%A -->");
  });
});

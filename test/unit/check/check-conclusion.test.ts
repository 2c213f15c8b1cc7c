import { describe, expect, it } from "vitest";
import { checkConclusion } from "../../../src/core/check/check-conclusion.js";
import { configSchema, DEFAULT_CONFIG } from "../../../src/core/config/schema.js";

const error = { severity: "error" } as const;
const warning = { severity: "warning" } as const;
const notice = { severity: "notice" } as const;

describe("checkConclusion", () => {
  it("follows the defaults: failure on errors, success otherwise", () => {
    expect(checkConclusion([], DEFAULT_CONFIG)).toBe("success");
    expect(checkConclusion([notice], DEFAULT_CONFIG)).toBe("success");
    expect(checkConclusion([warning, notice], DEFAULT_CONFIG)).toBe("success");
    expect(checkConclusion([notice, warning, error], DEFAULT_CONFIG)).toBe("failure");
  });

  it("is neutral on errors when configured", () => {
    const config = configSchema.parse({ checkRun: { conclusionOnErrors: "neutral" } });
    expect(checkConclusion([error], config)).toBe("neutral");
    expect(checkConclusion([warning], config)).toBe("success");
  });

  it("gives the configured conclusion when the worst is a warning", () => {
    const failing = configSchema.parse({ checkRun: { conclusionOnWarnings: "failure" } });
    const neutral = configSchema.parse({ checkRun: { conclusionOnWarnings: "neutral" } });
    expect(checkConclusion([warning], failing)).toBe("failure");
    expect(checkConclusion([warning, notice], neutral)).toBe("neutral");
    expect(checkConclusion([notice], failing)).toBe("success");
    expect(checkConclusion([error, warning], configSchema.parse({ checkRun: { conclusionOnErrors: "neutral", conclusionOnWarnings: "failure" } }))).toBe(
      "neutral",
    );
  });
});

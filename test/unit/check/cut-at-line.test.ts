import { describe, expect, it } from "vitest";
import { cutAtLine } from "../../../src/core/check/cut-at-line.js";

const note = (n: number) => `[${n} cut]`;

describe("cutAtLine", () => {
  it("returns text that fits as it is", () => {
    expect(cutAtLine("a\nb", 3, note)).toBe("a\nb");
  });

  it("keeps whole lines and says how many were left out", () => {
    const text = ["aaaa", "bbbb", "cccc", "dddd"].join("\n");
    expect(cutAtLine(text, 18, note)).toBe("aaaa\nbbbb\n\n[2 cut]");
    expect(cutAtLine(text, 18, note).length).toBeLessThanOrEqual(18);
  });

  it("never exceeds the limit, whatever the line lengths", () => {
    const text = Array.from({ length: 500 }, (_, i) => "x".repeat(i % 37)).join("\n");
    for (const max of [10, 11, 50, 333, 1000, 5000]) {
      const cut = cutAtLine(text, max, note);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith("cut]")).toBe(true);
    }
  });

  it("gives only the note when not even the first line fits", () => {
    expect(cutAtLine("x".repeat(100), 20, note)).toBe("[1 cut]");
  });
});

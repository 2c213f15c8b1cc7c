import { describe, expect, it } from "vitest";
import { findCheckboxes } from "../../../src/core/markdown/find-checkboxes.js";
import { CheckboxSpliceError, spliceCheckboxes } from "../../../src/core/markdown/splice-checkboxes.js";

describe("spliceCheckboxes", () => {
  const text = "\uFEFF# Plan\r\n\r\n- [ ] one   \r\n  - [X] two\r\n- [x] three\r\n";
  const [one, two, three] = findCheckboxes(text).map((box) => ({ offset: box.offset })) as [{ offset: number }, { offset: number }, { offset: number }];

  it("flips only the bytes between the brackets and keeps BOM, CRLF and trailing spaces", () => {
    const out = spliceCheckboxes(text, [
      { offset: one.offset, checked: true },
      { offset: two.offset, checked: false },
    ]);
    expect(out).toBe("\uFEFF# Plan\r\n\r\n- [x] one   \r\n  - [ ] two\r\n- [x] three\r\n");
    expect(out.length).toBe(text.length);
  });

  it("writes `x` when ticking and leaves a box already in the wanted state alone (`[X]` stays `[X]`)", () => {
    expect(spliceCheckboxes(text, [{ offset: two.offset, checked: true }])).toBe(text);
    expect(spliceCheckboxes(text, [{ offset: three.offset, checked: true }])).toBe(text);
    expect(spliceCheckboxes(text, [])).toBe(text);
  });

  it("applies toggles in any order, the last toggle of a box winning", () => {
    const out = spliceCheckboxes(text, [
      { offset: three.offset, checked: false },
      { offset: one.offset, checked: true },
      { offset: one.offset, checked: false },
    ]);
    expect(out).toBe("\uFEFF# Plan\r\n\r\n- [ ] one   \r\n  - [X] two\r\n- [ ] three\r\n");
  });

  it("refuses an offset that is not inside a box, writing nothing", () => {
    expect(() => spliceCheckboxes(text, [{ offset: one.offset, checked: true }, { offset: one.offset + 1, checked: true }])).toThrow(CheckboxSpliceError);
    expect(() => spliceCheckboxes(text, [{ offset: 0, checked: true }])).toThrow(CheckboxSpliceError);
    expect(() => spliceCheckboxes(text, [{ offset: text.length + 5, checked: true }])).toThrow(CheckboxSpliceError);
    expect(() => spliceCheckboxes("- [y] odd", [{ offset: 3, checked: true }])).toThrow(CheckboxSpliceError);
    try {
      spliceCheckboxes(text, [{ offset: 4, checked: true }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CheckboxSpliceError);
      expect((error as CheckboxSpliceError).offset).toBe(4);
      expect((error as CheckboxSpliceError).name).toBe("CheckboxSpliceError");
    }
  });
});

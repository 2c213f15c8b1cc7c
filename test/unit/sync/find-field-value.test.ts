import { describe, expect, it } from "vitest";
import { findFieldValue } from "../../../src/core/sync/find-field-value.js";

function valueAt(text: string, name: string, value: string, line: number): string | null {
  const span = findFieldValue(text, { name, value, line, column: 1 });
  return span ? `${text.slice(0, span.start)}<${text.slice(span.start, span.end)}>${text.slice(span.end)}` : null;
}

describe("findFieldValue", () => {
  it("finds a bold line's value and leaves the hard-break spaces outside", () => {
    expect(valueAt("# T\r\n**Status**: In Progress  \r\n", "Status", "In Progress", 2)).toBe(
      "# T\r\n**Status**: <In Progress>  \r\n",
    );
  });

  it("finds a table cell's value", () => {
    expect(valueAt("| Field | Value |\n| **Status** | Todo |\n", "Status", "Todo", 2)).toBe(
      "| Field | Value |\n| **Status** | <Todo> |\n",
    );
  });

  it("finds a quoted front-matter value inside its quotes", () => {
    expect(valueAt('---\nid: T-1\nstatus: "in progress"\n---\n', "status", "in progress", 3)).toBe(
      '---\nid: T-1\nstatus: "<in progress>"\n---\n',
    );
  });

  it("searches after the field's name, so a name that contains the value is not rewritten", () => {
    expect(valueAt("**Status**: Status\n", "Status", "Status", 1)).toBe("**Status**: <Status>\n");
  });

  it("takes the value where the reader's column says it is (a state word after a title holding the same word)", () => {
    const text = "### [T-005] Fix TODO parsing [TODO]\n";
    const span = findFieldValue(text, { name: "State", value: "TODO", line: 1, column: 31 });
    expect(span && `${text.slice(0, span.start)}<${text.slice(span.start, span.end)}>${text.slice(span.end)}`).toBe("### [T-005] Fix TODO parsing [<TODO>]\n");
    expect(valueAt(text, "State", "TODO", 1)).toBe("### [T-005] Fix <TODO> parsing [TODO]\n");
  });

  it("is null when the value is not on that line", () => {
    expect(valueAt("status: >\n  done\n", "status", "done", 1)).toBeNull();
    expect(valueAt("a\n", "status", "done", 5)).toBeNull();
  });
});

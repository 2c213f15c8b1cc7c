/** One `**Name**: value` line as written, with where the value starts on its line. */
export interface FieldLine {
  name: string;
  value: string;
  /** Index in the line where `value` starts (or where it would, when empty). */
  valueIndex: number;
}

// `**Priority**: P0  `, `**Priority:** P0`, `__Priority__: P0`; the value keeps its inline markdown
// but not the trailing spaces or backslash of a hard line break.
const BOLD_FIELD = /^([ \t]*(?:[-*+][ \t]+)?)(\*\*|__)[ \t]*([^*_\s][^*_]*?)[ \t]*(?::\2|\2[ \t]*:)[ \t]*(.*?)[ \t]*\\?[ \t]*$/;
// Kiro's `_Requirements: 1.1, 2.3_`.
const EMPHASIS_FIELD = /^([ \t]*(?:[-*+][ \t]+)?)([_*])([A-Za-z][A-Za-z ]*?):[ \t]*(.*?)[ \t]*\2[ \t]*$/;

/** Reads a `**Name**: value` (or `_Name: value_`) line; undefined for anything else. */
export function readFieldLine(line: string): FieldLine | undefined {
  const bold = BOLD_FIELD.exec(line);
  if (bold) {
    const value = bold[4] ?? "";
    const name = (bold[3] ?? "").trim();
    if (name === "" || name.length > 60) return undefined;
    return { name, value, valueIndex: value === "" ? line.length : line.lastIndexOf(value, line.length) };
  }
  const emphasis = EMPHASIS_FIELD.exec(line);
  if (emphasis) {
    const value = emphasis[4] ?? "";
    const prefix = (emphasis[1] ?? "").length + 1 + (emphasis[3] ?? "").length + 1;
    return { name: (emphasis[3] ?? "").trim(), value, valueIndex: value === "" ? line.length : line.indexOf(value, prefix) };
  }
  return undefined;
}

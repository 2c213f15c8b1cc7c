import type { RawField } from "../model/types.js";

export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Where a field's value is written on its line: after the field's name, the first occurrence
 * of the value as the reader read it. The same search serves a bold line
 * (`**Status**: In Progress  `), a table cell (`| **Status** | In Progress |`) and front matter
 * (`status: "in progress"` — the span is inside the quotes), so only the value's own bytes are
 * replaced and the markup, padding and hard-break spaces around it stay as written. Null when
 * the value is not on that line (a YAML block scalar, a value the reader normalised).
 */
export function findFieldValue(text: string, field: RawField): TextSpan | null {
  if (field.value === "" || field.line < 1) return null;
  let lineStart = 0;
  for (let line = 1; line < field.line; line += 1) {
    const newline = text.indexOf("\n", lineStart);
    if (newline < 0) return null;
    lineStart = newline + 1;
  }
  const newline = text.indexOf("\n", lineStart);
  const lineText = text.slice(lineStart, newline < 0 ? text.length : newline).replace(/\r$/, "");
  // The reader's column points at the value when it knew where it was: a state word in a
  // heading (`### [T-005] Fix TODO parsing [TODO]`) must not be looked for from the line start.
  const at = field.column - 1;
  if (at >= 0 && lineText.startsWith(field.value, at)) return { start: lineStart + at, end: lineStart + at + field.value.length };
  const name = lineText.indexOf(field.name);
  const from = name >= 0 ? name + field.name.length : 0;
  const value = lineText.indexOf(field.value, from);
  if (value < 0) return null;
  return { start: lineStart + value, end: lineStart + value + field.value.length };
}

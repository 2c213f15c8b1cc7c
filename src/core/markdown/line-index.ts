/**
 * Line starts of a text, so that an offset becomes a 1-based line/column by binary search rather
 * than by rescanning the text (documents reach tens of thousands of lines).
 *
 * Lines end at `\n`, `\r\n` or a lone `\r`, as in CommonMark. Columns count UTF-16 code units from
 * the line start, so a BOM is column 1 of line 1.
 */
export interface LineIndex {
  /** Offsets where each line starts; `starts[0]` is 0. */
  readonly starts: readonly number[];
  readonly lineCount: number;
  /** 1-based line of an offset (an offset at a line break belongs to the line it ends). */
  lineOf(offset: number): number;
  columnOf(offset: number): number;
  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number;
  /** Offset just past the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number;
  /** The line's text without its line break. */
  lineText(line: number): string;
}

export function createLineIndex(text: string): LineIndex {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  const lineCount = starts.length;

  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const lineStart = (line: number): number => starts[Math.min(Math.max(line, 1), lineCount) - 1] as number;
  const lineEnd = (line: number): number => {
    if (line >= lineCount) return text.length;
    let end = starts[Math.max(line, 1)] as number;
    if (text.charCodeAt(end - 1) === 10) end--;
    if (text.charCodeAt(end - 1) === 13) end--;
    return end;
  };
  return {
    starts,
    lineCount,
    lineOf,
    columnOf: (offset) => offset - lineStart(lineOf(offset)) + 1,
    lineStart,
    lineEnd,
    lineText: (line) => text.slice(lineStart(line), lineEnd(line)),
  };
}

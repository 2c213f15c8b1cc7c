import type { LineIndex } from "./line-index.js";

/** A `---` … `---` block: the document's front matter, or one heading a task further down. */
export interface FrontMatterBlock {
  /** Lines of the opening and the closing delimiter (1-based). */
  startLine: number;
  endLine: number;
  /** Offset of the opening delimiter and just past the closing one (before its line break). */
  start: number;
  end: number;
  /** What follows the opening `---` (`js`, `toml`…), `""` for plain YAML. */
  language: string;
  /** The text between the delimiters. */
  body: string;
  bodyLine: number;
}

const OPENING = /^---([A-Za-z][A-Za-z0-9_-]*)?[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * The block opening at `line`, if that line is `---` (optionally followed by a language) and a
 * later line closes it with `---` or `...`. An opening that is never closed is no front matter:
 * it stays a thematic break, as GitHub renders it.
 */
export function findFrontMatter(text: string, lines: LineIndex, line: number, maxLines = Infinity): FrontMatterBlock | undefined {
  let first = lines.lineText(line);
  const bom = line === 1 && first.charCodeAt(0) === 0xfeff ? 1 : 0;
  first = first.slice(bom);
  const opening = OPENING.exec(first);
  if (!opening) return undefined;
  const last = Math.min(lines.lineCount, line + maxLines);
  for (let close = line + 1; close <= last; close++) {
    if (CLOSING.test(lines.lineText(close))) {
      const bodyStart = lines.lineStart(line + 1);
      const bodyEnd = close === line + 1 ? bodyStart : lines.lineEnd(close - 1);
      return {
        startLine: line,
        endLine: close,
        start: lines.lineStart(line) + bom,
        end: lines.lineEnd(close),
        language: opening[1] ?? "",
        body: text.slice(bodyStart, bodyEnd),
        bodyLine: line + 1,
      };
    }
  }
  return undefined;
}

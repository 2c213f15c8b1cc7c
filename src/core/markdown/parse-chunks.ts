import type { List, ListItem, Nodes, Root, RootContent } from "mdast";
import type { LineIndex } from "./line-index.js";

export interface ChunkFailure {
  /** First line of the part that could not be parsed. */
  line: number;
  error: unknown;
}

/**
 * Characters a chunk holds at least. micromark's cost grows with the square of the number of
 * separate lists it has seen in one parse (a 4,000-task document of `### TASK` sections takes
 * 40 s in one piece), so a long document is parsed in pieces of about this size and the trees
 * are joined: the whole stays linear.
 */
export const CHUNK_CHARS = 8_000;

/**
 * Parses `source` (from `start`) as a sequence of independent markdown chunks and joins their
 * trees, positions made absolute. A chunk ends only where no block can continue past it: before
 * an ATX heading at column 1, or before an unindented line that follows a blank line — and never
 * inside a fence or an HTML block as far as a line scan can tell. Two halves of a list cut
 * between its items are joined again. A
 * fenced code or HTML block the scan misjudged (a fence opened inside a list item) shows as the
 * chunk's last block left open: the chunk is then extended past where that block really closes
 * and parsed again, so the joined tree has the blocks of one parse of the whole.
 * Link reference definitions only apply within their chunk, which changes inline links, never
 * blocks or checkboxes.
 */
export function parseChunks(
  source: string,
  lines: LineIndex,
  start: number,
  parse: (text: string) => Root,
  chunkChars = CHUNK_CHARS,
): { root: Root; failures: ChunkFailure[] } {
  const root: Root = { type: "root", children: [] };
  const failures: ChunkFailure[] = [];
  const cuts = chunkCuts(source, lines, start, chunkChars);
  let from = start;
  let cut = 0;
  for (;;) {
    while (cut < cuts.length && (cuts[cut] as number) <= from) cut++;
    let end = cut < cuts.length ? (cuts[cut] as number) : source.length;
    let tree: Root | undefined;
    for (;;) {
      try {
        tree = parse(source.slice(from, end));
      } catch (error) {
        failures.push({ line: lines.lineOf(from), error });
        tree = undefined;
        break;
      }
      const open = end < source.length ? openBlockEnd(source, lines, from, end - from, tree) : -1;
      if (open < 0) break;
      while (cut < cuts.length && (cuts[cut] as number) <= open) cut++;
      end = cut < cuts.length ? (cuts[cut] as number) : source.length;
    }
    if (tree) {
      const lineShift = lines.lineOf(from) - 1;
      // A block still open at the chunk's end ends after its last line break, where the same block
      // ends before it when the document goes on: end it where one parse of the whole would.
      const chunkEnd = end - from;
      const lastBreak = end < source.length ? (/(?:\r\n|\r|\n)$/.exec(source.slice(Math.max(from, end - 2), end))?.[0].length ?? 0) : 0;
      const lastLineEnd = lastBreak > 0 ? { offset: end - lastBreak, line: lines.lineOf(end - lastBreak), column: lines.columnOf(end - lastBreak) } : undefined;
      shiftPositions(tree, from, lineShift, chunkEnd, lastLineEnd);
      const previous = root.children[root.children.length - 1];
      const first = tree.children[0];
      // A cut between two items of one top-level list splits it; one parse makes it one list.
      if (previous?.type === "list" && first?.type === "list" && sameList(source, previous, first)) {
        previous.children.push(...first.children);
        // Cuts between items follow a blank line, and a blank line between items makes a list loose.
        previous.spread = true;
        if (previous.position && first.position) previous.position.end = first.position.end;
        tree.children.shift();
      }
      for (const child of tree.children) root.children.push(child as RootContent);
    }
    if (end >= source.length) break;
    from = end;
  }
  return { root, failures };
}

/** Would CommonMark continue list `a` with the items of `b` (same bullet, or same ordered delimiter)? */
function sameList(source: string, a: List, b: List): boolean {
  const last = a.children[a.children.length - 1];
  const first = b.children[0];
  if (!last || !first || a.ordered !== b.ordered) return false;
  const marker = (item: ListItem): string => {
    const at = item.position?.start.offset ?? 0;
    return a.ordered ? (/^\d+([.)])/.exec(source.slice(at, at + 11))?.[1] ?? "") : source.charAt(at);
  };
  return marker(last) !== "" && marker(last) === marker(first);
}

/** Offsets (line starts) where a chunk may begin, at least CHUNK_CHARS apart. */
function chunkCuts(source: string, lines: LineIndex, start: number, chunkChars: number): number[] {
  const cuts: number[] = [];
  if (source.length - start <= chunkChars) return cuts;
  let last = start;
  let fence: { char: number; length: number } | undefined;
  let html: RegExp | undefined;
  // Any other HTML block (`<div>`, `</div>`, a tag alone on its line) runs to the next blank
  // line and swallows headings on the way; any line opening with a tag is taken for one.
  let htmlToBlank = false;
  let previousBlank = true;
  for (let line = lines.lineOf(start); line <= lines.lineCount; line++) {
    const lineStart = Math.max(lines.lineStart(line), start);
    const text = source.slice(lineStart, lines.lineEnd(line));
    const blank = /^[ \t]*$/.test(text);
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
      if (close && (close[1] as string).charCodeAt(0) === fence.char && (close[1] as string).length >= fence.length) fence = undefined;
    } else if (html) {
      if (html.test(text)) html = undefined;
    } else {
      if (blank) htmlToBlank = false;
      const canCut =
        !htmlToBlank &&
        lineStart - last >= chunkChars &&
        (/^#{1,6}(?:[ \t]|$)/.test(text) || (previousBlank && !blank && /^[^ \t]/.test(text)));
      if (canCut) {
        cuts.push(lineStart);
        last = lineStart;
      }
      const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(text);
      if (open && !((open[1] as string).startsWith("`") && (open[2] as string).includes("`"))) {
        fence = { char: (open[1] as string).charCodeAt(0), length: (open[1] as string).length };
      } else {
        const end = htmlBlockEnd(text);
        if (end && !end.test(text.replace(/^ {0,3}<[^]{0,3}/, ""))) html = end;
        else if (!end && /^ {0,3}<\/?[A-Za-z]/.test(text)) htmlToBlank = true;
      }
    }
    previousBlank = blank;
  }
  return cuts;
}

/** The end condition of an HTML block that, once open, runs across blank lines (CommonMark types 1–5). */
function htmlBlockEnd(line: string): RegExp | undefined {
  if (/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i.test(line)) return /<\/(?:script|pre|style|textarea)>/i;
  if (/^ {0,3}<!--/.test(line)) return /-->/;
  if (/^ {0,3}<\?/.test(line)) return /\?>/;
  if (/^ {0,3}<![A-Za-z]/.test(line)) return />/;
  if (/^ {0,3}<!\[CDATA\[/.test(line)) return /\]\]>/;
  return undefined;
}

/**
 * When the chunk's last top-level block is a fenced code or HTML block the chunk's end cut open,
 * the offset of the line where that block really closes (or the end of the source); else -1.
 */
function openBlockEnd(source: string, lines: LineIndex, from: number, chunkLength: number, tree: Root): number {
  const last = tree.children[tree.children.length - 1];
  if (!last || (last.type !== "code" && last.type !== "html")) return -1;
  const start = from + (last.position?.start.offset ?? 0);
  const end = from + (last.position?.end.offset ?? 0);
  const firstLine = lines.lineOf(start);
  const opening = source.slice(lines.lineStart(firstLine), lines.lineEnd(firstLine));
  const lastLine = lines.lineOf(Math.max(start, end - 1));
  let closes: ((text: string) => boolean) | undefined;
  if (last.type === "code") {
    const fence = /^[ \t>]*(`{3,}|~{3,})/.exec(opening);
    if (!fence) return -1;
    const char = (fence[1] as string).charAt(0);
    const length = (fence[1] as string).length;
    const closing = new RegExp(`^ {0,3}\\${char}{${length},}[ \\t]*$`);
    closes = (text) => closing.test(text);
    if (lastLine > firstLine && closes(source.slice(lines.lineStart(lastLine), lines.lineEnd(lastLine)))) return -1;
  } else {
    const endMark = htmlBlockEnd(opening.replace(/^[ \t>]*/, ""));
    if (endMark) {
      if (endMark.test(source.slice(start, end).replace(/^ {0,3}<[^]{0,3}/, ""))) return -1;
      closes = (text) => endMark.test(text);
    } else {
      // Any other HTML block ends at a blank line: the chunk must hold that line.
      const blank = /^[ \t]*$/;
      for (let line = lastLine + 1; line <= lines.lineCount && lines.lineStart(line) < from + chunkLength; line++) {
        if (blank.test(source.slice(lines.lineStart(line), lines.lineEnd(line)))) return -1;
      }
      closes = (text) => blank.test(text);
    }
  }
  for (let line = lastLine + 1; line <= lines.lineCount; line++) {
    if (closes(source.slice(lines.lineStart(line), lines.lineEnd(line)))) return lines.lineEnd(line);
  }
  return source.length;
}

/** Makes the positions of a chunk's tree absolute. Iterative: trees can be deep. */
function shiftPositions(
  tree: Root,
  offset: number,
  lineShift: number,
  chunkEnd: number,
  lastLineEnd: { offset: number; line: number; column: number } | undefined,
): void {
  const stack: Nodes[] = [...tree.children];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    const position = node.position;
    if (position) {
      if (position.start.offset !== undefined) position.start.offset += offset;
      position.start.line += lineShift;
      if (lastLineEnd && position.end.offset === chunkEnd) {
        position.end.offset = lastLineEnd.offset;
        position.end.line = lastLineEnd.line;
        position.end.column = lastLineEnd.column;
      } else {
        if (position.end.offset !== undefined) position.end.offset += offset;
        position.end.line += lineShift;
      }
    }
    if ("children" in node) for (const child of node.children) stack.push(child as Nodes);
  }
}

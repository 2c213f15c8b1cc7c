import type { Blockquote, FootnoteDefinition, List, ListItem, Nodes, RootContent } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { Checkbox, Diagnostic, StateMark } from "../model/types.js";
import { checkboxOfListItem } from "./checkbox-of-list-item.js";
import { findFrontMatter, type FrontMatterBlock } from "./find-front-matter.js";
import { createLineIndex, type LineIndex } from "./line-index.js";
import { parseChunks } from "./parse-chunks.js";

/** A GitHub task-list box found in the document, with where it sits in the list structure. */
export interface Box {
  checkbox: Checkbox;
  item: ListItem;
  /** Index in `MarkdownScan.blocks` of the top-level block holding the box. */
  block: number;
  /** List items around it: 0 for an item of a top-level list. */
  depth: number;
  /** The nearest box among the list items around it (a Kiro `[-]`/`[~]` one included). */
  parent: Box | undefined;
  /** The list item of a top-level (or blockquoted) list that holds the box, maybe `item` itself. */
  topItem: ListItem;
  /** The item's text after the box: its first paragraph, lines joined by one space. */
  text: string;
  /** Offset where `text` starts in the source. */
  textStart: number;
  /** Kiro's `[-]`/`[~]`: no checkbox on GitHub; such boxes are in `MarkdownScan.stateBoxes`, never in `boxes`. */
  state?: StateMark;
}

/** A top-level block of the document (a child of the mdast root). */
export interface Block {
  node: RootContent;
  index: number;
  start: number;
  end: number;
  startLine: number;
  endLine: number;
}

export interface MarkdownScan {
  text: string;
  lines: LineIndex;
  bom: boolean;
  /** The document's own front matter (blanked before markdown parsing), when it has one. */
  frontMatter: FrontMatterBlock | undefined;
  blocks: Block[];
  boxes: Box[];
  /**
   * List items opening with Kiro's `[-]`/`[~]`, in document order. They are not checkboxes (GitHub
   * renders them as text) but they are `parent` of the boxes nested in them, so a format that
   * reads them as tasks finds its child tasks.
   */
  stateBoxes: Box[];
  /** List items that hold a box, themselves or deeper down. */
  itemsWithBoxes: Set<ListItem>;
  /** The list item each list item is nested in (undefined at the top). */
  parentItem: Map<ListItem, ListItem | undefined>;
  /** Lines that are code, HTML or front matter: never list items, whatever they look like. */
  opaqueLines: Uint8Array;
  /** 1-based lines the reader skipped because they nest too deep to parse safely. */
  skippedLines: number[];
  /** Reader failures (`unreadable-document`), without a path yet. */
  failures: Omit<Diagnostic, "path">[];
}

/**
 * Containers nested on one line (`>`, list markers, indentation / 2) beyond which a line is not
 * given to the markdown parser: micromark's cost grows with the square of the nesting and it
 * overflows the stack near 10,000 levels. GitHub's cmark-gfm itself stops nesting lists at 100.
 */
export const MAX_NESTING = 120;
/** Runs of one delimiter character longer than this are cut (for the parser only): micromark matches them quadratically. */
const MAX_DELIMITER_RUN = 256;

const processor = unified().use(remarkParse).use(remarkGfm);

/**
 * The one markdown pass every reader function shares: the exact source offsets of every GitHub
 * checkbox, the top-level blocks, and the lines that are code. Front matter is blanked (newlines
 * kept) before parsing, so offsets and lines stay those of `text` and `---` is never read as a
 * thematic break or setext underline. Never throws.
 */
export function readMarkdown(text: string): MarkdownScan {
  const lines = createLineIndex(text);
  const bom = text.charCodeAt(0) === 0xfeff;
  const base = bom ? 1 : 0;
  const frontMatter = findFrontMatter(text, lines, 1);
  const opaqueLines = new Uint8Array(lines.lineCount + 2);
  const failures: Omit<Diagnostic, "path">[] = [];

  const blank: [number, number][] = [];
  if (frontMatter) {
    blank.push([frontMatter.start, frontMatter.end]);
    opaqueLines.fill(1, frontMatter.startLine, frontMatter.endLine + 1);
  }
  const skippedLines = tooDeepLines(text, lines);
  for (const line of skippedLines) {
    blank.push([lines.lineStart(line), lines.lineEnd(line)]);
    opaqueLines[line] = 1;
  }
  if (skippedLines.length > 0) {
    const first = skippedLines[0] as number;
    failures.push({
      code: "unreadable-document",
      severity: "error",
      line: first,
      column: 1,
      message: `${skippedLines.length === 1 ? "This line nests" : `${skippedLines.length} lines (from this one) nest`} more than ${MAX_NESTING} levels deep; the reader skipped ${skippedLines.length === 1 ? "it" : "them"}`,
    });
  }
  const source = cutDelimiterRuns(blankRanges(text, blank));

  // Positions in the tree are made absolute (BOM included) by parseChunks.
  const { root, failures: broken } = parseChunks(source, lines, base, (chunk) => processor.parse(chunk));
  for (const { line, error } of broken) {
    failures.push({
      code: "unreadable-document",
      severity: "error",
      line,
      column: 1,
      message: `the markdown parser failed on the part of this document that starts here (${error instanceof Error ? error.name : "error"}); that part was not read`,
    });
  }

  const blocks: Block[] = [];
  const boxes: Box[] = [];
  const stateBoxes: Box[] = [];
  const startOf = (node: Nodes): number => node.position?.start.offset ?? 0;
  const endOf = (node: Nodes): number => node.position?.end.offset ?? 0;

  root.children.forEach((node, index) => {
    const start = startOf(node);
    const end = endOf(node);
    blocks.push({ node, index, start, end, startLine: lines.lineOf(start), endLine: lines.lineOf(Math.max(start, end - 1)) });
  });

  const parentItem = new Map<ListItem, ListItem | undefined>();
  const stack: Frame[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) {
    stack.push({ node: root.children[i] as RootContent, block: i, depth: 0, parent: undefined, item: undefined });
  }
  // Iterative on purpose: a recursive walk is what overflows the stack on deep documents.
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const node = frame.node;
    switch (node.type) {
      case "list":
        pushChildren(stack, (node as List).children, frame);
        break;
      case "listItem": {
        parentItem.set(node, frame.item);
        const found = checkboxOfListItem(text, lines, node);
        let box: Box | undefined;
        if (found) {
          box = {
            checkbox: found.checkbox,
            item: node,
            block: frame.block,
            depth: frame.depth,
            parent: frame.parent,
            topItem: node,
            text: found.text,
            textStart: found.textStart,
          };
          if (found.state === undefined) boxes.push(box);
          else {
            box.state = found.state;
            stateBoxes.push(box);
          }
        }
        pushChildren(stack, node.children, { ...frame, depth: frame.depth + 1, parent: box ?? frame.parent, item: node });
        break;
      }
      case "blockquote":
      case "footnoteDefinition":
        pushChildren(stack, (node as Blockquote | FootnoteDefinition).children, frame);
        break;
      case "code":
      case "html": {
        const from = lines.lineOf(startOf(node));
        const to = lines.lineOf(Math.max(startOf(node), endOf(node) - 1));
        opaqueLines.fill(1, from, to + 1);
        break;
      }
      default:
        break;
    }
  }

  const itemsWithBoxes = new Set<ListItem>();
  for (const box of boxes) {
    let item: ListItem | undefined = box.item;
    let top = item;
    while (item && !itemsWithBoxes.has(item)) {
      itemsWithBoxes.add(item);
      top = item;
      item = parentItem.get(item);
    }
    while (item) {
      top = item;
      item = parentItem.get(item);
    }
    box.topItem = top;
  }

  return { text, lines, bom, frontMatter, blocks, boxes, stateBoxes, itemsWithBoxes, parentItem, opaqueLines, skippedLines, failures };
}

interface Frame {
  node: Nodes;
  block: number;
  depth: number;
  parent: Box | undefined;
  item: ListItem | undefined;
}

function pushChildren(stack: Frame[], children: readonly Nodes[], frame: Frame): void {
  for (let i = children.length - 1; i >= 0; i--) {
    stack.push({ ...frame, node: children[i] as Nodes });
  }
}

/** Replaces every character of the ranges except line breaks by a space: same length, same lines. */
function blankRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    out += text.slice(at, start) + text.slice(start, end).replace(/[^\r\n]/g, " ");
    at = end;
  }
  return out + text.slice(at);
}

const DELIMITER_RUN = new RegExp(`([*_~[\\]])\\1{${MAX_DELIMITER_RUN},}`, "g");

function cutDelimiterRuns(source: string): string {
  return source.replace(DELIMITER_RUN, (run) => run.slice(0, MAX_DELIMITER_RUN) + " ".repeat(run.length - MAX_DELIMITER_RUN));
}

/** Lines whose container prefix (`>`, list markers, indentation) is deeper than MAX_NESTING. */
function tooDeepLines(text: string, lines: LineIndex): number[] {
  const deep: number[] = [];
  for (let line = 1; line <= lines.lineCount; line++) {
    let i = lines.lineStart(line);
    const end = lines.lineEnd(line);
    if (end - i <= MAX_NESTING) continue;
    let depth = 0;
    let columns = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32) {
        columns++;
        i++;
      } else if (c === 9) {
        columns += 4;
        i++;
      } else if (c === 62 /* > */) {
        depth++;
        i++;
      } else if ((c === 45 || c === 42 || c === 43) && isGap(text.charCodeAt(i + 1))) {
        depth++;
        i++;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        const d = text.charCodeAt(j);
        if ((d === 46 || d === 41) && isGap(text.charCodeAt(j + 1))) {
          depth++;
          i = j + 1;
        } else break;
      } else break;
      if (depth + (columns >> 1) > MAX_NESTING) {
        deep.push(line);
        break;
      }
    }
  }
  return deep;
}

function isGap(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

import type { Heading, List, ListItem, Nodes, Paragraph, Table } from "mdast";
import type { Diagnostic, RawField } from "../model/types.js";
import { fieldName, rawFieldKey } from "./field-name.js";
import type { Block, Box, MarkdownScan } from "./read-markdown.js";
import { readFieldLine } from "./read-field-line.js";

export interface HeadingInfo {
  block: number;
  depth: number;
  /** Plain text (markdown removed, whitespace collapsed). */
  text: string;
  line: number;
  column: number;
}

/** One part of a description: a heading is kept only when content follows it. */
export type DescriptionPart = { heading: number; source: string } | { heading?: undefined; source: string };

/**
 * What the format builders share: the scan, the top-level headings, and the small readings of
 * blocks (labels, metadata lines, tables, source slices) that every format needs.
 */
export interface ReadContext {
  path: string;
  text: string;
  scan: MarkdownScan;
  headings: HeadingInfo[];
  /** The heading a block is, by block index. */
  headingOfBlock: (HeadingInfo | undefined)[];
  /** Boxes by the index of their top-level block. */
  boxesOfBlock: Map<number, Box[]>;
  /** The box of a list item that is one (and, once a list format read it, of a `[-]`/`[~]` task). */
  boxOfItem: Map<ListItem, Box>;
  /**
   * List items that are, or hold, a task written with a `[-]`/`[~]` box: like items holding a box,
   * they are no one's description. Filled by the list-format builder (markStateTask).
   */
  itemsWithStateTasks: Set<ListItem>;
  diagnostics: Diagnostic[];
  /** Source text, CRLF made LF. */
  slice(start: number, end: number): string;
  /** Source of a node nested at some column, with that indentation removed from its lines. */
  dedented(start: number, end: number): string;
  blockSource(block: Block): string;
  /** `**Subtasks**:`-style label paragraph → its label. */
  labelOf(block: Block): string | undefined;
  /** Fields of a paragraph made only of `**Name**: value` lines with at least one known name. */
  metadataOf(block: Block): RawField[] | undefined;
  /** Fields of a table whose rows are `| **Name** | value |` with at least one known name. */
  tableFieldsOf(block: Block): RawField[] | undefined;
  /** The field a one-line list item or paragraph states (`- **Estimated Time**: 4h`, `_Requirements: 1.2_`). */
  fieldOfLine(start: number, end: number, knownOnly: boolean): RawField | undefined;
  /** The nearest heading at or before `block` that is not before `from`. */
  headingBefore(block: number, from: number): HeadingInfo | undefined;
  /** Index in `headings` of the nearest heading at or before `block`, -1 when none. */
  headingIndexAt(block: number): number;
  /** Section of a box for an owner whose content starts at block `from`. */
  sectionOf(box: Box, from: number): string | undefined;
  startOf(node: Nodes): number;
  endOf(node: Nodes): number;
}

const LABEL = /^(?:\*\*|__)[ \t]*([^*_\n]+?)[ \t]*:?[ \t]*(?:\*\*|__)[ \t]*:?[ \t]*$/;

export function createReadContext(path: string, scan: MarkdownScan): ReadContext {
  const { text, lines, blocks } = scan;
  const headings: HeadingInfo[] = [];
  const headingOfBlock: (HeadingInfo | undefined)[] = new Array(blocks.length);
  const nearestHeading = new Int32Array(blocks.length);
  for (const block of blocks) {
    if (block.node.type === "heading") {
      const heading: HeadingInfo = {
        block: block.index,
        depth: block.node.depth,
        text: plainText(block.node),
        line: block.startLine,
        column: lines.columnOf(block.start),
      };
      headings.push(heading);
      headingOfBlock[block.index] = heading;
    }
    nearestHeading[block.index] = headings.length - 1;
  }
  const boxesOfBlock = new Map<number, Box[]>();
  const boxOfItem = new Map<ListItem, Box>();
  for (const box of scan.boxes) {
    boxOfItem.set(box.item, box);
    const list = boxesOfBlock.get(box.block);
    if (list) list.push(box);
    else boxesOfBlock.set(box.block, [box]);
  }

  const startOf = (node: Nodes): number => node.position?.start.offset ?? 0;
  const endOf = (node: Nodes): number => node.position?.end.offset ?? 0;
  const slice = (start: number, end: number): string => text.slice(start, end).replace(/\r\n?/g, "\n");
  const dedented = (start: number, end: number): string => {
    const indent = lines.columnOf(start) - 1;
    const source = slice(start, end);
    if (indent === 0 || !source.includes("\n")) return source;
    const strip = new RegExp(`^[ \\t]{0,${indent}}`);
    return source
      .split("\n")
      .map((line, index) => (index === 0 ? line : line.replace(strip, "")))
      .join("\n");
  };
  const lineFieldAt = (line: number, knownOnly: boolean): RawField | undefined => {
    const lineText = lines.lineText(line);
    const field = readFieldLine(lineText);
    if (!field) return undefined;
    if (knownOnly && fieldName(field.name) === undefined) return undefined;
    return { name: field.name, value: field.value, line, column: field.valueIndex + 1 };
  };

  const context: ReadContext = {
    path,
    text,
    scan,
    headings,
    headingOfBlock,
    boxesOfBlock,
    boxOfItem,
    itemsWithStateTasks: new Set(),
    diagnostics: [],
    slice,
    dedented,
    startOf,
    endOf,
    blockSource: (block) => slice(lines.lineStart(block.startLine), block.end),
    labelOf(block) {
      if (block.node.type !== "paragraph" || block.startLine !== block.endLine) return undefined;
      const match = LABEL.exec(lines.lineText(block.startLine).trim());
      return match ? (match[1] ?? "").trim() : undefined;
    },
    metadataOf(block) {
      if (block.node.type !== "paragraph") return undefined;
      const fields: RawField[] = [];
      let known = false;
      for (let line = block.startLine; line <= block.endLine; line++) {
        const field = lineFieldAt(line, false);
        if (!field) return undefined;
        if (fieldName(field.name) !== undefined) known = true;
        fields.push(field);
      }
      return known ? fields : undefined;
    },
    tableFieldsOf(block) {
      if (block.node.type !== "table") return undefined;
      const fields: RawField[] = [];
      for (const row of (block.node as Table).children) {
        const [nameCell, valueCell] = row.children;
        if (!nameCell || !valueCell) continue;
        const name = plainText(nameCell).replace(/:$/, "").trim();
        if (fieldName(name) === undefined) continue;
        const first = valueCell.children[0];
        const last = valueCell.children[valueCell.children.length - 1];
        const start = first ? startOf(first) : startOf(valueCell);
        const value = first && last ? text.slice(start, endOf(last)).trim() : "";
        fields.push({ name, value, line: lines.lineOf(start), column: lines.columnOf(start) });
      }
      return fields.length > 0 ? fields : undefined;
    },
    fieldOfLine(start, end, knownOnly) {
      const line = lines.lineOf(start);
      if (lines.lineOf(Math.max(start, end - 1)) !== line) return undefined;
      return lineFieldAt(line, knownOnly);
    },
    headingIndexAt: (block) => (block >= 0 && block < blocks.length ? (nearestHeading[block] as number) : -1),
    headingBefore(block, from) {
      const index = block >= 0 && block < blocks.length ? (nearestHeading[block] as number) : -1;
      const heading = index >= 0 ? headings[index] : undefined;
      return heading && heading.block >= from ? heading : undefined;
    },
    sectionOf(box, from) {
      const previous = blocks[box.block - 1];
      if (previous && previous.index >= from) {
        const label = context.labelOf(previous);
        if (label !== undefined) return label;
      }
      return context.headingBefore(box.block, from)?.text;
    },
  };
  return context;
}

/** Text of phrasing content: values of text and code, image alts; markup dropped. */
export function plainText(node: Nodes): string {
  let out = "";
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as Nodes;
    if (current.type === "text" || current.type === "inlineCode") out += current.value;
    else if (current.type === "image") out += current.alt ?? "";
    else if (current.type === "break") out += " ";
    else if ("children" in current) {
      for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i] as Nodes);
    }
  }
  return out.replace(/\s+/g, " ").trim();
}

/** Does this list item, or anything in it, hold a box (or a task written with a `[-]`/`[~]` box)? */
export function holdsBox(context: ReadContext, item: ListItem): boolean {
  return context.scan.itemsWithBoxes.has(item) || context.itemsWithStateTasks.has(item);
}

/** Records that a `[-]`/`[~]` box was read as a task: its item and the items around it hold a task. */
export function markStateTask(context: ReadContext, box: Box): void {
  context.boxOfItem.set(box.item, box);
  let item: ListItem | undefined = box.item;
  while (item && !context.itemsWithStateTasks.has(item)) {
    context.itemsWithStateTasks.add(item);
    item = context.scan.parentItem.get(item);
  }
}

export function isList(node: Nodes): node is List {
  return node.type === "list";
}

export function isHeading(node: Nodes): node is Heading {
  return node.type === "heading";
}

export function isParagraph(node: Nodes): node is Paragraph {
  return node.type === "paragraph";
}

/** Adds fields keyed by normalised name; the first occurrence of a field wins. */
export function addRawFields(target: Record<string, RawField>, fields: readonly RawField[]): void {
  for (const field of fields) {
    const key = rawFieldKey(field.name);
    if (!Object.hasOwn(target, key)) target[key] = field;
  }
}

/**
 * Joins description parts: a heading stays only when some content follows it before the next
 * heading of the same or a higher level (a section that held only checkboxes leaves no trace).
 */
export function joinDescription(parts: readonly DescriptionPart[]): string {
  const keep = new Array<boolean>(parts.length).fill(false);
  const open: { index: number; depth: number; content: boolean }[] = [];
  const close = (): void => {
    const entry = open.pop();
    if (!entry) return;
    keep[entry.index] = entry.content;
    const parent = open[open.length - 1];
    if (parent && entry.content) parent.content = true;
  };
  parts.forEach((part, index) => {
    if (part.heading === undefined) {
      keep[index] = true;
      const top = open[open.length - 1];
      if (top) top.content = true;
      return;
    }
    while (open.length > 0 && (open[open.length - 1] as { depth: number }).depth >= part.heading) close();
    open.push({ index, depth: part.heading, content: false });
  });
  while (open.length > 0) close();
  return parts
    .filter((_, index) => keep[index])
    .map((part) => part.source.replace(/\s+$/, ""))
    .filter((source) => source !== "")
    .join("\n\n")
    .trim();
}

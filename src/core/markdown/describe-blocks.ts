import type { List, ListItem, RootContent } from "mdast";
import type { RawField } from "../model/types.js";
import { fieldName } from "./field-name.js";
import { addRawFields, type DescriptionPart, holdsBox, joinDescription, type ReadContext } from "./read-context.js";

/**
 * The description of an owner whose content is a run of top-level blocks, reading its metadata
 * on the way: `**Name**: value` paragraphs and `| **Name** | value |` tables go to `raw` (the
 * first occurrence of a field wins), checkbox lists are the checklist, a `**Label**:` paragraph
 * in front of a checklist names its section; everything else is description, as written.
 */
export function describeBlocks(context: ReadContext, own: readonly number[], raw: Record<string, RawField>): string {
  const { blocks } = context.scan;
  const parts: DescriptionPart[] = [];
  own.forEach((index, position) => {
    const block = blocks[index];
    if (!block) return;
    const node = block.node;
    switch (node.type) {
      case "thematicBreak":
        return;
      case "heading":
        parts.push({ heading: node.depth, source: context.blockSource(block) });
        return;
      case "paragraph": {
        const fields = context.metadataOf(block);
        if (fields) {
          addRawFields(raw, fields);
          // A field the model has no place for (`**Description**: …`, `**Acceptance Criteria**:`)
          // is what the author wrote about the task: it stays in the description, as written.
          const text = fields.filter((field) => fieldName(field.name) === undefined).map((field) => context.scan.lines.lineText(field.line).trimEnd());
          if (text.length > 0) parts.push({ source: text.join("\n") });
          return;
        }
        if (context.labelOf(block) !== undefined) {
          const next = blocks[own[position + 1] ?? -1];
          if (next && next.node.type === "list" && listHoldsBox(context, next.node)) return;
        }
        parts.push({ source: context.blockSource(block) });
        return;
      }
      case "table": {
        const fields = context.tableFieldsOf(block);
        if (fields) {
          addRawFields(raw, fields);
          return;
        }
        parts.push({ source: context.blockSource(block) });
        return;
      }
      case "html":
        // Comments are invisible on GitHub (Backlog.md's `<!-- AC:BEGIN -->` section markers).
        if (/^\s*<!--[^]*-->\s*$/.test(node.value) && !/-->[^]*<!--/.test(node.value)) return;
        parts.push({ source: context.blockSource(block) });
        return;
      case "list": {
        if (!listHoldsBox(context, node)) {
          const fields = fieldList(context, node);
          if (fields) addRawFields(raw, fields);
          else parts.push({ source: context.blockSource(block) });
          return;
        }
        const plain = itemsWithoutBoxes(context, node);
        if (plain !== "") parts.push({ source: plain });
        return;
      }
      default:
        parts.push({ source: context.blockSource(block) });
    }
  });
  return joinDescription(parts);
}

/** A list of one-line `- **Name**: value` items, at least one of a known field: metadata. */
function fieldList(context: ReadContext, list: List): RawField[] | undefined {
  const fields: RawField[] = [];
  let known = false;
  for (const item of list.children) {
    if (item.children.length !== 1) return undefined;
    const field = context.fieldOfLine(context.startOf(item), context.endOf(item), false);
    if (!field) return undefined;
    if (fieldName(field.name) !== undefined) known = true;
    fields.push(field);
  }
  return known ? fields : undefined;
}

function listHoldsBox(context: ReadContext, list: List): boolean {
  return list.children.some((item) => holdsBox(context, item));
}

/** The items of a checklist that hold no box, as written (a note between two boxes). */
function itemsWithoutBoxes(context: ReadContext, list: List): string {
  return list.children
    .filter((item) => !holdsBox(context, item))
    .map((item) => context.dedented(context.startOf(item), context.endOf(item)))
    .join("\n");
}

/**
 * The description of a task that is itself a list item (spec-kit, numbered plans, phase plans):
 * what the item holds besides its first paragraph and its boxes. Nested bullets that state a
 * field (`- **Estimated Time**: 4h`, `- _Requirements: 1.2_`) go to `raw` instead.
 */
export function describeItem(context: ReadContext, item: ListItem, raw: Record<string, RawField>, lead: string): string {
  const parts: DescriptionPart[] = [];
  if (lead !== "") parts.push({ source: lead });
  item.children.forEach((child, index) => {
    if (index === 0) return;
    describeNested(context, child, raw, parts);
  });
  return joinDescription(parts);
}

function describeNested(context: ReadContext, node: RootContent, raw: Record<string, RawField>, parts: DescriptionPart[]): void {
  if (node.type !== "list") {
    if (node.type !== "thematicBreak") parts.push({ source: context.dedented(context.startOf(node), context.endOf(node)) });
    return;
  }
  const lines: string[] = [];
  for (const item of node.children) {
    if (holdsBox(context, item)) {
      const first = item.children[0];
      // An item that holds boxes only further down keeps its own text (a group label).
      if (first && first.type === "paragraph" && !context.boxOfItem.has(item)) {
        lines.push(context.dedented(context.startOf(item), context.endOf(first)));
      }
      continue;
    }
    const start = context.startOf(item);
    const end = context.endOf(item);
    const field = item.children.length === 1 ? context.fieldOfLine(start, end, true) : undefined;
    if (field) {
      addRawFields(raw, [field]);
      continue;
    }
    lines.push(context.dedented(start, end));
  }
  if (lines.length > 0) parts.push({ source: lines.join("\n") });
}

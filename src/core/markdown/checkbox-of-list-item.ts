import type { ListItem } from "mdast";
import type { Checkbox, StateMark } from "../model/types.js";
import type { LineIndex } from "./line-index.js";

export interface ListItemCheckbox {
  checkbox: Checkbox;
  /**
   * Set when the box is Kiro's `[-]` (in progress) or `[~]` (queued): GitHub renders no checkbox
   * there, so it is not a checkbox (`checkbox.checked` is false), only where a task's state is written.
   */
  state?: StateMark;
  /** The item's first paragraph after the box, its lines trimmed and joined by one space. */
  text: string;
  textStart: number;
}

/**
 * The rule for "what GitHub renders as a checkbox", taken from cmark-gfm's tasklist extension
 * (the reference), not from micromark's `listItem.checked`, which disagrees in places:
 *
 * - cmark-gfm matches `spacechar* (- | + | * | digits .) spacechar+ [ |x|X] spacechar+` against the
 *   raw line from its first column, so a list item that is not the first thing on its line — in a
 *   blockquote (`> - [ ] a`) or after another marker (`- - [ ] a`) — has no box;
 * - `spacechar` is space, tab, vertical tab or form feed only: `- [x]` followed by the end of the
 *   line, or by `\r`, is text, whereas micromark accepts a line ending there;
 * - the box must be on the marker's own line and open the item's first paragraph (an indented
 *   code block that starts with `[ ]` is code).
 *
 * Where cmark-gfm 0.29 is plainly wrong we read the box itself: it calls an item ticked when the
 * line holds `[x]` anywhere (`- [ ] see [x]`), and it misses a box on a first line that starts
 * with a BOM; GitHub strips the BOM before rendering.
 *
 * Kiro's `[-]` and `[~]` in the same place are returned too, marked with `state`: they are no
 * checkbox (GitHub renders the line as text) but they say where a task's state is written.
 */
export function checkboxOfListItem(text: string, lines: LineIndex, item: ListItem): ListItemCheckbox | undefined {
  const first = item.children[0];
  if (!first || (first.type !== "paragraph" && first.type !== "heading" && first.type !== "table")) return undefined;
  const itemStart = item.position?.start.offset ?? -1;
  const firstStart = first.position?.start.offset ?? -1;
  if (itemStart < 0 || firstStart < 0) return undefined;

  const line = lines.lineOf(itemStart);
  let i = lines.lineStart(line);
  if (i === 0 && text.charCodeAt(0) === 0xfeff) i = 1;
  while (isSpaceChar(text.charCodeAt(i))) i++;
  if (i !== itemStart) return undefined;

  const marker = text.charCodeAt(i);
  if (marker === 45 || marker === 43 || marker === 42) i++;
  else {
    const digits = i;
    while (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === digits || (text.charCodeAt(i) !== 46 && text.charCodeAt(i) !== 41)) return undefined;
    i++;
  }
  const gap = i;
  while (isSpaceChar(text.charCodeAt(i))) i++;
  if (i === gap) return undefined;
  if (text.charCodeAt(i) !== 91 /* [ */ || text.charCodeAt(i + 2) !== 93 /* ] */) return undefined;
  const mark = text.charCodeAt(i + 1);
  const state = mark === 45 /* - */ ? "-" : mark === 126 /* ~ */ ? "~" : undefined;
  if (mark !== 32 && mark !== 120 && mark !== 88 && state === undefined) return undefined;
  let after = i + 3;
  if (!isSpaceChar(text.charCodeAt(after))) return undefined;
  while (isSpaceChar(text.charCodeAt(after))) after++;
  // mdast-util-gfm-task-list-item moves the paragraph past a check micromark recognised (to the
  // next line when the box ends its line); where micromark saw none, it starts at the `[` itself.
  if (firstStart !== i && (firstStart < i + 3 || !/^[ \t\v\f]*(?:\r\n?|\n)?[ \t]*$/.test(text.slice(i + 3, firstStart)))) return undefined;

  const lastChild = "children" in first && first.children.length > 0 ? first.children[first.children.length - 1] : undefined;
  const end = Math.max(after, (lastChild ?? first).position?.end.offset ?? 0);
  const itemText = after >= end ? "" : joinLines(text.slice(after, end));

  const found: ListItemCheckbox = {
    checkbox: { line, column: lines.columnOf(i), checked: state === undefined && mark !== 32, offset: i + 1 },
    text: itemText,
    textStart: after,
  };
  if (state !== undefined) found.state = state;
  return found;
}

function isSpaceChar(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

function joinLines(slice: string): string {
  if (!/[\r\n]/.test(slice)) return slice.trim();
  return slice
    .split(/\r\n|\r|\n/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
}

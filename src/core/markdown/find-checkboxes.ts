import type { Checkbox } from "../model/types.js";
import { readMarkdown } from "./read-markdown.js";

/**
 * Every checkbox GitHub renders in `text`, in document order: line, column of the `[`, state,
 * and the offset of the character between the brackets. The reader builds its model from these
 * same boxes (both go through `readMarkdown`), and the splicer checks its offsets against them,
 * so there is one definition of "a checkbox" in the code base.
 */
export function findCheckboxes(text: string): Checkbox[] {
  return readMarkdown(text).boxes.map((box) => box.checkbox);
}

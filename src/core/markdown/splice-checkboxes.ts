const BOX_MARKS = new Set([" ", "x", "X", "-", "~"]);

export interface CheckboxToggle {
  /** Offset of the character between the brackets (`Checkbox.offset`, `Item.offset`). */
  offset: number;
  checked: boolean;
}

/** A toggle that does not point into a `[ ]`, `[x]`, `[X]` (or Kiro's `[-]`, `[~]`): the text changed since it was read. */
export class CheckboxSpliceError extends Error {
  override readonly name = "CheckboxSpliceError";
  constructor(
    readonly offset: number,
    readonly found: string,
  ) {
    super(`no checkbox at offset ${offset} (found ${JSON.stringify(found)}); re-read the document and locate the item again`);
  }
}

/**
 * Flips only the bytes between the brackets: ticking writes `x`, unticking writes ` ` (an `[X]`
 * unticked becomes `[ ]`), a box already in the wanted state keeps its byte (`[X]` stays `[X]`).
 * Kiro's `[-]` and `[~]` (a task's state box, see StateBox) count as unticked: ticking one writes
 * `x` over the mark, the one byte a close of its issue changes.
 * Everything else — line endings, BOM, indentation, trailing spaces — is the author's and stays.
 * Each offset is checked to sit inside a box; if one does not, nothing is written and a
 * CheckboxSpliceError tells the caller to re-read (the file moved under it).
 */
export function spliceCheckboxes(text: string, toggles: readonly CheckboxToggle[]): string {
  const wanted = new Map<number, boolean>();
  for (const toggle of toggles) {
    const { offset } = toggle;
    const inside = text.charAt(offset);
    if (
      !Number.isInteger(offset) ||
      offset < 1 ||
      text.charAt(offset - 1) !== "[" ||
      text.charAt(offset + 1) !== "]" ||
      !BOX_MARKS.has(inside)
    ) {
      throw new CheckboxSpliceError(offset, text.slice(Math.max(0, offset - 1), offset + 2));
    }
    wanted.set(offset, toggle.checked);
  }
  const offsets = [...wanted.keys()].sort((a, b) => a - b);
  let out = "";
  let at = 0;
  for (const offset of offsets) {
    const inside = text.charAt(offset);
    const checked = wanted.get(offset) === true;
    if (checked ? inside === "x" || inside === "X" : inside === " ") continue;
    out += text.slice(at, offset) + (checked ? "x" : " ");
    at = offset + 1;
  }
  return at === 0 ? text : out + text.slice(at);
}

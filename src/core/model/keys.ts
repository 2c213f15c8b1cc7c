/**
 * Item keys: what identifies a checkbox item across edits, in the file and in the issue body
 * alike. They depend only on the item's text, so reordering or inserting items never moves a
 * tick to another item, and a line read back from an issue body keys the same as the file's.
 */

const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const INLINE_LINK = /\[([^\]]*)\]\([^)]*\)/g;
const REFERENCE_LINK = /\[([^\]]*)\]\[[^\]]*\]/g;
const AUTOLINK = /<((?:https?|mailto|ftp):[^>\s]*)>/gi;
const EMPHASIS = /\*+|~~|`+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;

/** NFKC, link syntax and emphasis/code markers removed, lower case, whitespace collapsed. */
export function normalizeItemText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(IMAGE, "$1")
    .replace(INLINE_LINK, "$1")
    .replace(REFERENCE_LINK, "$1")
    .replace(AUTOLINK, "$1")
    .replace(EMPHASIS, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Keys for the items of one owner, in order: the normalised text, `#2`, `#3`… for repeats. */
export function assignItemKeys(texts: string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const key = normalizeItemText(text);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  });
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending with `…` when anything was removed.
 * GitHub counts characters; a UTF-16 length is never smaller than that count, so a cut by
 * units is always within the limit. A surrogate pair is never split.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * `text` within `max` characters, cut after the last whole line that fits, followed by a
 * note that says how many lines were left out. A cut at a line end never leaves half a table
 * row or half a link behind.
 */
export function cutAtLine(text: string, max: number, note: (omittedLines: number) => string): string {
  if (text.length <= max) return text;
  const lines = text.split("\n");
  let kept = 0;
  let length = 0;
  // The note grows with the number it states; the longest it can be is the one for all lines.
  const noteRoom = note(lines.length).length + 2;
  while (kept < lines.length && length + lines[kept]!.length + noteRoom <= max) {
    length += lines[kept]!.length + 1;
    kept += 1;
  }
  const head = lines.slice(0, kept).join("\n").trimEnd();
  const cut = `${head}${head === "" ? "" : "\n\n"}${note(lines.length - kept)}`;
  // Only a note longer than `max` itself could overflow; it is then cut as plain text.
  return cut.length <= max ? cut : cut.slice(0, max);
}

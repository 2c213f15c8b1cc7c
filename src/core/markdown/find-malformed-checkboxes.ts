import type { Diagnostic } from "../model/types.js";
import type { MarkdownScan } from "./read-markdown.js";

/**
 * Lines that look like a checkbox to the author but that GitHub renders as text: `[ x]`, `[x ]`,
 * `[]`, `-[ ]`, `*[x]`, a box with nothing or no space after it (`- [x]`, Kiro's `- [ ]*`), a box
 * after a second list marker (`- - [ ]`) or inside a blockquote. Code, HTML and front matter
 * are not looked at: a box there is text by intent.
 */
export function findMalformedCheckboxes(scan: MarkdownScan, path: string): Diagnostic[] {
  const { text, lines } = scan;
  const boxLines = new Set(scan.boxes.map((box) => box.checkbox.line));
  const found: Diagnostic[] = [];
  const report = (line: number, index: number, message: string): void => {
    found.push({ code: "malformed-checkbox", severity: "warning", path, line, column: index - lines.lineStart(line) + 1, message });
  };

  for (let line = 1; line <= lines.lineCount; line++) {
    if (scan.opaqueLines[line] === 1 || boxLines.has(line)) continue;
    const end = lines.lineEnd(line);
    let i = lines.lineStart(line);
    if (line === 1 && scan.bom) i++;
    const open = text.indexOf("[", i);
    if (open < 0 || open >= end) continue;

    let markers = 0;
    let quoted = false;
    let glued = -1;
    for (;;) {
      while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
      const c = text.charCodeAt(i);
      if (c === 62 /* > */) {
        quoted = true;
        i++;
        continue;
      }
      let after = -1;
      if (c === 45 || c === 42 || c === 43) after = i + 1;
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < end && j - i < 9 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
        if (text.charCodeAt(j) === 46 || text.charCodeAt(j) === 41) after = j + 1;
      }
      if (after < 0) break;
      const next = text.charCodeAt(after);
      if (next === 32 || next === 9) {
        markers++;
        i = after;
        continue;
      }
      if (next === 91 /* [ */ && /^\[[ xX]\]/.test(text.slice(after, after + 3))) glued = i;
      break;
    }

    if (glued >= 0) {
      const marker = text.slice(glued, text.indexOf("[", glued));
      report(line, glued, `\`${marker}[ ]\` is not a checkbox on GitHub: put a space between \`${marker}\` and the box`);
      continue;
    }
    if (markers === 0 || text.charCodeAt(i) !== 91) continue;
    const head = text.slice(i, Math.min(end, i + 8));
    if (/^\[[ xX]\]/.test(head)) {
      const box = head.slice(0, 3);
      const after = text.charCodeAt(i + 3);
      if (quoted) report(line, i, "GitHub renders no checkbox in a list inside a blockquote: this box stays text");
      else if (markers > 1) report(line, i, "GitHub renders no checkbox after a second list marker on the same line: this box stays text");
      else if (i + 3 >= end) report(line, i, `\`${box}\` needs text after it to be a checkbox on GitHub`);
      else if (after !== 32 && after !== 9 && after !== 11 && after !== 12) {
        report(line, i, `\`${box}${text.charAt(i + 3)}\` is not a checkbox on GitHub: \`${box}\` needs a space after it`);
      }
      continue;
    }
    const odd = /^\[(\s*[xX]?\s*)\]/.exec(head);
    if (odd) report(line, i, `\`${odd[0]}\` is not a checkbox on GitHub: write \`[ ]\` or \`[x]\``);
  }
  return found;
}

import { assignItemKeys } from "../model/keys.js";
import { BODY_MARKERS } from "./body-markers.js";
import { findBlock } from "./find-block.js";
import { restoreMarkers } from "./neutralize-markers.js";

export interface IssueChecklistItem {
  /** The item key, by the same function as the reader's (keys.ts), so it matches the file's. */
  key: string;
  /** The text after the box, as written in the body. */
  text: string;
  checked: boolean;
  /** Offset in the body of the character between the brackets (the one a tick flips). */
  offset: number;
  section?: string;
}

// `[^]` rather than `.`: item text may hold U+2028/U+2029, which `.` does not match.
const BOX = /^[-*+] \[([ xX])\](?: ([^]*))?$/;
const SECTION = /^#{1,6} ([^]*)$/;

/**
 * The checkboxes of the generated checklist in an issue body — what a person can tick in the
 * issue. Only the checklist part of the generated block counts (a box a person wrote around the
 * block, or text in a description, is not an item). Bodies edited in the web UI come back with
 * CRLF line endings; offsets are into the body as given.
 */
export function readIssueChecklist(body: string): IssueChecklistItem[] {
  const block = findBlock(body);
  if (!block) return [];
  const start = body.indexOf(BODY_MARKERS.checklist, block.start);
  if (start < 0 || start > block.blockEnd) return [];

  const found: Omit<IssueChecklistItem, "key">[] = [];
  let section: string | undefined;
  let lineStart = body.indexOf("\n", start);
  while (lineStart >= 0 && lineStart < block.blockEnd) {
    lineStart += 1;
    const newline = body.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? body.length : newline;
    const line = body.slice(lineStart, lineEnd).replace(/\r$/, "");
    if (line.startsWith("<!-- taskmirror:")) break;
    const box = BOX.exec(line);
    const heading = box ? null : SECTION.exec(line);
    if (box) {
      found.push({
        text: (box[2] ?? "").trim(),
        checked: box[1] !== " ",
        offset: lineStart + 3,
        ...(section !== undefined ? { section } : {}),
      });
    } else if (heading) {
      section = restoreMarkers((heading[1] ?? "").trim());
    }
    lineStart = newline;
  }
  const keys = assignItemKeys(found.map((item) => restoreMarkers(item.text)));
  return found.map((item, index) => ({ key: keys[index] ?? "", ...item }));
}

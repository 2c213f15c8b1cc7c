import { BODY_MARKERS } from "./body-markers.js";
import { findBlock } from "./find-block.js";
import { restoreMarkers } from "./neutralize-markers.js";

// What follows the description in the generated block (render-body.ts), whichever comes first.
const AFTER_DESCRIPTION = [`\n\n${BODY_MARKERS.checklist}`, "\n\n**Depends on:**", "\n\n… cut:", "\n\n<sub>Source:"];

/**
 * The task description an issue body shows: the generated block's text between its metadata
 * line and its checklist (or dependencies, or source line). Empty when the body has no block or
 * the task no description. A cut description comes back cut.
 */
export function readIssueDescription(body: string): string {
  const text = body.replace(/\r\n/g, "\n");
  const block = findBlock(text);
  if (!block) return "";
  const inner = text.slice(block.start + BODY_MARKERS.begin.length, block.blockEnd - BODY_MARKERS.end.length);
  const metaEnd = inner.indexOf("\n", 1);
  if (metaEnd < 0) return "";
  const rest = `\n${inner.slice(metaEnd)}`;
  const ends = AFTER_DESCRIPTION.map((marker) => rest.indexOf(marker)).filter((at) => at >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : rest.length;
  return restoreMarkers(rest.slice(0, end)).trim();
}

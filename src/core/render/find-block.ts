import { BODY_MARKERS } from "./body-markers.js";

export interface BlockLocation {
  /** Offset of `<!-- taskmirror:begin -->`. */
  start: number;
  /** Offset just after `<!-- taskmirror:end -->`. */
  blockEnd: number;
  /** Offset just after the state marker that follows the block, or `blockEnd` when none does. */
  end: number;
  /** The marker's JSON text, when a marker follows the block. */
  markerJson?: string;
}

// The marker is written on the line right after the end comment; a body edited in the web UI
// comes back with CRLF line endings, so both are accepted.
const MARKER_AFTER_BLOCK = /^(?:\r?\n)?<!-- taskmirror:state ([^\r\n]*?) -->/;

/** Where the generated block (and its marker) sits in an issue body; null when there is none. */
export function findBlock(body: string): BlockLocation | null {
  const start = body.indexOf(BODY_MARKERS.begin);
  if (start < 0) return null;
  const endComment = body.indexOf(BODY_MARKERS.end, start + BODY_MARKERS.begin.length);
  if (endComment < 0) return null;
  const blockEnd = endComment + BODY_MARKERS.end.length;
  const marker = MARKER_AFTER_BLOCK.exec(body.slice(blockEnd));
  if (!marker) return { start, blockEnd, end: blockEnd };
  return { start, blockEnd, end: blockEnd + marker[0].length, markerJson: marker[1] ?? "" };
}

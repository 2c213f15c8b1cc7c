import type { MarkerState } from "../plan/types.js";
import { findBlock } from "./find-block.js";
import { parseMarker, renderMarker } from "./marker.js";

/**
 * The body with the marker parseMarker reads replaced by `next`, every other byte kept; the body
 * unchanged when it has no marker or the marker already says so (compare before write).
 */
export function replaceMarker(body: string, next: MarkerState): string {
  const state = parseMarker(body);
  if (!state) return body;
  const after = renderMarker(next);
  if (renderMarker(state) === after) return body;
  const span = markerSpan(body);
  return span ? body.slice(0, span.start) + after + body.slice(span.end) : body;
}

// The marker right after the generated block is the one parseMarker reads first; otherwise
// the first well-formed one, as parseMarker falls back to.
function markerSpan(body: string): { start: number; end: number } | null {
  const block = findBlock(body);
  if (block?.markerJson !== undefined && parseMarker(body.slice(block.blockEnd, block.end)) !== null) {
    const start = body.indexOf("<!-- taskmirror:state ", block.blockEnd);
    return { start, end: block.end };
  }
  for (const match of body.matchAll(/<!-- taskmirror:state ([^\r\n]*?) -->/g)) {
    if (parseMarker(match[0]) !== null) return { start: match.index, end: match.index + match[0].length };
  }
  return null;
}

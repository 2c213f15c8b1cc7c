import type { MarkerState } from "../plan/types.js";
import { BODY_MARKERS } from "./body-markers.js";
import { findBlock } from "./find-block.js";

/**
 * The hidden state line: `<!-- taskmirror:state {json} -->`.
 *
 * Only ticked items are stored (`"items": [key, …]`): an item with no base state merges
 * exactly like one whose base is unticked (file || issue), so the unticked ones carry no
 * information, and a long checklist would otherwise double the size of the body. `<` and `>`
 * are written as JSON escapes so the JSON can never contain `-->` (which would end the
 * comment) or `<!--`.
 */
export function renderMarker(state: MarkerState): string {
  const stored: Record<string, unknown> = {
    v: 1,
    key: state.key,
    path: state.path,
    done: state.done,
    items: Object.keys(state.items).filter((key) => state.items[key] === true),
  };
  if (state.parent !== undefined) stored.parent = state.parent;
  if (state.blockedBy !== undefined && state.blockedBy.length > 0) stored.blockedBy = state.blockedBy;
  if (state.unassignable !== undefined && state.unassignable.logins.length > 0) stored.unassignable = state.unassignable;
  if (state.crossLinked !== undefined && state.crossLinked.length > 0) stored.crossLinked = state.crossLinked;
  const json = JSON.stringify(stored).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${BODY_MARKERS.statePrefix}${json}${BODY_MARKERS.stateSuffix}`;
}

const ANY_MARKER = /<!-- taskmirror:state ([^\r\n]*?) -->/g;

/**
 * The state of an issue body: the marker right after the generated block, else the first
 * well-formed marker anywhere (a person may have deleted the block and kept the marker).
 * Never throws; anything malformed is null.
 */
export function parseMarker(body: string): MarkerState | null {
  if (typeof body !== "string") return null;
  const located = findBlock(body)?.markerJson;
  if (located !== undefined) {
    const state = decode(located);
    if (state) return state;
  }
  for (const match of body.matchAll(ANY_MARKER)) {
    const state = decode(match[1] ?? "");
    if (state) return state;
  }
  return null;
}

function decode(json: string): MarkerState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== 1) return null;
  const { key, path, done, items, parent, blockedBy, unassignable, crossLinked } = value;
  if (typeof key !== "string" || key === "" || typeof path !== "string" || typeof done !== "boolean") {
    return null;
  }
  const states = decodeItems(items);
  if (!states) return null;
  const state: MarkerState = { v: 1, key, path, done, items: states };
  if (parent !== undefined) {
    if (typeof parent !== "string") return null;
    state.parent = parent;
  }
  if (blockedBy !== undefined) {
    if (!Array.isArray(blockedBy) || !blockedBy.every((k) => typeof k === "string")) return null;
    state.blockedBy = blockedBy;
  }
  // Only a memory of refusals: when it is not well-formed the logins are simply asked for again.
  if (isRecord(unassignable) && isStringList(unassignable.logins) && isStringList(unassignable.of) && unassignable.logins.length > 0) {
    state.unassignable = { logins: unassignable.logins, of: unassignable.of };
  }
  // Only a hint for finishing a cross-link: a malformed one is dropped, never the identity.
  if (Array.isArray(crossLinked) && crossLinked.length > 0 && crossLinked.every((n) => Number.isSafeInteger(n) && n > 0)) {
    state.crossLinked = crossLinked as number[];
  }
  return state;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

// Accepts the stored list of ticked keys, and (for markers written by hand or by a later
// version) an object of booleans.
function decodeItems(items: unknown): Record<string, boolean> | null {
  const states: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  if (items === undefined) return states;
  if (Array.isArray(items)) {
    for (const key of items) {
      if (typeof key !== "string") return null;
      states[key] = true;
    }
    return states;
  }
  if (!isRecord(items)) return null;
  for (const [key, checked] of Object.entries(items)) {
    if (typeof checked !== "boolean") return null;
    states[key] = checked;
  }
  return states;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface Placeholder {
  /** UTF-16 index of the placeholder in the scanned text. */
  index: number;
  text: string;
}

/**
 * Single words that, alone in brackets, are template slots rather than tags. A bracketed single
 * word is otherwise left alone: `[WIP]`, `[Backend]`, spec-kit's `[P]`/`[US1]` are real markers.
 */
const SLOT_WORDS = new Set(
  [
    "name", "title", "description", "summary", "details", "date", "owner", "assignee", "author",
    "reviewer", "team", "role", "person", "email", "user", "username", "link", "url", "path", "file",
    "filename", "module", "component", "feature", "service", "system", "project", "product", "value",
    "number", "version", "id", "ticket", "story", "epic", "sprint", "priority", "status", "estimate",
    "hours", "days", "reason", "rationale", "placeholder", "todo", "insert", "fill", "specify",
  ],
);

const MAYBE = /[[XNY]|xxx|nnn|yyyy/;
const BRACKETS = /\[([^[\]\n]*)\]/g;
/** `TASK-XXX`, `TASKS-NNN`, `REQ-NNN`, `TASKS-YY`, `task-xxx`: an id whose number was never filled in. */
const ID_SLOT = /(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*?-(?:X{2,}|N{2,}|Y{2,}|x{3,}|n{3,})(?![\w-])/g;
/** A bare `XXX`/`NNN` slot; `XXXms` is one too, `XXXL` is a word. */
const BARE_SLOT = /(?<![A-Za-z0-9_-])(?:X{3,}|N{3,})(?![A-Z0-9_-])/g;
const DATE_SLOT = /(?<![A-Za-z])(?:YYYY[-/.]MM[-/.]DD|yyyy[-/.]mm[-/.]dd|DD[-/.]MM[-/.]YYYY|MM[-/.]DD[-/.]YYYY|dd[-/.]mm[-/.]yyyy)(?![A-Za-z])/g;

/**
 * Unfilled template placeholders in a short text (an id, title, field value or checklist item),
 * in order, none overlapping. Inline code and link destinations are not looked into: a format
 * string such as `` `YYYY-MM-DD` `` or a path such as `src/[id].ts` is meant literally there.
 */
export function findPlaceholders(text: string): Placeholder[] {
  // Most texts hold none of the characters a placeholder needs: skip the scans for them.
  if (!MAYBE.test(text)) return [];
  const scanned = maskLiteralText(text);
  const found: Placeholder[] = [];
  for (const match of scanned.matchAll(BRACKETS)) {
    const inner = match[1] ?? "";
    const after = scanned[match.index + match[0].length];
    // `[text](url)` and `[text][ref]` are links, `[^1]` a footnote.
    if (after === "(" || after === "[" || inner.startsWith("^")) continue;
    if (isSlot(inner)) found.push({ index: match.index, text: match[0] });
  }
  for (const pattern of [ID_SLOT, BARE_SLOT, DATE_SLOT]) {
    for (const match of scanned.matchAll(pattern)) found.push({ index: match.index, text: match[0] });
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const kept: Placeholder[] = [];
  let end = 0;
  for (const placeholder of found) {
    if (placeholder.index < end) continue;
    kept.push(placeholder);
    end = placeholder.index + placeholder.text.length;
  }
  return kept;
}

function isSlot(inner: string): boolean {
  const content = inner.trim();
  // `[ ]`, `[x]` and the malformed `[ x]` are boxes (the reader reports the malformed ones).
  if (content === "" || content === "x" || content === "X") return false;
  if (content.includes("|")) return true; // `[P0-Critical | P1-High]`: the template's list of choices
  if (/YYYY|yyyy|\bMM\b|\bDD\b/.test(content)) return true;
  if (/\s/.test(content)) return /[A-Za-z]/.test(content) || content.includes(",");
  if (/^[A-Za-z]+(?:\/[A-Za-z]+)+$/.test(content)) return true; // `[Yes/No]`
  if (/^(?:X+|N+)$/.test(content) || /-(?:X{2,}|N{2,})$/.test(content)) return true;
  return SLOT_WORDS.has(content.toLowerCase());
}

/** Blanks out inline code spans and link destinations, keeping every index where it was. */
function maskLiteralText(text: string): string {
  return text
    .replace(/(`+)(?:(?!\1)[\s\S])+?\1/g, (code) => " ".repeat(code.length))
    .replace(/\]\([^()\s]*(?:\s+"[^"]*")?\)/g, (destination) => "](" + " ".repeat(destination.length - 3) + ")");
}

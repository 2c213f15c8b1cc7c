/**
 * Stable keys for tasks and checklist items (DESIGN.md §1 "Keys").
 *
 * Item keys depend on the item's text only: the same functions key the checklist lines that the
 * sync reads back from issue bodies, so a tick made in an issue finds its box in the file even
 * after items were reordered or inserted.
 */

/** Ids meant to be unique across a repository: `TASK-001`, `TASKS-007`, `BACK-367.03`, `task-001`. */
export const REPOSITORY_ID_PATTERN = /^[A-Za-z][A-Za-z0-9]*-[0-9A-Za-z]+(?:\.[0-9]+)*$/;

/** spec-kit ids (`T001`, `T006a`): they restart in every feature's tasks.md. */
export const SPEC_KIT_ID_PATTERN = /^T\d+[a-z]?$/;

/** Numbered plans and OpenSpec (`1`, `1.2`, `2.3.1`): they restart in every document. */
export const NUMBERED_ID_PATTERN = /^\d+(?:\.\d+)*$/;

/**
 * Template placeholders such as `TASK-XXX`, `TASKS-NNN`, `STORY-YYY`: the part after the dash is
 * one letter repeated. They are not real ids, so two templates must not collide on them.
 */
export function isPlaceholderId(id: string): boolean {
  const dash = id.indexOf("-");
  if (dash < 0) return false;
  const suffix = id.slice(dash + 1);
  return /^([A-Za-z])\1+$/.test(suffix) || /^[#?]+$/.test(suffix);
}

/** Is this written id unique across the repository (and so a key as written)? */
export function isRepositoryWideId(id: string): boolean {
  return REPOSITORY_ID_PATTERN.test(id) && !isPlaceholderId(id);
}

/**
 * The key of a task: its id as written when the id is repository-wide, otherwise the id scoped by
 * the document path (`specs/004/tasks.md#T001`), or — without any id — the path plus the task's
 * heading or title text.
 */
export function taskKey(path: string, id: string | undefined, title: string, options?: { idIsGlobal?: boolean }): string {
  if (id !== undefined && id !== "") {
    if (options?.idIsGlobal === true && !isPlaceholderId(id)) return id;
    return isRepositoryWideId(id) ? id : `${path}#${id}`;
  }
  return `${path}#${title.replace(/\s+/g, " ").trim()}`;
}

const INLINE_LINK = /!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const REFERENCE_LINK = /!?\[([^\]]+)\]\[[^\]]*\]/g;
const AUTOLINK = /<((?:https?|mailto|ftp):[^>\s]*)>/gi;
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
// Underscores are emphasis markers only at word edges; inside `new_file.py` they are text.
const EDGE_UNDERSCORES = /(^|[^\p{L}\p{N}])_+|_+(?=$|[^\p{L}\p{N}])/gu;

/**
 * The comparable form of an item's text: NFKC, lowercase, emphasis/code/strikethrough markers and
 * link syntax removed (the link text stays), whitespace collapsed, trimmed.
 */
export function normalizeItemText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(INLINE_LINK, "$1")
    .replace(REFERENCE_LINK, "$1")
    .replace(AUTOLINK, "$1")
    .replace(ESCAPE, "$1")
    .replace(/[*`]+|~~/g, "")
    .replace(EDGE_UNDERSCORES, "$1")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The key of the `occurrence`-th (1-based) item with this text within one owner. */
export function itemKey(text: string, occurrence = 1): string {
  const base = normalizeItemText(text);
  return occurrence > 1 ? `${base}#${occurrence}` : base;
}

/** Keys for the items of one owner, in order: repeats get `#2`, `#3`… */
export function assignItemKeys(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const base = normalizeItemText(text);
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return occurrence > 1 ? `${base}#${occurrence}` : base;
  });
}

import { isPlaceholderId, NUMBERED_ID_PATTERN, REPOSITORY_ID_PATTERN, SPEC_KIT_ID_PATTERN } from "../model/keys.js";

/**
 * Is this token a task id as documents write them (`TASK-001`, `BACK-367.03`, `task-001`, the
 * placeholder `TASK-XXX`)? The part after the dash needs a digit unless it is a placeholder, so a
 * heading such as `Follow-up: notes` or `Pre-Release: checklist` is not a task.
 */
export function isTaskIdToken(token: string): boolean {
  if (!REPOSITORY_ID_PATTERN.test(token)) return false;
  return /\d/.test(token.slice(token.indexOf("-") + 1)) || isPlaceholderId(token);
}

const HEADING_ID = /^([A-Za-z][A-Za-z0-9]*-[0-9A-Za-z]+(?:\.[0-9]+)*)(?:\s*:\s*|\s+[-–—]\s+|\s*$)(.*)$/s;
// `[T-001] Title [STATE]`: the id in brackets, then the title (the state word is split off by
// the heading builder, which knows the status vocabulary).
const BRACKETED_HEADING_ID = /^\[([A-Za-z][A-Za-z0-9]*-[0-9A-Za-z]+(?:\.[0-9]+)*)\](?:\s*[:–—-]\s+|\s+|\s*$)(.*)$/s;

/** `TASK-001: Title`, `BACK-3 - Title`, `TASK-2 — Title`, `TASK-010`, `[T-001] Title [TODO]` → id and title. */
export function taskHeadingOf(text: string): { id: string; title: string; bracketed?: true } | undefined {
  const trimmed = text.trim();
  const plain = HEADING_ID.exec(trimmed);
  const match = plain ?? BRACKETED_HEADING_ID.exec(trimmed);
  if (!match || !isTaskIdToken(match[1] as string)) return undefined;
  const id = match[1] as string;
  const title = (match[2] ?? "").trim();
  return { id, title: title === "" ? id : title, ...(plain ? {} : { bracketed: true as const }) };
}

/** The id a dependency entry names (`TASK-001`, `[T003](#t003)`, `` `1.2` ``, `TASK-4 (API)`), or undefined. */
export function dependencyId(part: string): string | undefined {
  const text = part
    .replace(/^\[([^\]]*)\]\([^)]*\)/, "$1")
    .replace(/^\[([^\]]*)\]$/, "$1")
    .replace(/[*`"']+/g, "")
    .replace(/\s*(?:\([^)]*\)|[:–—]\s.*)$/, "")
    .trim();
  if (isTaskIdToken(text) || SPEC_KIT_ID_PATTERN.test(text) || NUMBERED_ID_PATTERN.test(text)) return text;
  return undefined;
}

import type { Config } from "../config/schema.js";
import type { Task } from "../model/types.js";
import { renderTitle } from "../render/render-title.js";
import type { MirroredIssue } from "./types.js";

// A private-use character: no title template or id holds it, and whitespace folding keeps it.
const SLOT = "\uE000";

/**
 * The task title an issue's title shows: the title template is rendered around a placeholder
 * with the id the marker's key suggests (for a path-scoped key, what follows `path#`; a task
 * without id has its title there instead), and what the issue title holds in that place is the
 * title. An issue title that fits no such shape (the template changed, a person edited it) is
 * taken whole.
 */
export function issueTaskTitle(issue: Pick<MirroredIssue, "title" | "marker">, config: Pick<Config, "title">): string {
  const { key, path } = issue.marker;
  const scoped = key.startsWith(`${path}#`);
  const rest = scoped ? key.slice(path.length + 1) : key;
  for (const id of scoped ? [rest, undefined] : [rest]) {
    const shape = renderTitle({ key, title: SLOT, ...(id !== undefined ? { id } : {}) } as Task, config);
    const at = shape.indexOf(SLOT);
    if (at < 0) continue;
    const prefix = shape.slice(0, at);
    const suffix = shape.slice(at + SLOT.length);
    const { title } = issue;
    if (title.length > prefix.length + suffix.length && title.startsWith(prefix) && title.endsWith(suffix)) {
      return title.slice(prefix.length, title.length - suffix.length);
    }
  }
  return issue.title;
}

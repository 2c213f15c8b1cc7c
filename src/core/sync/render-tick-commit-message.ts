import type { Document } from "../model/types.js";
import { DONE_ITEM_KEY, type FileToggle, type Person } from "./types.js";

/**
 * The commit message of ticks written back from issues:
 *
 * ```
 * Tick 2 items of TASK-001 (#12)
 *
 * - [x] Write the parser
 * - [x] Wire the CLI
 *
 * Co-authored-by: mona <583231+mona@users.noreply.github.com>
 * ```
 *
 * The subject names the task and the issue, so `git log` leads back to where the tick was
 * made; each person who ticked is credited with the noreply address GitHub itself uses for
 * them (`id+login@users.noreply.github.com`), which links the commit to their profile without
 * revealing an email address. `document` is the parsed text the toggles were applied to.
 */
export function renderTickCommitMessage(document: Document, applied: readonly FileToggle[]): string {
  const tasks = new Map(document.tasks.map((task) => [task.key, task]));
  const taskKeys = unique(applied.map((toggle) => toggle.taskKey));
  const issues = unique(applied.map((toggle) => toggle.issue)).sort((a, b) => a - b);
  const refs = `(${issues.map((issue) => `#${issue}`).join(", ")})`;
  const owner =
    taskKeys.length === 1 ? `of ${displayKey(taskKeys[0] ?? "", document.path)}` : `in ${document.path}`;

  const subject =
    applied.length === 1 && applied[0]?.itemKey === DONE_ITEM_KEY
      ? `${applied[0].checked ? "Mark" : "Reopen"} ${displayKey(applied[0].taskKey, document.path)}${applied[0].checked ? " done" : ""} ${refs}`
      : `${verb(applied)} ${applied.length} ${applied.length === 1 ? "item" : "items"} ${owner} ${refs}`;

  const lines = applied.map((toggle) => {
    const task = tasks.get(toggle.taskKey);
    const prefix = taskKeys.length > 1 ? `${displayKey(toggle.taskKey, document.path)}: ` : "";
    if (toggle.itemKey === DONE_ITEM_KEY) return `- ${prefix}${toggle.checked ? "done" : "reopened"}`;
    const text = task?.checklist.find((item) => item.key === toggle.itemKey)?.text ?? toggle.itemKey;
    return `- [${toggle.checked ? "x" : " "}] ${prefix}${oneLine(text)}`;
  });

  const people = uniqueBy(
    applied.flatMap((toggle) => (toggle.by ? [toggle.by] : [])),
    (person) => person.id,
  );
  const credits = people.map((person) => `Co-authored-by: ${person.login} <${noreplyAddress(person)}>`);
  return [subject, "", ...lines, ...(credits.length > 0 ? ["", ...credits] : [])].join("\n");
}

export function noreplyAddress(person: Person): string {
  return `${person.id}+${person.login}@users.noreply.github.com`;
}

function verb(applied: readonly FileToggle[]): string {
  if (applied.every((toggle) => toggle.checked)) return "Tick";
  if (applied.every((toggle) => !toggle.checked)) return "Untick";
  return "Update";
}

// Keys of ids that restart in every document carry the path (`docs/tasks.md#T001`); the
// commit already concerns that one file, so the id alone reads better.
function displayKey(key: string, path: string): string {
  return key.startsWith(`${path}#`) ? key.slice(path.length + 1) : key;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], id: (value: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return values.filter((value) => (seen.has(id(value)) ? false : (seen.add(id(value)), true)));
}

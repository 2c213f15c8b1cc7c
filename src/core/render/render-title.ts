import type { Config } from "../config/schema.js";
import { ISSUE_TITLE_MAX } from "../limits.js";
import type { Task } from "../model/types.js";
import { cutText } from "./cut-text.js";

// Separators a template may put between the key and the title; dropped with an empty key so
// that a task without an id gets `Title`, not `: Title`.
const SEPARATOR = String.raw`\s*(?:[:|·—–-]\s*)?`;
const EDGE_SEPARATORS = /^[\s:|·—–-]+|[\s:|·—–-]+$/g;

/**
 * The issue title from `config.title`. `{key}` shows the task's id: a path-scoped key
 * (`specs/x/tasks.md#T001`) reads as `T001`, and a task with no id has no key to show.
 */
export function renderTitle(task: Task, config: Pick<Config, "title">): string {
  const id = oneLine(task.id ?? "");
  const shownKey = id !== "" ? id : task.key.includes("#") ? "" : oneLine(task.key);
  const values: Record<string, string> = { key: shownKey, id, title: oneLine(task.title) };

  let template = config.title;
  let emptied = false;
  for (const [name, value] of Object.entries(values)) {
    if (value !== "" || !template.includes(`{${name}}`)) continue;
    template = template.replace(new RegExp(String.raw`\{${name}\}${SEPARATOR}`, "g"), "");
    emptied = true;
  }
  let title = oneLine(template.replace(/\{(key|id|title)\}/g, (_, name: string) => values[name] ?? ""));
  if (emptied) title = title.replace(EDGE_SEPARATORS, "");
  return cutText(title === "" ? oneLine(task.key) : title, ISSUE_TITLE_MAX);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

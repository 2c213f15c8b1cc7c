import type { Document, Task } from "../model/types.js";

/**
 * Room for what every body carries whatever the task: the begin/end comments, the source line
 * (server, owner, repository, commit sha and line range of the permalink) and the marker's JSON
 * envelope. A GitHub Enterprise host name is the only part of unknown length; 600 leaves it 300.
 */
const FIXED = 600;

/**
 * An upper estimate of the rendered issue body (render/render-body.ts), for when the caller does
 * not plug the renderer in. It follows the body's shape: metadata, description, one line per
 * item, a heading per section change, dependency references, a permalink, and the marker, which
 * repeats the key of every ticked item and of every dependency as JSON.
 */
export function estimateBodyLength(task: Task, doc: Document): number {
  let length = FIXED + json(task.key) + json(doc.path) + doc.path.length + encodeURIComponent(doc.path).length;
  length += task.key.length + 8;
  for (const value of Object.values(task.fields)) length += String(value).length + 16;
  for (const field of Object.values(task.rawFields)) length += field.name.length + field.value.length + 16;
  length += expanded(task.description) + 16;
  let section: string | undefined;
  for (const item of task.checklist) {
    length += expanded(item.text) + 7;
    if (item.checked) length += json(item.key) + 1;
    if (item.section !== undefined && item.section !== section) length += expanded(item.section) + 5;
    section = item.section ?? section;
  }
  for (const key of task.dependsOn) length += key.length + 8 + json(key) + 1;
  if (task.parentKey !== undefined) length += json(task.parentKey) + 12;
  return length;
}

/** Text as the body shows it: a zero-width space breaks every marker-like comment. */
function expanded(text: string): number {
  return text.length + (text.match(/<!--/g)?.length ?? 0);
}

/** A string as the marker's JSON holds it, `<` and `>` escaped so it cannot end the comment. */
function json(text: string): number {
  return JSON.stringify(text).replace(/[<>]/g, "\\u003e").length;
}

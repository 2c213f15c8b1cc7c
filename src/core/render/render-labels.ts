import type { Config } from "../config/schema.js";
import { LABEL_NAME_MAX } from "../limits.js";
import type { Task } from "../model/types.js";
import { cutText } from "./cut-text.js";

type LabelField = Config["labels"]["fields"][number];

/**
 * The labels a task's issue carries: `field: value` labels for the fields the config turns
 * into labels (in the config's order), the task's own labels, then the ownership label.
 * A type in `nativeTypes` (the organization's issue types) gets no label. Names are cut to GitHub's 50 characters and de-duplicated case-insensitively (GitHub treats
 * `Bug` and `bug` as one label); the first spelling wins.
 */
export function renderLabels(task: Task, config: Pick<Config, "labels">, nativeTypes: readonly string[] = []): string[] {
  const names: string[] = [];
  // A type the organization defines is the issue's own type, not a label.
  const native = new Set(nativeTypes.map((name) => name.toLowerCase()));
  for (const field of config.labels.fields) {
    if (field === "type" && task.fields.type !== undefined && native.has(task.fields.type.toLowerCase())) continue;
    names.push(...fieldLabels(task, field));
  }
  names.push(...task.labels, config.labels.ownership);

  const seen = new Set<string>();
  const labels: string[] = [];
  for (const raw of names) {
    const name = cutText(raw.replace(/\s+/g, " ").trim(), LABEL_NAME_MAX);
    const folded = name.toLowerCase();
    if (name === "" || seen.has(folded)) continue;
    seen.add(folded);
    labels.push(name);
  }
  return labels;
}

function fieldLabels(task: Task, field: LabelField): string[] {
  const { fields } = task;
  switch (field) {
    case "priority":
      return fields.priority ? [`priority: ${fields.priority}`] : [];
    case "status":
      return fields.status ? [`status: ${fields.status}`] : [];
    case "type":
      return fields.type ? [`type: ${fields.type}`] : [];
    case "phase":
      return fields.phase ? [`phase: ${fields.phase}`] : [];
    case "parallel":
      return fields.parallel ? ["parallel"] : [];
    case "story":
      return fields.story ? [`story: ${fields.story}`] : [];
    case "sprint":
      return fields.sprint ? [`sprint: ${fields.sprint}`] : [];
    case "role":
      return (fields.roles ?? []).map((role) => `role: ${role}`);
  }
}

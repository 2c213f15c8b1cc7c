import type { Diagnostic, Document, Item, Task } from "../core/model/types.js";

/** `taskmirror parse`: the model as JSON (the documented shape) or as a readable outline. */
export function formatDocuments(documents: Document[], diagnostics: Diagnostic[], json: boolean): string {
  if (json) {
    const out = {
      documents: documents.map((doc) => ({
        path: doc.path,
        format: doc.format,
        checklist: doc.checklist.map(itemJson),
        tasks: doc.tasks.map(taskJson),
      })),
      diagnostics,
    };
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  const lines: string[] = [];
  for (const doc of documents) {
    const boxes = doc.checklist.length + doc.tasks.reduce((n, t) => n + t.checklist.length + (t.checkbox ? 1 : 0), 0);
    lines.push(`${doc.path}  ${doc.format}, ${plural(doc.tasks.length, "task")}, ${plural(boxes, "checkbox", "checkboxes")}`);
    const depth = depthOf(doc.tasks);
    for (const task of doc.tasks) {
      const done = task.checkbox ? (task.checkbox.checked ? "[x] " : "[ ] ") : task.stateBox ? `[${task.stateBox.mark}] ` : "";
      const ticked = task.checklist.filter((i) => i.checked).length;
      const facts = [
        task.fields.status,
        task.fields.priority,
        task.fields.effort,
        task.checklist.length > 0 ? `${ticked}/${task.checklist.length} items` : undefined,
        task.dependsOn.length > 0 ? `after ${task.dependsOn.join(", ")}` : undefined,
      ].filter((f): f is string => f !== undefined);
      const indent = "  ".repeat(1 + (depth.get(task.key) ?? 0));
      lines.push(`${indent}${done}${task.key}  ${task.title}${facts.length ? `  (${facts.join("; ")})` : ""}  line ${task.line}`);
    }
    if (doc.checklist.length > 0) {
      const ticked = doc.checklist.filter((i) => i.checked).length;
      lines.push(`  document checklist: ${ticked}/${doc.checklist.length} ticked`);
    }
  }
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  lines.push("", `${plural(documents.length, "document")}, ${plural(documents.reduce((n, d) => n + d.tasks.length, 0), "task")}, ${plural(diagnostics.length, "diagnostic")} (${plural(errors, "error")}); run \`taskmirror validate\` to list them.`);
  return `${lines.join("\n")}\n`;
}

function taskJson(task: Task) {
  return {
    key: task.key,
    title: task.title,
    parent: task.parentKey ?? null,
    line: task.line,
    checkbox: task.checkbox ? { line: task.checkbox.line, checked: task.checkbox.checked } : null,
    fields: task.fields,
    dependsOn: task.dependsOn,
    labels: task.labels,
    checklist: task.checklist.map(itemJson),
  };
}

function itemJson(item: Item) {
  return { key: item.key, text: item.text, checked: item.checked, line: item.line, section: item.section ?? null };
}

function depthOf(tasks: Task[]): Map<string, number> {
  const parent = new Map(tasks.map((t) => [t.key, t.parentKey]));
  const depth = new Map<string, number>();
  for (const task of tasks) {
    let d = 0;
    for (let p = task.parentKey; p !== undefined && d < 16; p = parent.get(p)) d++;
    depth.set(task.key, d);
  }
  return depth;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

import type { Task } from "../model/types.js";

/** A task is done when its own box is ticked or its status says done (or cancelled). */
export function taskDone(task: Task): boolean {
  return task.checkbox?.checked === true || task.fields.status === "done" || task.fields.status === "cancelled";
}

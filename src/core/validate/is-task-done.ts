import type { Task } from "../model/types.js";

/** DESIGN §2: a task is done when its own box is ticked or its status says done. */
export function isTaskDone(task: Task): boolean {
  return task.checkbox?.checked === true || task.fields.status === "done";
}

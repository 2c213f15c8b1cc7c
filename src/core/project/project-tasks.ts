import type { Document } from "../model/types.js";
import type { ProjectTask } from "./plan-project-fields.js";

/** The documents' tasks that have an issue (by the applied plan's key → number), for the project. */
export function projectTasks(documents: readonly Document[], numbers: ReadonlyMap<string, number>): ProjectTask[] {
  return documents.flatMap((document) =>
    document.tasks.flatMap((task) => {
      const number = numbers.get(task.key);
      return number === undefined ? [] : [{ key: task.key, number, path: document.path, task }];
    }),
  );
}

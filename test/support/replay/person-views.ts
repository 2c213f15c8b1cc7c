import { CONFIG_PATH, parseConfigText } from "../../../src/core/config/parse-config.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { taskPathMatcher } from "../../../src/github/task-path-matcher.js";
import type { History } from "./types.js";

/** Which task a person sees where, at one step. */
export interface PersonView {
  /** Every task the app's reader reads: its key → the person id of the task. */
  personOfKey: Map<string, string>;
  /** Every task the person sees → its key, or null when the reader reads no such task. */
  keyOfPerson: Map<string, string | null>;
}

/**
 * The person's view of each step of a history, against the keys the app's own reader gives:
 * the documents are read exactly as the app reads them (its globs and config, `parseDocument`).
 *
 * A task is named by its ref, `path#id` (or `path#title` for a task without an id), compared
 * without case. Unless the step says otherwise, a ref that was there at the step before is the
 * same task as then, and a new ref is a new task whose person id is the ref. A step's `moved`
 * (new path → old path) carries each task of a moved document over by id; its `tasks` overrides
 * both: `ref: person id`.
 */
export function personViews(history: History): PersonView[] {
  const views: PersonView[] = [];
  const known = new Set<string>();
  let previous = new Map<string, string>();
  for (const step of history.steps) {
    const where = `${history.name}/${step.name}`;
    const read = readTasks(step.files, where);
    const overrides = new Map<string, string>();
    for (const [ref, person] of Object.entries(step.tasks)) {
      // `ref: ref` is allowed: the task itself, named so that it counts even when the reader cannot read it.
      if (person.includes("#") && !known.has(person) && person.toLowerCase() !== ref.toLowerCase()) {
        throw new Error(`${where}: "${ref}: ${person}" names no task of an earlier step (a person id with "#" is a ref where a task first appeared)`);
      }
      overrides.set(ref.toLowerCase(), person);
    }
    const personOfKey = new Map<string, string>();
    const keyOfPerson = new Map<string, string | null>();
    const refs = new Map<string, string>();
    const claim = (person: string, key: string | null, ref: string) => {
      if (keyOfPerson.has(person)) throw new Error(`${where}: task "${person}" is two tasks at once (again at ${ref}); say in "tasks" which one it is`);
      keyOfPerson.set(person, key);
      refs.set(ref.toLowerCase(), person);
    };
    const moved = new Map(Object.entries(step.moved).map(([to, from]) => [to.toLowerCase(), from.toLowerCase()]));
    for (const from of moved.values()) {
      if (![...previous.keys()].some((ref) => ref.startsWith(`${from}#`))) throw new Error(`${where}: "moved" names ${from}, which held no task at the step before`);
    }
    for (const { key, ref, path, name } of read) {
      const lower = ref.toLowerCase();
      const from = moved.get(path.toLowerCase());
      const person = overrides.get(lower) ?? previous.get(from === undefined ? lower : `${from}#${name.toLowerCase()}`) ?? ref;
      if (personOfKey.has(key)) throw new Error(`${where}: two tasks have the key "${key}"; the replay needs unique keys`);
      personOfKey.set(key, person);
      claim(person, key, ref);
    }
    // A ref the step names that the reader does not read: the person sees a task the app cannot.
    for (const [ref, person] of Object.entries(step.tasks)) {
      if (!refs.has(ref.toLowerCase())) claim(person, null, ref);
    }
    for (const person of keyOfPerson.keys()) known.add(person);
    views.push({ personOfKey, keyOfPerson });
    previous = refs;
  }
  return views;
}

function readTasks(files: Record<string, string>, where: string): Array<{ key: string; ref: string; path: string; name: string }> {
  const configText = files[CONFIG_PATH];
  const config = parseConfigText(configText ?? null).config;
  if (config === null) throw new Error(`${where}: ${CONFIG_PATH} is invalid`);
  const isTaskDocument = taskPathMatcher(config);
  return Object.keys(files)
    .filter(isTaskDocument)
    .sort()
    .flatMap((path) =>
      parseDocument(path, files[path] as string).tasks.map((task) => {
        const name = task.id ?? task.title;
        return { key: task.key, ref: `${path}#${name}`, path, name };
      }),
    );
}

import { ClassicLevel } from "classic-level";
import type { JournalStore } from "./journal-store.js";

/**
 * A journal in LevelDB at `dir` (created when missing). LevelDB takes a lock on its directory,
 * so a second process on the same data directory fails here instead of running the jobs twice.
 */
export async function levelJournal(dir: string): Promise<JournalStore> {
  const db = new ClassicLevel<string, unknown>(dir, { valueEncoding: "json" });
  try {
    await db.open();
  } catch (error) {
    const locked = (error as { cause?: { code?: unknown } }).cause?.code === "LEVEL_LOCKED";
    throw new Error(locked ? `the job journal ${dir} is in use by another process: give each instance its own TASKMIRROR_DATA_DIR` : `cannot open the job journal ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return {
    put: (key, value, options) => db.put(key, value, { sync: options?.sync ?? false }),
    del: (key) => db.del(key),
    entries: async () => {
      const entries: Array<[string, unknown]> = [];
      for await (const entry of db.iterator()) entries.push(entry);
      return entries;
    },
    close: () => db.close(),
  };
}

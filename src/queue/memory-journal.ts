import type { JournalStore } from "./journal-store.js";

/** A journal that lives as long as the process: tests, and an app loaded without a data directory. */
export function memoryJournal(): JournalStore {
  const map = new Map<string, string>();
  return {
    put: async (key, value) => {
      map.set(key, JSON.stringify(value));
    },
    del: async (key) => {
      map.delete(key);
    },
    entries: async () => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, JSON.parse(value) as unknown]),
    close: async () => {},
  };
}

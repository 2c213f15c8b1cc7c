/**
 * Where the embedded job queue keeps its journal: string keys, JSON values, read back in key
 * order. LevelDB on disk in production (`levelJournal`), a Map in tests (`memoryJournal`).
 */
export interface JournalStore {
  /** Writes one entry; `sync` waits until it is on disk (a submitted job survives a crash of the machine). */
  put(key: string, value: unknown, options?: { sync?: boolean }): Promise<void>;
  del(key: string): Promise<void>;
  /** Every entry, in key order. */
  entries(): Promise<Array<[string, unknown]>>;
  close(): Promise<void>;
}

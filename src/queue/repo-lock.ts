/** Runs a job while holding the repository's lock, shared by every instance of the app. */
export interface RepoLock {
  run<T>(repository: string, job: () => Promise<T>): Promise<T>;
}

/** The three operations a lock needs from its store (Redis in production). */
export interface LockStore {
  /** Takes `key` for `token` for `ttlMs` unless someone holds it; true when taken. */
  acquire(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends the hold, only while `token` still holds it; false when the lock was lost. */
  extend(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Lets go, only if `token` still holds it (never someone else's lock). */
  release(key: string, token: string): Promise<void>;
}

export interface LockLog {
  warn: (details: object, message: string) => void;
}

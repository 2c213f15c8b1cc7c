import type { MirroredIssue } from "../core/plan/types.js";

export interface IssueHandle {
  number: number;
  /** The REST id the sub-issue and dependency endpoints take. */
  id: number;
  /** The GraphQL node id, when known: createIssue's `parentIssueId` takes it. */
  nodeId?: string;
}

/**
 * Task key → issue number and id, for the issues that exist and those the plan creates as it
 * is applied: operations name issues by key because a created issue has no number until then.
 * A listed issue is known by its marker's key (the oldest one when two carry a key) until the
 * plan rekeys it: from its `rekey` operation on, the plan names it by its task's new key.
 */
export class IssueIndex {
  readonly #byKey = new Map<string, IssueHandle>();
  readonly #byNumber = new Map<number, IssueHandle>();

  constructor(issues: readonly MirroredIssue[] = []) {
    for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
      const handle: IssueHandle = { number: issue.number, id: issue.id, ...(issue.nodeId ? { nodeId: issue.nodeId } : {}) };
      this.#byNumber.set(issue.number, handle);
      if (!this.#byKey.has(issue.marker.key)) this.#byKey.set(issue.marker.key, handle);
    }
  }

  record(key: string, handle: IssueHandle): void {
    this.#byKey.set(key, handle);
    this.#byNumber.set(handle.number, handle);
  }

  /** From now on `key` names the listed issue #number; false when no such issue was listed. */
  rekey(key: string, number: number): boolean {
    const handle = this.#byNumber.get(number);
    if (!handle) return false;
    this.#byKey.set(key, handle);
    return true;
  }

  /** `key` names no listed issue: the plan creates its issue (an old one left with the key is not it). */
  forget(key: string): void {
    this.#byKey.delete(key);
  }

  get(key: string): IssueHandle | undefined {
    return this.#byKey.get(key);
  }

  /** The issue #number, listed or created. */
  byNumber(number: number): IssueHandle | undefined {
    return this.#byNumber.get(number);
  }

  /** Numbers by key, for resolving the reference tokens in generated bodies. */
  numbers(): Map<string, number> {
    return new Map([...this.#byKey].map(([key, handle]) => [key, handle.number]));
  }
}

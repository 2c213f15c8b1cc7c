import type { MirroredIssue } from "../core/plan/types.js";

export interface IssueHandle {
  number: number;
  /** The REST id the sub-issue and dependency endpoints take. */
  id: number;
}

/**
 * Task key → issue number and id, for the issues that exist and those the plan creates as it
 * is applied: operations name issues by key because a created issue has no number until then.
 */
export class IssueIndex {
  readonly #byKey = new Map<string, IssueHandle>();

  constructor(issues: readonly MirroredIssue[] = []) {
    for (const issue of issues) this.#byKey.set(issue.marker.key, { number: issue.number, id: issue.id });
  }

  record(key: string, handle: IssueHandle): void {
    this.#byKey.set(key, handle);
  }

  get(key: string): IssueHandle | undefined {
    return this.#byKey.get(key);
  }

  /** Numbers by key, for resolving the reference tokens in generated bodies. */
  numbers(): Map<string, number> {
    return new Map([...this.#byKey].map(([key, handle]) => [key, handle.number]));
  }
}

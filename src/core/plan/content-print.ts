/**
 * What the matching compares of a task, read the same way from a document's task and from a
 * mirrored issue (task-print.ts, issue-print.ts): its title, the keys of its checklist items,
 * the words of its description, and the words of its parent task's title.
 */
export interface ContentPrint {
  /** The normalised title (keys.ts `normalizeItemText`): equal titles find each other by it. */
  title: string;
  titleWords: ReadonlySet<string>;
  items: ReadonlySet<string>;
  descriptionWords: ReadonlySet<string>;
  /** Words of the parent task's title; null for a task without parent. */
  parentWords: ReadonlySet<string> | null;
}

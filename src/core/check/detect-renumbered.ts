import type { Diagnostic, Document, Task } from "../model/types.js";
import type { MirroredIssue, Plan } from "../plan/types.js";
import { displayKey } from "../validate/create-validation-context.js";
import { RULES } from "../validate/rules.js";

export interface Renumbering {
  /** The new task, as the pull request writes it. */
  key: string;
  path: string;
  line: number;
  /** The key the task had, and the issue that merging would close as not planned. */
  oldKey: string;
  number: number;
  match: "title" | "position";
  diagnostic: Diagnostic;
}

export interface DetectRenumberedInput {
  plan: Plan;
  /** The documents at the pull request's head. */
  documents: readonly Document[];
  /** The mirrored issues as they are now. */
  issues: readonly MirroredIssue[];
  /**
   * The changed documents as they are at the pull request's base. They give the old task's
   * exact title and its position; without them the title is read from the issue.
   */
  baseDocuments?: readonly Document[];
}

interface Located {
  task: Task;
  path: string;
  index: number;
}

/**
 * Tasks whose key the pull request changed and that the matching could not pair with their
 * issue (it pairs most: see plan/match-tasks.ts): the plan closes an issue as not planned while
 * it creates an issue for a task with the same title, or for the task at the same position of
 * the same document. Merging would lose the old issue's history, so each one is a
 * `renumbered-task` warning on the new task's line naming the issue that would close.
 */
export function detectRenumbered({ plan, documents, issues, baseDocuments = [] }: DetectRenumberedInput): Renumbering[] {
  const created: Located[] = [];
  const head = locateTasks(documents);
  for (const op of plan.operations) {
    if (op.kind !== "create") continue;
    const located = head.get(op.key);
    if (located) created.push(located);
  }
  const closed = plan.operations.flatMap((op) => (op.kind === "close" && op.reason === "not_planned" ? [op] : []));
  if (created.length === 0 || closed.length === 0) return [];

  const base = locateTasks(baseDocuments);
  const issueByNumber = new Map(issues.map((issue) => [issue.number, issue]));
  const claimed = new Set<Located>();
  const found = new Map<number, Renumbering>();

  const claim = (close: (typeof closed)[number], match: Renumbering["match"], test: (candidate: Located) => boolean) => {
    if (found.has(close.number)) return;
    // The same key closed and created is not a renumbering: the matching found the key's text
    // rewritten and says so in its own note (unsure-match).
    const candidate = created.find((c) => !claimed.has(c) && c.task.key !== close.key && test(c));
    if (!candidate) return;
    claimed.add(candidate);
    found.set(close.number, renumbering(candidate, close.key, close.number, match));
  };

  for (const close of closed) {
    const titles = oldTitles(base.get(close.key)?.task, issueByNumber.get(close.number), close.key);
    claim(close, "title", (c) => titles.has(normalizeTitle(c.task.title)));
  }
  for (const close of closed) {
    const old = base.get(close.key);
    if (old) claim(close, "position", (c) => c.path === old.path && c.index === old.index);
  }
  return closed.flatMap((close) => found.get(close.number) ?? []);
}

function renumbering(at: Located, oldKey: string, number: number, match: Renumbering["match"]): Renumbering {
  const shownNew = displayKey(at.task.key, at.path);
  const shownOld = displayKey(oldKey, at.path);
  const why = match === "title" ? "same title" : "same position in this document";
  const message =
    `Renumbered task: "${shownNew}" was "${shownOld}" (${why}). Merging closes #${number} as not planned and opens a new issue, ` +
    `losing #${number}'s history. If this is the same task, keep the id "${shownOld}".`;
  return {
    key: at.task.key,
    path: at.path,
    line: at.task.line,
    oldKey,
    number,
    match,
    diagnostic: {
      code: "renumbered-task",
      severity: RULES["renumbered-task"].severity,
      path: at.path,
      line: at.task.line,
      column: 1,
      message,
    },
  };
}

function locateTasks(documents: readonly Document[]): Map<string, Located> {
  const located = new Map<string, Located>();
  for (const doc of documents) {
    doc.tasks.forEach((task, index) => {
      if (!located.has(task.key)) located.set(task.key, { task, path: doc.path, index });
    });
  }
  return located;
}

/**
 * What the old task was called: its title at the base when known, else the issue's title as
 * it is and with the old id taken out (the title template puts the id around the title).
 */
function oldTitles(baseTask: Task | undefined, issue: MirroredIssue | undefined, oldKey: string): Set<string> {
  const titles = new Set<string>();
  if (baseTask) titles.add(normalizeTitle(baseTask.title));
  if (issue) {
    titles.add(normalizeTitle(issue.title));
    const shown = displayKey(oldKey, issue.marker.path);
    if (shown !== "" && issue.title.includes(shown)) {
      titles.add(normalizeTitle(issue.title.split(shown).join(" ").replace(/^[\s:|·—–\-[\]()]+|[\s:|·—–\-[\]()]+$/g, "")));
    }
  }
  titles.delete("");
  return titles;
}

function normalizeTitle(title: string): string {
  return title.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

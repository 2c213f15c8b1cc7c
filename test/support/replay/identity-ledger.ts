import type { PersonView } from "./person-views.js";
import type { StepOutcome } from "./types.js";

/** A mirrored issue as the replay reads it after a step (only `key` and `path` of its marker). */
export interface ObservedIssue {
  number: number;
  title: string;
  state: "open" | "closed";
  stateReason: string | null;
  /**
   * What the app generates in the body: its block and the marker after it (the whole body when
   * it has no block). Text a person or the app adds outside the block does not change which task
   * the issue describes.
   */
  generated: string;
  /** The marker's key and path; null when the body holds no marker. */
  key: string | null;
  path: string | null;
}

/** One `issues` webhook the app's writes caused during the step. */
export interface IssueEvent {
  action: string;
  number: number;
  stateReason: string | null;
  titleChanged: boolean;
}

/**
 * Follows, step by step, which task each issue describes and which issue each task is on, and
 * counts what a person would call wrong.
 *
 * - An issue describes the task its marker names at the step it was last written: when an issue
 *   is created, or its title, generated block or marker changed in the step, it describes the
 *   task the person sees at its marker's key now; an issue the step did not touch (or whose key
 *   no task has any more) still describes what it described before.
 * - A task is on the issue that describes it and carries its current key. When several do (a
 *   duplicate), it is on the one the app acted on in this step, else on the one it was on, else
 *   on the lowest number, as the app's own listing picks.
 * - **Identity loss**: a task the person sees at this step that sits on another issue than the
 *   last issue it sat on (also across steps where it was absent: a task added back is the same
 *   task).
 * - **Repurposed issue**: an issue that described one task before the step and another after.
 */
export class IdentityLedger {
  readonly #describes = new Map<number, string>();
  readonly #lastIssue = new Map<string, number>();
  #previous = new Map<number, ObservedIssue>();

  observe(view: PersonView, issues: ObservedIssue[], events: IssueEvent[]): StepOutcome {
    const before = new Map(this.#describes);
    const repurposed: string[] = [];
    const touched = new Set<number>();
    for (const issue of issues) {
      const old = this.#previous.get(issue.number);
      const written =
        old === undefined || old.title !== issue.title || old.generated !== issue.generated || old.key !== issue.key || old.path !== issue.path;
      if (written || old.state !== issue.state || old.stateReason !== issue.stateReason) touched.add(issue.number);
      const now = written && issue.key !== null ? view.personOfKey.get(issue.key) : undefined;
      if (now !== undefined) this.#describes.set(issue.number, now);
      else if (!this.#describes.has(issue.number)) this.#describes.set(issue.number, `(no task: ${issue.key ?? "no marker"})`);
      const was = before.get(issue.number);
      const is = this.#describes.get(issue.number) as string;
      if (was !== undefined && was !== is) repurposed.push(`#${issue.number}: ${was} → ${is}`);
    }

    const losses: string[] = [];
    const unmirrored: string[] = [];
    const duplicates: string[] = [];
    for (const [person, key] of view.keyOfPerson) {
      const describing = issues.filter((issue) => this.#describes.get(issue.number) === person);
      const open = describing.filter((issue) => issue.state === "open");
      if (open.length > 1) duplicates.push(`${person}: ${open.map((issue) => `#${issue.number}`).join(", ")}`);
      const on = mirrorOf(describing.filter((issue) => issue.key === key), touched, this.#lastIssue.get(person));
      if (on === undefined) {
        unmirrored.push(key === null ? `${person} (not read)` : `${person} (${key}: no issue)`);
        continue;
      }
      const last = this.#lastIssue.get(person);
      if (last !== undefined && last !== on.number) losses.push(`${person}: #${last} → #${on.number}`);
      this.#lastIssue.set(person, on.number);
    }
    this.#previous = new Map(issues.map((issue) => [issue.number, issue]));

    const count = (test: (event: IssueEvent) => boolean) => events.filter(test).length;
    return {
      created: count((event) => event.action === "opened"),
      closedCompleted: count((event) => event.action === "closed" && event.stateReason === "completed"),
      closedNotPlanned: count((event) => event.action === "closed" && event.stateReason === "not_planned"),
      reopened: count((event) => event.action === "reopened"),
      retitled: count((event) => event.action === "edited" && event.titleChanged),
      losses,
      repurposed,
      duplicates,
      unmirrored,
    };
  }
}

function mirrorOf(candidates: ObservedIssue[], touched: Set<number>, last: number | undefined): ObservedIssue | undefined {
  const sorted = [...candidates].sort((a, b) => a.number - b.number);
  return sorted.find((issue) => touched.has(issue.number)) ?? sorted.find((issue) => issue.number === last) ?? sorted[0];
}

/**
 * A history: successive versions of a repository's task documents, each with the person's view
 * of which task is which, and the issue changes a person expects the step to cause.
 */
export interface History {
  /** The directory name under `fixtures/histories/`. */
  name: string;
  title: string;
  /** Where the documents come from (`constructed`, or the repository and commits). */
  source: string;
  steps: HistoryStep[];
}

export interface HistoryStep {
  /** The version directory (`v1`, `v2`…), also the step's name in reports. */
  name: string;
  note: string;
  /** Every file of the repository at this step (path → text). */
  files: Record<string, string>;
  /**
   * The person's view where it differs from "same written id in the same file, same task":
   * task ref (`path#id`, or `path#title` for a task without id) → person id. A person id with a
   * `#` names the task that had that ref when it first appeared; any other string names a task
   * the history introduces under that name.
   */
  tasks: Record<string, string>;
  /**
   * Documents the person sees as moved in this step: new path → old path. Each task of the new
   * document is the task with the same id (or title) in the old one, unless `tasks` says otherwise.
   */
  moved: Record<string, string>;
  ideal: IdealCounts;
}

/** What a person expects the step to do to the issues. */
export interface IdealCounts {
  created: number;
  closedCompleted: number;
  closedNotPlanned: number;
  reopened: number;
}

/** What the app did in one step, read from the fake's webhooks and issues. */
export interface StepOutcome extends IdealCounts {
  /** Issues whose title changed. */
  retitled: number;
  /** Tasks a person sees as the same that now sit on another issue: `person: #old → #new`. */
  losses: string[];
  /** Issues that now describe another task than before: `#n: person → other person`. */
  repurposed: string[];
  /** Tasks with more than one open issue describing them: `person: #a, #b`. */
  duplicates: string[];
  /** Tasks a person sees that no issue mirrors after the step (unread, or not synced). */
  unmirrored: string[];
}

export interface StepResult {
  name: string;
  note: string;
  ideal: IdealCounts;
  actual: StepOutcome;
}

export interface ReplayResult {
  name: string;
  title: string;
  steps: StepResult[];
  /** Pushes after the install (one per later step). */
  pushes: number;
  /** Writes made by redelivering the installation after the last step (a full resync). */
  resyncWrites: string[];
  /** Requests GitHub would have refused (the fake's OpenAPI check). */
  violations: unknown[];
  /** Error-level log lines of the app. */
  errors: string[];
}

import type { Rename } from "../core/plan/types.js";

/**
 * Work as data. A webhook handler checks its payload, then submits a Job: a plain,
 * JSON-serialisable description of what to do, recorded durably BEFORE the webhook is answered,
 * so that any instance can do it — now, after a crash, or again — with the installation's
 * credentials looked up from `installationId`. Every kind is safe to redo: the repository's
 * documents and issues are the truth it converges to, not the job.
 */
export type Job = SyncJob | TicksJob | PullRequestCheckJob | ProjectItemJob;

export type JobKind = Job["kind"];

export interface JobBase {
  /**
   * Stable id: the same work submitted twice (a redelivered webhook, a reconcile and a push
   * close together) has the same id, and a queue holds it once. Delivery GUID + part for
   * webhook work; `sync:<owner>/<repo>` style ids for coalescing level-triggered syncs.
   */
  id: string;
  installationId: number;
  owner: string;
  repo: string;
  /** The delivery that asked for the work, for its summary line (absent: a reconcile). */
  delivery?: { id: string; event: string };
  /** The event's sender login: events the app's own writes caused are dropped (no loops). */
  sender?: string;
  /** The repository's default branch as the event told it (absent: the runner reads it). */
  defaultBranch?: string;
  /** When it was first submitted (ms since the epoch): queue-wait metrics, ordering. */
  submittedAt: number;
}

/** Converge a repository's issues to its default branch's documents, both directions. */
export interface SyncJob extends JobBase {
  kind: "sync";
  reason: "push" | "installation" | "reconcile" | "resync" | "continue";
  /** The default branch as the installation's repository list showed it (a reconcile): its probe reads no more. */
  defaultBranch?: string;
  /** The pushed head, for reports (the sync itself always reads the branch's CURRENT head). */
  reportSha?: string;
  /** Renamed or moved documents the push reported: their tasks keep their issues. */
  renames?: Rename[];
  /** Push only: the changed paths when the payload listed them all (null: unknown, read the compare). */
  paths?: string[] | null;
  /** A Resync pressed: the person, whose write permission the run checks first. */
  askedBy?: string;
  /** A continuation: blocked-by links the slice before left (its markers name them already). */
  pendingBlockedBy?: Array<{ key: string; blockerKey: string }>;
  /** Push only: the compare's range, present only when a compare can tell the changes (not a force push or a new branch). */
  before?: string;
  after?: string;
  /**
   * Push only: the paths the payload lists as removed and as added, present when it lists a
   * removed one — a moved document shows as both, and only then is the compare worth a read.
   */
  removed?: string[];
  added?: string[];
}

/** Ticks a person made in a mirrored issue, to be written into the document (a commit). */
export interface TicksJob extends JobBase {
  kind: "ticks";
  issue: number;
  /** The issue's marker: the document and the task. */
  path: string;
  taskKey: string;
  by: { login: string; id: number };
  /** The issue's author: a marker counts only in an issue the app created. */
  author?: string;
  toggles: Array<{ itemKey: string; checked: boolean }>;
}

/** A pull request's `taskmirror` check run on its head. */
export interface PullRequestCheckJob extends JobBase {
  kind: "pull-request-check";
  number: number;
  headSha: string;
  /** Absent: read from the pull request. */
  baseSha?: string;
  /** A fresh run even when the head has one (reopened, re-run). */
  fresh: boolean;
  /** `check_run.rerequested`: the slug of the app whose run it was (only this app's runs are re-run). */
  runApp?: string;
}

/**
 * A person moved a mirrored issue's item on an organization project's board (a single-select
 * field changed): when it is the configured project's Status moved into or out of the done
 * option, the task is done or not done in its file, as a close or reopen of the issue makes it.
 */
export interface ProjectItemJob extends JobBase {
  kind: "project-item";
  issue: number;
  /** The issue's marker: the document and the task. */
  path: string;
  taskKey: string;
  /** The issue's author as GraphQL gives it (a bot's login without `[bot]`). */
  author: string;
  state: "open" | "closed";
  by: { login: string; id: number };
  organization: string;
  projectNumber: number;
  fieldName: string;
  /** The option names moved from and to (lower case; absent: none). */
  from?: string;
  to?: string;
}

/**
 * The sync plan: what the documents want (desired) against what GitHub has (actual), as a list
 * of operations. Planning is pure; `src/github/apply-plan.ts` executes the list in order and
 * nothing else writes issues. The CLI `plan`, dry runs and the pull-request preview render the
 * same list.
 *
 * Operations name issues by task key, not by number: an issue created earlier in the same plan
 * has no number yet when the plan is made. The applier keeps a key → {number, id} map.
 * Issue bodies in operations may hold reference tokens (see render/refs.ts) for issues that do
 * not exist yet; the applier replaces them with `#n` once those issues are created. Creates are
 * ordered so that blockers and parents come first, so a token is nearly always resolvable.
 */

/** The hidden state a mirrored issue carries in its body (`<!-- taskmirror:state {...} -->`). */
export interface MarkerState {
  v: 1;
  key: string;
  path: string;
  /** The task's done state at the last sync. */
  done: boolean;
  /** Checklist states at the last sync (the merge base of the two-way sync), by item key. */
  items: Record<string, boolean>;
  /** Key of the parent the app linked this issue under, if any. */
  parent?: string;
  /** Keys of the issues the app linked as "blocked by". */
  blockedBy?: string[];
  /**
   * Assignee logins GitHub refused (no access to the repository, no such user), and the task's
   * assignee list they were refused from: not asked for again until that list changes, so the
   * refusal is met, and said, once.
   */
  unassignable?: Unassignable;
  /**
   * Issues the matching was unsure were this task's when this issue was opened for it: the
   * cross-link with each is written after the create, so a sync that stopped in between
   * finishes it from here while the old issue is still open.
   */
  crossLinked?: number[];
}

export interface Unassignable {
  logins: string[];
  /** The task's assignees when GitHub refused `logins`. */
  of: string[];
}

/** A mirrored issue as listed from GitHub (identified by its marker, never by its title). */
export interface MirroredIssue {
  number: number;
  /** The numeric REST id: sub-issue and dependency endpoints take this, not the number. */
  id: number;
  /** The GraphQL node id (REST `node_id`), when the listing carried one: GraphQL mutations take it. */
  nodeId?: string;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  labels: string[];
  assignees: string[];
  milestone: { number: number; title: string } | null;
  /** Number of the current parent issue (from `parent_issue_url`), null when none. */
  parentNumber: number | null;
  /** The issue's native type (REST `type.name`); null: none; absent: not read. */
  issueType?: string | null;
  /**
   * How many blocked-by links the issue has, as GitHub counts them (undefined when it does not
   * say): fewer than the marker records means a recorded link was never made.
   */
  blockedByCount?: number;
  marker: MarkerState;
}

export interface IssueContent {
  title: string;
  /** Full body: generated block + marker (+ kept human text on updates). May hold reference tokens. */
  body: string;
  labels: string[];
  assignees: string[];
  /** Milestone title, or null for none. */
  milestone: string | null;
}

export type IssueField = "title" | "body" | "labels" | "assignees" | "milestone";

/**
 * Why a task's issue is kept under a new key: its id was renumbered in the same document
 * (`T026` → `T031`, `1.1` → `2.1`), its title (the key of a task without id) was reworded, its
 * document was renamed or moved with the task's id unchanged, the task moved to another
 * document, or its repository-wide id changed prefix with the same number (`task-200` →
 * `BACK-200`). `kept`: the key is the issue's own, but an older listed issue carries it too (a
 * sync stopped between creating an unsure task's issue and closing the old one, or half way
 * through a swap): the rekey only tells the applier which issue the key names.
 */
export type RekeyReason = "renumbered" | "reworded" | "document-moved" | "moved" | "migrated" | "kept";

/** A document renamed or moved (`previous_filename` → `filename` of the compare and pull-request files APIs). */
export interface Rename {
  from: string;
  to: string;
}

export type Operation =
  | {
      /**
       * The matching found the task of issue #number under another key: the issue keeps its
       * number, history and people. Writes nothing itself (the update that follows rewrites the
       * marker's key, title and body); from here on `key` names issue #number for the applier.
       */
      kind: "rekey";
      key: string;
      /** The key the issue's marker holds now. */
      from: string;
      number: number;
      /** The task's document now. */
      path: string;
      /** The document the issue's marker names. */
      fromPath: string;
      reason: RekeyReason;
    }
  | { kind: "ensure-label"; name: string; color: string; description: string }
  | { kind: "ensure-milestone"; title: string }
  | {
      kind: "create";
      key: string;
      content: IssueContent;
      /** Create then close at once (a task that is already done; `not_planned` when cancelled). */
      close?: "completed" | "not_planned";
    }
  | {
      kind: "update";
      key: string;
      number: number;
      /** Only the fields that differ. */
      changes: Partial<IssueContent>;
      fields: IssueField[];
    }
  | { kind: "close"; key: string; number: number; reason: "completed" | "not_planned"; comment?: string }
  | { kind: "reopen"; key: string; number: number; comment?: string }
  | {
      /**
       * The matching could not tell whether task `key` is the task of issue #number (the same
       * key with other text, weak or tied evidence), so the task gets an issue of its own (created
       * earlier in the plan) rather than #number: each issue gets a comment naming the other.
       * `comment` goes on the task's issue; `oldComment` on #number, where the reference token of
       * `key` (render/refs.ts) stands for the new issue's number.
       */
      kind: "cross-link";
      key: string;
      number: number;
      comment: string;
      oldComment: string;
      /**
       * The pair of an earlier sync that stopped before closing #number: either comment may be
       * there already, so each issue's comments are read and one naming the other is not posted again.
       */
      resumed?: true;
    }
  | { kind: "link-parent"; key: string; parentKey: string; replace: boolean }
  | { kind: "unlink-parent"; key: string; parentKey: string; parentNumber: number }
  | { kind: "add-blocked-by"; key: string; blockerKey: string }
  | {
      kind: "remove-blocked-by";
      key: string;
      blockerKey: string;
      /**
       * The listed issue the link points at, when `blockerKey` names another issue now (the plan
       * gave the key to a new task's issue, or to a renumbered one): that issue is unlinked.
       */
      blockerNumber?: number;
    }
  | {
      /**
       * A tick made in the issue that the file does not have yet (the issue side won the
       * three-way merge): the app writes it back to `path`. `itemKey` "" is the task's own
       * done state (its own box, or its status field).
       */
      kind: "toggle-file";
      key: string;
      path: string;
      itemKey: string;
      checked: boolean;
    };

export type OperationKind = Operation["kind"];

export interface Plan {
  operations: Operation[];
  /** Diagnostics the planner raised (limits it had to respect, tasks it refused to sync). */
  notes: import("../model/types.js").Diagnostic[];
}

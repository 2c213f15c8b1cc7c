/**
 * The task model (../../../README.md, "The task model"): what every task-document format is
 * read into. Everything downstream — validation, the sync plan, rendering, the check run —
 * works on these types only, never on markdown.
 *
 * Positions are 1-based lines and columns of the source text as given to the reader (a BOM,
 * if present, is column 1 of line 1's first character and is not counted as text). Offsets are
 * 0-based UTF-16 indices into that same string: they are what checkbox splicing uses.
 */

export type Format =
  | "task-headings" // many `### TASK-001: Title` blocks with bold metadata lines
  | "single-task" // one `# TASK-001: Title` document (bold metadata lines or a Document Control table)
  | "front-matter" // one or more tasks headed by YAML/JSON front matter holding id/name/status…
  | "numbered-checklist" // Kiro-style `- [ ] 1. Setup` with nested `- [ ] 1.1 …`
  | "phase-plan" // `## Phase 1` / `### Group` / `- [ ] **Bold item**`
  | "spec-kit" // `- [ ] T001 [P] [US1] Description`
  | "openspec" // `## 1. Group` + `- [ ] 1.1 Item`
  | "checklist"; // no task structure: only a document checklist

export type Severity = "error" | "warning" | "notice";

export interface Diagnostic {
  /** Stable rule code, e.g. `duplicate-key` (see src/core/validate/rules.ts). */
  code: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

/** A GitHub task-list checkbox: `[ ]`, `[x]` or `[X]`. */
export interface Checkbox {
  line: number;
  /** Column of the `[`. */
  column: number;
  checked: boolean;
  /** Offset of the character between the brackets (the one a tick flips). */
  offset: number;
}

/** Kiro's marks for a task that is not done: `-` in progress, `~` queued. */
export type StateMark = "-" | "~";

/**
 * A task's own box that GitHub does not render as a checkbox: Kiro writes `[-]` on the task it is
 * working on and `[~]` on one queued to run. On GitHub the line is text; the reader still reads the
 * task, with the status the mark says, and closing its issue writes `x` over the mark (one byte).
 */
export interface StateBox {
  line: number;
  /** Column of the `[`. */
  column: number;
  /** Offset of the mark between the brackets. */
  offset: number;
  mark: StateMark;
}

export interface Item {
  /** Stable within its owner (task or document): normalised text, plus `#n` for the n-th repeat (n ≥ 2). */
  key: string;
  /** The item's text as written after the box (first paragraph, inline markdown kept). */
  text: string;
  checked: boolean;
  line: number;
  column: number;
  /** Offset of the character between the brackets. */
  offset: number;
  /** The nearest heading (or bold label such as `**Subtasks**:`) above the item, inside its owner. */
  section?: string;
}

export type Status = "todo" | "in progress" | "in review" | "blocked" | "on hold" | "done" | "cancelled";

/** Normalised fields; what the document wrote is kept in `Task.rawFields`. */
export interface TaskFields {
  status?: Status;
  /** `P0`…`P4`. */
  priority?: string;
  /** GitHub logins without `@`. */
  assignees?: string[];
  /** Assignee values that are not logins (a role such as "DevOps Engineer"). */
  roles?: string[];
  points?: number;
  sprint?: string;
  phase?: string;
  effort?: string;
  type?: string;
  /** ISO date `YYYY-MM-DD`. */
  due?: string;
  /** spec-kit user story, e.g. `US1`. */
  story?: string;
  /** spec-kit `[P]`: can run in parallel. */
  parallel?: boolean;
}

export interface RawField {
  /** The field name as written (`Story Points`, `Assigned To`, `depends_on`). */
  name: string;
  value: string;
  line: number;
  column: number;
}

export interface Task {
  key: string;
  /** The id as written (`TASK-001`, `T001`, `1.2`), when the document gives one. */
  id?: string;
  title: string;
  parentKey?: string;
  line: number;
  endLine: number;
  /** The task's own done box, when the format has one (spec-kit, numbered plans, phase plans). */
  checkbox?: Checkbox;
  /** Instead of `checkbox`: a Kiro `[-]`/`[~]` box, which is no checkbox on GitHub (see StateBox). */
  stateBox?: StateBox;
  fields: TaskFields;
  /** Every field as written, keyed by normalised field name (`status`, `priority`, `dependencies`…). */
  rawFields: Record<string, RawField>;
  /** Keys of the tasks this one depends on. */
  dependsOn: string[];
  /** Extra labels the document asks for (beyond those derived from fields). */
  labels: string[];
  /** Markdown description: the task's text that is neither metadata nor checklist. */
  description: string;
  checklist: Item[];
}

export interface Document {
  path: string;
  format: Format;
  /** Parsed front matter (YAML/JSON only), `{}` when none. */
  frontMatter: Record<string, unknown>;
  tasks: Task[];
  /** Checkboxes outside any task. */
  checklist: Item[];
  /** What the reader itself found wrong (parse-level); validate() adds the cross-document rules. */
  diagnostics: Diagnostic[];
  /** Does the text start with a BOM / use CRLF? Writers keep what the author had. */
  bom: boolean;
  eol: "\n" | "\r\n";
}

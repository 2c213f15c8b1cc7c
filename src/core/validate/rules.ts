import type { Severity } from "../model/types.js";
import { ISSUE_BODY_MAX, SUB_ISSUE_DEPTH_MAX, SUB_ISSUES_PER_PARENT_MAX } from "../limits.js";

export interface Rule {
  /** Stable: configs (`rules:`), annotations and the README refer to it. Never rename one. */
  code: string;
  severity: Severity;
  title: string;
  description: string;
  fix: string;
}

/**
 * Every diagnostic taskmirror can emit, wherever it comes from (the reader, validate(), the
 * config loader, the pull-request check). The README and the check run list the rules from this
 * registry, so a code that is not here is undocumented.
 */
export const RULES = {
  "duplicate-key": {
    code: "duplicate-key",
    severity: "error",
    title: "Duplicate task key",
    description:
      "Two tasks have the same key, in one document or in two. A key names exactly one issue, so neither task is synced until the clash is resolved.",
    fix: "Give one of the tasks a new id (or a different heading when the task has no id).",
  },
  "unknown-dependency": {
    code: "unknown-dependency",
    severity: "error",
    title: "Unknown dependency",
    description: "A task depends on a key that no task in the repository has, so no \"blocked by\" link can be made.",
    fix: "Fix the id in the dependency list, or add the missing task.",
  },
  "dependency-cycle": {
    code: "dependency-cycle",
    severity: "error",
    title: "Dependency cycle",
    description:
      "Tasks depend on each other in a loop (a task depending on itself included), so none of them can ever start. Reported once per loop, on its first task.",
    fix: "Remove one of the dependencies in the loop.",
  },
  placeholder: {
    code: "placeholder",
    severity: "warning",
    title: "Unfilled template placeholder",
    description:
      "An id, title, field value or checklist item still holds template text such as `TASK-XXX`, `[Name]`, `YYYY-MM-DD` or an option list like `[P0 | P1]`; it would be copied into the issue as is.",
    fix: "Replace the placeholder with the real value, or delete the line.",
  },
  "invalid-field": {
    code: "invalid-field",
    severity: "error",
    title: "Invalid field value",
    description:
      "A field holds a value taskmirror cannot use: an unknown priority or status, story points off the scale 0, 1, 2, 3, 5, 8, 13, 21, a date that does not exist, or a list of options instead of one value.",
    fix: "Write one recognised value (priority P0–P4 or Critical/High/Medium/Low; status To Do, In Progress, In Review, Blocked, On Hold, Done or Cancelled; dates as YYYY-MM-DD).",
  },
  "status-mismatch": {
    code: "status-mismatch",
    severity: "warning",
    title: "Status disagrees with checkboxes",
    description:
      "The status says done while checklist items (or the task's own box) are open, or the task's own box or every checklist item is ticked while the status says the work has not been done.",
    fix: "Update the status, or tick/untick the boxes, so that both say the same.",
  },
  "parent-done-open-children": {
    code: "parent-done-open-children",
    severity: "warning",
    title: "Done task with open child tasks",
    description: "A task is done (its own box ticked or its status done) while some of its child tasks are not.",
    fix: "Finish or cancel the child tasks, or reopen the parent.",
  },
  "body-too-long": {
    code: "body-too-long",
    severity: "warning",
    title: "Issue body too long",
    description: `The task's issue body would exceed GitHub's limit of ${thousands(ISSUE_BODY_MAX)} characters; it will be cut, with a link to the source.`,
    fix: "Split the task, or move long content (logs, code, tables) to a linked file.",
  },
  "too-many-children": {
    code: "too-many-children",
    severity: "warning",
    title: "Too many child tasks",
    description: `A task has more than ${SUB_ISSUES_PER_PARENT_MAX} child tasks, GitHub's limit of sub-issues per issue; the children beyond it are not linked as sub-issues.`,
    fix: "Group the child tasks under intermediate parent tasks.",
  },
  "too-deep": {
    code: "too-deep",
    severity: "warning",
    title: "Task nesting too deep",
    description: `Tasks are nested more than ${SUB_ISSUE_DEPTH_MAX} levels deep (a top-level task is level 1), GitHub's limit of sub-issue nesting; a task below that level and its own children are not linked under their parent.`,
    fix: `Flatten the hierarchy to at most ${SUB_ISSUE_DEPTH_MAX} levels.`,
  },
  "malformed-checkbox": {
    code: "malformed-checkbox",
    severity: "warning",
    title: "Malformed checkbox",
    description:
      "A line looks like a checkbox but GitHub will not render it as one (`[ x]`, `[x ]`, `[]`, `-[ ]`, `*[x]`), so it is neither synced nor clickable.",
    fix: "Write the box as `- [ ]` or `- [x]`: a list marker, a space, then exactly one space or `x` between the brackets.",
  },
  "state-box": {
    code: "state-box",
    severity: "notice",
    title: "Task state box",
    description:
      "A task line opens with Kiro's `[-]` (in progress) or `[~]` (queued) instead of a checkbox. GitHub shows the line as text, not as a checkbox; taskmirror reads the task with that status, and closing its issue writes `x` into the box.",
    fix: "Nothing to do while Kiro manages the file; otherwise write `[ ]` or `[x]`.",
  },
  "invalid-front-matter": {
    code: "invalid-front-matter",
    severity: "error",
    title: "Invalid front matter",
    description:
      "The front matter cannot be read: it is not valid YAML or JSON, it is too large, or it is in another language (`---js`), which is never evaluated.",
    fix: "Write the front matter as plain YAML between `---` lines.",
  },
  "unquoted-at-sign": {
    code: "unquoted-at-sign",
    severity: "warning",
    title: "Unquoted @ in front matter",
    description:
      "An `assignee:` or `reporter:` value starts with an unquoted `@` (`reporter: @octocat`), which is not valid YAML: GitHub shows the front matter as an error and YAML tools refuse it. taskmirror reads it as Backlog.md does, as the login.",
    fix: "Quote the value: `reporter: \"@octocat\"`.",
  },
  "encoding-damage": {
    code: "encoding-damage",
    severity: "warning",
    title: "Encoding damage",
    description:
      "The text holds mojibake (UTF-8 that was once read as another encoding, e.g. `‚ö†Ô∏è`, `â€™`, `Ã©`) or replacement characters (U+FFFD); it would be copied into issues as is.",
    fix: "Restore the original characters and save the file as UTF-8.",
  },
  "prose-dependency": {
    code: "prose-dependency",
    severity: "warning",
    title: "Dependency written as prose",
    description:
      "A dependency field holds text that names no task (e.g. \"All component tasks\"), so no \"blocked by\" link can be made from it.",
    fix: "List the task ids (`TASK-001, TASK-006`), or write `None`.",
  },
  "unreadable-document": {
    code: "unreadable-document",
    severity: "error",
    title: "Unreadable document",
    description:
      "The document could not be read as markdown text (binary content, NUL bytes, a reader failure, or more parsing time or memory than the app allows one document); none of its tasks are synced.",
    fix: "Make sure the file is UTF-8 text, split a very large document into smaller ones, or exclude it with the `ignore` setting.",
  },
  "invalid-config": {
    code: "invalid-config",
    severity: "error",
    title: "Invalid configuration",
    description: "`.github/taskmirror.yml` is not valid YAML or does not match the schema; nothing is synced until it is fixed (the defaults are never used in its place).",
    fix: "Correct the key named in the message; see the configuration reference.",
  },
  "renumbered-task": {
    code: "renumbered-task",
    severity: "warning",
    title: "Renumbered task",
    description:
      "A pull request changes a task's key in a way the matching cannot follow (e.g. another repository-wide id, `TASK-002` → `TASK-012`): merging it closes the task's issue as not planned and opens a new one, losing the issue's history. Renumbered positional ids, moved documents and prefix migrations keep their issues and are not reported.",
    fix: "Keep the task's id as it was, or accept that a new issue replaces the old one.",
  },
} as const satisfies Record<string, Rule>;

export type RuleCode = keyof typeof RULES;

/** The rule codes in documentation order. */
export const ruleCodes = Object.keys(RULES) as RuleCode[];

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(RULES, code);
}

/**
 * The rule table as markdown (README, check-run text). With the config's `rules`, the severity
 * column shows the effective severity and notes the default where it was overridden.
 */
export function renderRuleTable(overrides: Readonly<Record<string, Severity | "off">> = {}): string {
  const rows = ruleCodes.map((code) => {
    const rule: Rule = RULES[code];
    const effective = Object.hasOwn(overrides, code) ? overrides[code] : undefined;
    const severity =
      effective === undefined || effective === rule.severity ? rule.severity : `${effective} (default: ${rule.severity})`;
    return `| \`${code}\` | ${severity} | ${cell(rule.title)} | ${cell(rule.description)} | ${cell(rule.fix)} |`;
  });
  return ["| Rule | Severity | Title | Meaning | Fix |", "| --- | --- | --- | --- | --- |", ...rows].join("\n") + "\n";
}

// A `|` ends a GFM table cell even inside backticks, so it must be escaped everywhere.
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

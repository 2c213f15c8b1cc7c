import { z } from "zod";
import { isRuleCode } from "../validate/rules.js";

/**
 * `.github/taskmirror.yml`. Every key has a default, so an absent file is a valid config; an
 * invalid one is reported (see parse-config.ts) and never silently replaced by the defaults.
 */

// Backlog.md keeps its tasks in `backlog/tasks/` (or `.backlog/tasks/`, both matched by the
// `tasks/` glob) and moves finished ones to `backlog/completed/`: without that folder a task done
// there would read as removed and its issue be closed as not planned. Its drafts (not tasks yet:
// promoting one gives it a new id), milestones, docs, decisions and config.yml stay out; archived
// tasks (`backlog/archive/tasks/`, under the `tasks/` glob) are read as cancelled.
export const DEFAULT_PATHS = ["**/TASK*.md", "**/tasks.md", "**/tasks/**/*.md", "**/*.tasks.md", "**/backlog/completed/*.md", "**/.backlog/completed/*.md"];

const severity = z.enum(["error", "warning", "notice", "off"]);

const labelColor = z
  .string()
  .regex(/^#?[0-9a-fA-F]{6}$/, "a six-digit hex colour such as d73a4a")
  .transform((c) => c.replace(/^#/, "").toLowerCase());

/** A project field name, a list of names (the first the project has is used), or false: not kept. */
const projectFieldName = z.union([z.string().min(1), z.array(z.string().min(1)).min(1), z.literal(false)]);

/** `project:` — a project URL, or the URL with the field map and options. */
const projectSchema = z.preprocess(
  (value) => (typeof value === "string" ? { url: value } : value),
  z
    .object({
      url: z
        .string()
        .regex(/^https?:\/\/[^/\s]+\/(orgs|users)\/[^/\s]+\/projects\/\d+\/?$/, "a project URL such as https://github.com/orgs/acme/projects/3")
        .describe("The project: https://github.com/orgs/<org>/projects/<n> or https://github.com/users/<login>/projects/<n>."),
      fields: z
        .object({
          status: projectFieldName.default("Status"),
          priority: projectFieldName.default("Priority"),
          sprint: projectFieldName.default(["Sprint", "Iteration"]),
          estimate: projectFieldName.default("Estimate"),
          start: projectFieldName.default("Start date"),
          due: projectFieldName.default("Due date"),
          phase: projectFieldName.default("Phase"),
        })
        .strict()
        .prefault({})
        .describe("Project field (names matched case-insensitively) for each task field; false leaves a field to the board."),
      doneOption: z.string().min(1).default("Done").describe("The Status option of a done task (and the one that marks a task done when set on the board)."),
      openOption: z.string().min(1).default("Todo").describe("The Status option of an open task without a status."),
      createOptions: z.boolean().default(false).describe("Add a single-select option the project lacks instead of reporting it."),
    })
    .strict(),
);

export const configSchema = z
  .object({
    paths: z
      .array(z.string().min(1))
      .min(1)
      .default(DEFAULT_PATHS)
      .describe("Globs (relative to the repository root) that select task documents."),
    ignore: z
      .array(z.string().min(1))
      .default(["**/node_modules/**", "**/.git/**"])
      .describe("Globs excluded from `paths`."),
    title: z
      .string()
      .min(1)
      .default("{key}: {title}")
      .describe("Issue title template; `{key}`, `{id}` and `{title}` are replaced."),
    labels: z
      .object({
        ownership: z
          .string()
          .min(1)
          .max(50)
          .default("taskmirror")
          .describe("Label put on every mirrored issue."),
        fields: z
          .array(z.enum(["priority", "status", "type", "phase", "parallel", "story", "sprint", "role"]))
          .default(["priority", "status", "type", "phase", "parallel", "story", "role"])
          .describe("Task fields that become `field: value` labels."),
        colors: z
          .record(z.string(), labelColor)
          .default({})
          .describe("Label colours by label prefix (`priority`, `status`…) or full label name."),
      })
      .prefault({}),
    subIssues: z.boolean().default(true).describe("Make child tasks sub-issues of their parent's issue."),
    dependencies: z.boolean().default(true).describe("Turn task dependencies into \"blocked by\" links."),
    milestones: z.boolean().default(false).describe("Turn sprint values into milestones."),
    assignees: z.boolean().default(true).describe("Assign `@login` values of assignee fields."),
    writeBack: z
      .object({
        mode: z
          .enum(["commit", "pull-request", "off"])
          .default("commit")
          .describe("How ticks made in issues reach the files."),
        permission: z
          .enum(["write", "maintain", "admin"])
          .default("write")
          .describe("The least repository permission a person needs for a tick to reach the file."),
        branch: z
          .string()
          .min(1)
          .default("taskmirror/checkboxes")
          .describe("Branch of the rolling pull request (mode pull-request, or a protected branch)."),
      })
      .prefault({}),
    removedTasks: z
      .enum(["close", "keep"])
      .default("close")
      .describe("What happens to the issue of a task removed from the documents: closed as not planned, or left open."),
    rules: z
      .record(z.string(), severity)
      .superRefine((rules, ctx) => {
        // A misspelt code would otherwise be ignored without a word, and the rule stay as it was.
        for (const code of Object.keys(rules)) {
          if (!isRuleCode(code)) ctx.addIssue({ code: "custom", path: [code], message: `unknown rule "${code}"` });
        }
      })
      .default({})
      .describe("Rule severities by code (`error`, `warning`, `notice`, `off`)."),
    issueTypes: z
      .object({
        // On by default: where the organization defines issue types, a task's type is one. The
        // types are read once an hour per repository (one GraphQL query), only when a task has a
        // type to give; a user's repository has none, and its types stay labels.
        native: z
          .boolean()
          .default(true)
          .describe("Where the organization defines issue types, a task's type sets the issue's type instead of a `type:` label."),
        default: z.string().min(1).nullable().default(null).describe("The type of a task that names none (e.g. Task); null: none."),
      })
      .prefault({}),
    project: projectSchema
      .optional()
      .describe("A GitHub Project (v2) every mirrored issue is an item of, its fields following the task; absent: none."),
    checkRun: z
      .object({
        conclusionOnErrors: z
          .enum(["failure", "neutral"])
          .default("failure")
          .describe("Conclusion of the check run when a document has errors."),
        conclusionOnWarnings: z
          .enum(["success", "neutral", "failure"])
          .default("success")
          .describe("Conclusion of the check run when the worst diagnostic is a warning."),
      })
      .prefault({}),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export const DEFAULT_CONFIG: Config = configSchema.parse({});

import type { Config } from "../config/schema.js";
import { normalizeItemText } from "../model/keys.js";
import { readIssueChecklist } from "../render/read-issue-checklist.js";
import { readIssueDescription } from "../render/read-issue-description.js";
import type { ContentPrint } from "./content-print.js";
import { issueTaskTitle } from "./issue-task-title.js";
import type { MirroredIssue } from "./types.js";
import { wordTokens } from "./word-tokens.js";

/**
 * The print of the task a mirrored issue shows: the title from its title (issue-task-title.ts),
 * the items of its generated checklist, the description of its generated block, and the title
 * its parent's issue shows (`parent`: the issue carrying the marker's parent key, null when the
 * marker names no parent; undefined when it names one no issue carries).
 */
export function issuePrint(issue: MirroredIssue, parent: MirroredIssue | null | undefined, config: Pick<Config, "title">): ContentPrint {
  const title = issueTaskTitle(issue, config);
  const parentTitle = parent === null ? null : parent === undefined ? "" : issueTaskTitle(parent, config);
  return {
    title: normalizeItemText(title),
    titleWords: wordTokens(title),
    items: new Set(readIssueChecklist(issue.body).map((item) => item.key)),
    descriptionWords: wordTokens(readIssueDescription(issue.body)),
    parentWords: parentTitle === null ? null : wordTokens(parentTitle),
  };
}

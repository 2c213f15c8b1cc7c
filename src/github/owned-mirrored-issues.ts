import type { MirroredIssue } from "../core/plan/types.js";
import { toMirroredIssue, type RestIssue } from "./to-mirrored-issue.js";

/**
 * The issues of a listing that are the app's mirrored issues, by number: those that carry a
 * marker AND that the app opened, checked here rather than by a `creator=` filter (GitHub
 * Enterprise Cloud has answered such a filter on a bot login with nothing: renovatebot/renovate
 * #44730, #12948). A marker pasted into a person's issue is text, never identity. The login is
 * compared exactly, as the issues handler compares it, so that both agree on what is the app's.
 */
export function ownedMirroredIssues(listed: readonly RestIssue[], botLogin: string): MirroredIssue[] {
  return listed
    .flatMap((issue) => (issue.user?.login === botLogin ? (toMirroredIssue(issue) ?? []) : []))
    .sort((a, b) => a.number - b.number);
}

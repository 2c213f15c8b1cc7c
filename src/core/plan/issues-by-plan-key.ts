import type { MirroredIssue, Operation } from "./types.js";

/**
 * The listed issue each key of a plan names: an issue by its marker's key (the oldest when two
 * carry one), and a rekeyed issue by its task's new key from its `rekey` operation — what the
 * applier's index holds once the rekeys are applied. A key the plan creates an issue for names
 * that new issue, not a listed one left with it (an issue the matching would not give it).
 */
export function issuesByPlanKey(issues: readonly MirroredIssue[], operations: readonly Operation[]): Map<string, MirroredIssue> {
  const byKey = new Map<string, MirroredIssue>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) if (!byKey.has(issue.marker.key)) byKey.set(issue.marker.key, issue);
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  for (const op of operations) {
    if (op.kind === "create") byKey.delete(op.key);
    const issue = op.kind === "rekey" ? byNumber.get(op.number) : undefined;
    if (issue && op.kind === "rekey") byKey.set(op.key, issue);
  }
  return byKey;
}

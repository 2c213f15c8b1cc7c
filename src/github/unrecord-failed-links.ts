import { parseMarker } from "../core/render/marker.js";
import { replaceMarker } from "../core/render/replace-marker.js";
import type { IssueIndex } from "./issue-index.js";
import { errorText, isFatal, statusOf } from "./request-errors.js";
import type { GitHubScope } from "./types.js";

/** Blocked-by links of one issue that the applier failed to add or to remove, by blocker key. */
export interface FailedLinks {
  added: Set<string>;
  removed: Set<string>;
}

/**
 * The marker records the blocked-by links taskmirror made, and it is written with the body
 * before the links are: a link whose request then failed must come out of the marker (and one
 * whose removal failed must go back in), or the next sync would believe it done and never try
 * again. One read and at most one write per issue with a failed link; nothing otherwise.
 */
export async function unrecordFailedLinks(
  scope: GitHubScope,
  failures: ReadonlyMap<string, FailedLinks>,
  index: IssueIndex,
): Promise<number> {
  let repaired = 0;
  for (const [key, failed] of failures) {
    const handle = index.get(key);
    if (!handle) continue;
    try {
      if (await unrecord(scope, handle.number, failed)) repaired += 1;
    } catch (error) {
      if (isFatal(error)) throw error;
      scope.log.error({ err: error, key, status: statusOf(error) }, `could not take failed blocked-by links out of the marker: ${errorText(error)}`);
    }
  }
  return repaired;
}

async function unrecord(scope: GitHubScope, number: number, failed: FailedLinks): Promise<boolean> {
  const { data } = await scope.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...scope.repo, issue_number: number });
  const body = data.body ?? "";
  const marker = parseMarker(body);
  if (!marker) return false;
  const recorded = (marker.blockedBy ?? []).filter((blocker) => !failed.added.has(blocker));
  const blockedBy = [...recorded, ...[...failed.removed].filter((blocker) => !recorded.includes(blocker))];
  const next = replaceMarker(body, { ...marker, blockedBy });
  if (next === body) return false;
  await scope.octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...scope.repo, issue_number: number, body: next });
  scope.log.warn({ issue: number, notLinked: [...failed.added], notUnlinked: [...failed.removed] }, "blocked-by links that failed are left for the next sync to try again");
  return true;
}

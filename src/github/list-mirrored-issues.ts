import type { MirroredIssue } from "../core/plan/types.js";
import { PAGE_SIZE_MAX } from "../core/limits.js";
import { toMirroredIssue, type RestIssue } from "./to-mirrored-issue.js";
import type { GitHubScope } from "./types.js";

/**
 * Every issue the app mirrors, open or closed, found by the marker in its body — never by
 * title or label: the app created each of them, so listing by creator cannot miss one whose
 * labels a person removed. When two issues carry the same key (a copy pasted by hand), the
 * oldest one stays the mirror.
 */
export async function listMirroredIssues({ octokit, repo, log }: GitHubScope, botLogin: string): Promise<MirroredIssue[]> {
  const listed = (await octokit.paginate("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    state: "all",
    creator: botLogin,
    per_page: PAGE_SIZE_MAX,
  })) as RestIssue[];
  const byKey = new Map<string, MirroredIssue>();
  for (const issue of listed) {
    const mirrored = toMirroredIssue(issue);
    if (!mirrored) continue;
    const kept = byKey.get(mirrored.marker.key);
    if (kept) {
      const [first, second] = kept.number < mirrored.number ? [kept, mirrored] : [mirrored, kept];
      log.warn({ key: first.marker.key, kept: first.number, ignored: second.number }, "two issues carry the same task key; the older one stays the mirror");
      byKey.set(first.marker.key, first);
    } else {
      byKey.set(mirrored.marker.key, mirrored);
    }
  }
  return [...byKey.values()].sort((a, b) => a.number - b.number);
}

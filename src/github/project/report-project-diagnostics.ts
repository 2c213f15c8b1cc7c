import { batchAnnotations } from "../../core/check/batch-annotations.js";
import { toAnnotation } from "../../core/check/to-annotations.js";
import { CHECK_RUN_TEXT_MAX } from "../../core/limits.js";
import type { Diagnostic } from "../../core/model/types.js";
import { cutText } from "../../core/render/cut-text.js";
import { CHECK_NAME } from "../report-invalid-config.js";
import type { GitHubScope } from "../types.js";
import { writeOnce } from "../write-once.js";

const TITLE = "The project could not hold everything the tasks say";

/**
 * A neutral `taskmirror` check run on the synced commit listing what the project lacks (a
 * field, an option): the issues were synced, so nothing failed, but someone has to add the
 * option or change the document. Once per commit: a resync of the same head writes nothing.
 */
export async function reportProjectDiagnostics(scope: GitHubScope, sha: string, diagnostics: readonly Diagnostic[]): Promise<boolean> {
  const { octokit, repo, log } = scope;
  const reported = async (): Promise<number | undefined> => {
    // `filter: "all"`: by default GitHub lists only the latest run of a name — the sync report's.
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...repo, ref: sha, check_name: CHECK_NAME, filter: "all" });
    const run = data.check_runs.find((candidate) => candidate.output.title === TITLE);
    return run === undefined ? undefined : Number(run.id);
  };
  if ((await reported()) !== undefined) return false;
  const summary = cutText(
    ["The issues were synced; the project's fields were set where it could hold the tasks' values.", "", ...diagnostics.map((d) => `- \`${d.path}\` line ${d.line}: ${d.message}`)].join("\n"),
    CHECK_RUN_TEXT_MAX,
  );
  const [first = [], ...rest] = batchAnnotations(diagnostics.map(toAnnotation));
  const runId = await writeOnce(log, {
    what: { checkRun: CHECK_NAME, sha },
    write: async () => {
      const { data: run } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
        ...repo,
        name: CHECK_NAME,
        head_sha: sha,
        status: "completed",
        conclusion: "neutral",
        output: { title: TITLE, summary, annotations: first },
        request: { retries: 0 },
      });
      return Number(run.id);
    },
    find: reported,
  });
  for (const annotations of rest) {
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...repo, check_run_id: runId, output: { title: TITLE, summary, annotations } });
  }
  return true;
}

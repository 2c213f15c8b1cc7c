import { batchAnnotations } from "../core/check/batch-annotations.js";
import { toAnnotation } from "../core/check/to-annotations.js";
import { CONFIG_PATH } from "../core/config/parse-config.js";
import { CHECK_RUN_TEXT_MAX } from "../core/limits.js";
import { cutText } from "../core/render/cut-text.js";
import type { Diagnostic } from "../core/model/types.js";
import type { GitHubScope } from "./types.js";
import { writeOnce } from "./write-once.js";

export const CHECK_NAME = "taskmirror";
const TITLE = "Invalid .github/taskmirror.yml: nothing was synced";

/**
 * A failed `taskmirror` check run on `sha` annotating the config file's own lines. The sync
 * does not fall back to the defaults (they could close every issue a custom `paths` selects),
 * so the person who pushed must see why nothing happened. A run already reported on the same
 * commit (a redelivered push) is not reported twice.
 */
export async function reportInvalidConfig(scope: GitHubScope, sha: string, diagnostics: Diagnostic[]): Promise<boolean> {
  const { octokit, repo, log } = scope;
  const reported = async (): Promise<number | undefined> => {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
      ...repo,
      ref: sha,
      check_name: CHECK_NAME,
      // Every run of the name, not only the latest: a commit can hold other taskmirror runs too.
      filter: "all",
    });
    const run = data.check_runs.find((candidate) => candidate.output.title === TITLE);
    return run === undefined ? undefined : Number(run.id);
  };
  if ((await reported()) !== undefined) return false;
  const summary = cutText(
    [
      `The configuration in \`${CONFIG_PATH}\` is not valid, so this push was not mirrored into issues.`,
      "Fix the problems annotated below and push again.",
      "",
      ...diagnostics.map((d) => `- line ${d.line}: ${d.message}`),
    ].join("\n"),
    CHECK_RUN_TEXT_MAX,
  );
  const batches = batchAnnotations(diagnostics.map(toAnnotation));
  const output = (annotations: typeof batches[number]) => ({ title: TITLE, summary, annotations });
  const [first = [], ...rest] = batches;
  // A lost answer is looked for as a redelivered push looks: by the run's title on the commit.
  const runId = await writeOnce(log, {
    what: { checkRun: CHECK_NAME, sha },
    write: async () => {
      const { data: run } = await octokit.request("POST /repos/{owner}/{repo}/check-runs", {
        ...repo,
        name: CHECK_NAME,
        head_sha: sha,
        status: "completed",
        conclusion: "failure",
        output: output(first),
        request: { retries: 0 },
      });
      return Number(run.id);
    },
    find: reported,
  });
  for (const annotations of rest) {
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...repo, check_run_id: runId, output: output(annotations) });
  }
  return true;
}

import { describe, expect, it } from "vitest";
import { toAnnotation } from "../../../src/core/check/to-annotations.js";
import { completeCheckRun } from "../../../src/github/check/complete-check-run.js";
import type { GitHubScope } from "../../../src/github/types.js";
import { diagnostic } from "../support/build.js";

interface Sent {
  route: string;
  params: { status?: string; conclusion?: string; output: { title: string; annotations?: unknown[] } };
}

/** Just enough of an Octokit to record the requests completeCheckRun makes. */
function recordingScope(): { scope: GitHubScope; sent: Sent[] } {
  const sent: Sent[] = [];
  const octokit = { request: async (route: string, params: Sent["params"]) => void sent.push({ route, params }) };
  return { scope: { octokit, log: {}, repo: { owner: "acme", repo: "widgets" } } as unknown as GitHubScope, sent };
}

const output = { title: "t", summary: "s" };
const annotations = (n: number) => Array.from({ length: n }, (_, i) => toAnnotation(diagnostic({ line: i + 1 })));

describe("completeCheckRun", () => {
  it.each([
    [0, [0]],
    [1, [1]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])("sends %i annotations as updates of %j and completes the run with the last one", async (n, sizes) => {
    const { scope, sent } = recordingScope();
    const updates = await completeCheckRun(scope, 7, { output, conclusion: "failure", annotations: annotations(n) });
    expect(updates).toBe(sizes.length);
    expect(sent.map((s) => s.route)).toEqual(sizes.map(() => "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"));
    expect(sent.map((s) => s.params.output.annotations?.length ?? 0)).toEqual(sizes);
    expect(sent.map((s) => [s.params.status, s.params.conclusion])).toEqual(
      sizes.map((_, i) => (i === sizes.length - 1 ? ["completed", "failure"] : [undefined, undefined])),
    );
    expect(sent.every((s) => s.params.output.title === "t")).toBe(true);
  });
});

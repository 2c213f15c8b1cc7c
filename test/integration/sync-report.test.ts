import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specKit } from "../support/task-texts.js";
import { startAppHarness, type AppHarness } from "./app-harness.js";

const OWNER = "acme";
const REPO = "widgets";
const DOC = "specs/001-widgets/tasks.md";

/** Every sync of the default branch completes a `taskmirror` run on the commit it synced. */
describe("the sync report", () => {
  let app: AppHarness;
  const repo = () => app.fake.snapshot().repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const runsOn = (sha: string) => repo().check_runs.filter((run) => run.name === "taskmirror" && run.head_sha === sha);

  beforeAll(async () => {
    app = await startAppHarness();
    const text = `${specKit(["Set up", "Parse", "Ship"])}- [ ] T002 Parse twice\n`;
    await app.fake.createRepo({ owner: OWNER, name: REPO, files: { [DOC]: text } });
    await app.fake.installApp({ owner: OWNER, repos: [REPO] });
    await app.settle();
  });
  afterAll(async () => {
    expect(app.fake.violations()).toEqual([]);
    await app.close();
  });

  it("says what the first sync did, links the issues and annotates the documents' problems", async () => {
    const runs = repo().check_runs.filter((run) => run.name === "taskmirror");
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect({ status: run!.status, conclusion: run!.conclusion, title: run!.title }).toMatchInlineSnapshot(`
      {
        "conclusion": "failure",
        "status": "completed",
        "title": "Issues: 2 created",
      }
    `);
    expect(run!.summary!.replace(/http:\/\/127\.0\.0\.1:\d+/g, "SERVER")).toMatchInlineSnapshot(`
      "1 task document, 4 tasks.

      | Change | Count | Issues |
      | --- | --- | --- |
      | Created | 2 | [#1](SERVER/acme/widgets/issues/1), [#2](SERVER/acme/widgets/issues/2) |

      **1 error** in the documents (annotated on their lines)."
    `);
    expect(run!.annotations.map((a) => (a as { title: string }).title)).toEqual(["duplicate-key"]);
  });

  it("completes a run on every pushed commit, saying what the push changed", async () => {
    const sha = await app.fake.push({ owner: OWNER, repo: REPO, files: { [DOC]: `${specKit(["Set up", "Parse", "Ship"], 1, new Set(["Set up"]))}- [ ] T002 Parse twice\n` } });
    await app.settle();
    const runs = runsOn(sha);
    expect(runs.map((run) => ({ status: run.status, conclusion: run.conclusion, title: run.title }))).toMatchInlineSnapshot(`
      [
        {
          "conclusion": "failure",
          "status": "completed",
          "title": "Issues: 1 updated, 1 closed",
        },
      ]
    `);
  });

  it("offers Resync: a person who may write gets a fresh sync and its report; anyone else gets nothing", async () => {
    const [pushed] = repo().check_runs.filter((run) => run.name === "taskmirror").slice(-1);
    await app.fake.setPermission(OWNER, REPO, "alice", "write");
    await app.fake.setPermission(OWNER, REPO, "visitor", "read");

    await app.fake.pressCheckRunAction({ owner: OWNER, repo: REPO, checkRunId: pushed!.id, identifier: "resync", sender: "visitor" });
    await app.settle();
    expect(runsOn(pushed!.head_sha)).toHaveLength(1);
    expect(app.logs.some((entry) => entry.msg === "resync refused: visitor cannot write to the repository")).toBe(true);

    await app.fake.pressCheckRunAction({ owner: OWNER, repo: REPO, checkRunId: pushed!.id, identifier: "resync", sender: "alice" });
    await app.settle();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await app.settle();
    const runs = runsOn(pushed!.head_sha);
    expect(runs).toHaveLength(2);
    expect({ status: runs[1]!.status, title: runs[1]!.title }).toEqual({ status: "completed", title: "Issues in step with the documents: nothing to change" });
  });
});

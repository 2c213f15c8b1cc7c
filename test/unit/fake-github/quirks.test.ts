import { describe, expect, it } from "vitest";
import { useHarness } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

describe("quirks", () => {
  it("creatorFilterIgnoresBots: creator=<bot login> finds nothing while the bot's issues exist (renovate #44730, #12948)", async () => {
    await h.octokit.issues.create({ ...repo, title: "TASK-1: mirrored", labels: ["taskmirror"] });
    await h.fake.createIssue({ ...repo, title: "by hand", sender: "alice" });
    const byBot = { ...repo, state: "all" as const, creator: "taskmirror[bot]" };
    // Without the quirk the filter works as documented.
    expect((await h.octokit.issues.listForRepo(byBot)).data.map((issue) => issue.title)).toEqual(["TASK-1: mirrored"]);

    h.fake.setQuirks({ creatorFilterIgnoresBots: true });
    expect((await h.octokit.issues.listForRepo(byBot)).data).toEqual([]);
    // The issues are there: unfiltered, by label, and by a person's login.
    expect((await h.octokit.issues.listForRepo({ ...repo, state: "all" })).data.map((issue) => issue.title)).toEqual(["by hand", "TASK-1: mirrored"]);
    expect((await h.octokit.issues.listForRepo({ ...repo, state: "all", labels: "taskmirror" })).data.map((issue) => issue.user?.login)).toEqual(["taskmirror[bot]"]);
    expect((await h.octokit.issues.listForRepo({ ...repo, state: "all", creator: "alice" })).data.map((issue) => issue.title)).toEqual(["by hand"]);

    await h.restart({ quirks: { creatorFilterIgnoresBots: true } });
    await h.octokit.issues.create({ ...repo, title: "TASK-2" });
    expect((await h.octokit.issues.listForRepo(byBot)).data).toEqual([]);
    expect((await h.octokit.issues.get({ ...repo, issue_number: 1 })).data.title).toBe("TASK-2");
  });
});

import { describe, expect, it } from "vitest";
import { toMirroredIssue, type RestIssue } from "../../../src/github/to-mirrored-issue.js";

const marker = '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"docs/tasks/TASKS.md","done":false,"items":["write tests"],"parent":"TASK-000","blockedBy":["TASK-009"]} -->';

function restIssue(overrides: Partial<RestIssue> = {}): RestIssue {
  return {
    id: 9001,
    number: 12,
    title: "TASK-001: Set up",
    body: `<!-- taskmirror:begin -->\nbody\n<!-- taskmirror:end -->\n${marker}\n`,
    state: "open",
    state_reason: null,
    labels: [{ name: "taskmirror" }, "priority: P1"],
    assignees: [{ login: "octocat" }],
    milestone: null,
    parent_issue_url: "https://api.github.com/repos/o/r/issues/3",
    ...overrides,
  };
}

describe("toMirroredIssue", () => {
  it("maps the REST fields and the marker", () => {
    expect(toMirroredIssue(restIssue())).toEqual({
      number: 12,
      id: 9001,
      title: "TASK-001: Set up",
      body: `<!-- taskmirror:begin -->\nbody\n<!-- taskmirror:end -->\n${marker}\n`,
      state: "open",
      stateReason: null,
      labels: ["taskmirror", "priority: P1"],
      assignees: ["octocat"],
      milestone: null,
      parentNumber: 3,
      marker: {
        v: 1,
        key: "TASK-001",
        path: "docs/tasks/TASKS.md",
        done: false,
        items: { "write tests": true },
        parent: "TASK-000",
        blockedBy: ["TASK-009"],
      },
    });
  });

  it("keeps the node id GraphQL mutations take, when the listing has one", () => {
    expect(toMirroredIssue(restIssue({ node_id: "I_kwDOA" }))?.nodeId).toBe("I_kwDOA");
    expect(toMirroredIssue(restIssue())).not.toHaveProperty("nodeId");
  });

  it("reads closed state, reason, milestone and a missing parent", () => {
    const issue = toMirroredIssue(
      restIssue({ state: "closed", state_reason: "not_planned", milestone: { number: 4, title: "Sprint 2" }, parent_issue_url: null }),
    );
    expect([issue?.state, issue?.stateReason, issue?.milestone, issue?.parentNumber]).toEqual([
      "closed",
      "not_planned",
      { number: 4, title: "Sprint 2" },
      null,
    ]);
  });

  it("skips pull requests and issues without a marker", () => {
    expect(toMirroredIssue(restIssue({ pull_request: { url: "x" } }))).toBeNull();
    expect(toMirroredIssue(restIssue({ body: "A person's issue" }))).toBeNull();
    expect(toMirroredIssue(restIssue({ body: null }))).toBeNull();
  });
});

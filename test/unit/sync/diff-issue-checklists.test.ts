import { describe, expect, it } from "vitest";
import { diffIssueChecklists } from "../../../src/core/sync/diff-issue-checklists.js";

function body(lines: string[], { eol = "\n", before = "", after = "" } = {}): string {
  return [
    before,
    "<!-- taskmirror:begin -->",
    "**Key:** TASK-001",
    "<!-- taskmirror:checklist -->",
    ...lines,
    "<!-- taskmirror:end -->",
    '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"docs/TASK-001.md","done":false,"items":[]} -->',
    after,
  ].join(eol);
}

describe("diffIssueChecklists", () => {
  it("returns the items whose state changed, by key", () => {
    const from = body(["- [ ] Write the parser", "- [x] Wire the CLI", "- [ ] Ship it"]);
    const to = body(["- [x] Write the parser", "- [ ] Wire the CLI", "- [ ] Ship it"]);
    expect(diffIssueChecklists(from, to)).toEqual([
      { itemKey: "write the parser", checked: true },
      { itemKey: "wire the cli", checked: false },
    ]);
  });

  it("matches items by key, not position, when the body was reordered", () => {
    const from = body(["- [ ] One", "- [ ] Two", "- [x] Three"]);
    const to = body(["- [x] Three", "- [x] Two", "- [ ] One"]);
    expect(diffIssueChecklists(from, to)).toEqual([{ itemKey: "two", checked: true }]);
  });

  it("does not count items added or removed by hand as toggles", () => {
    const from = body(["- [ ] One", "- [ ] Two"]);
    const to = body(["- [ ] One", "- [x] Added by a person"]);
    expect(diffIssueChecklists(from, to)).toEqual([]);
  });

  it("keys repeated items by occurrence", () => {
    const from = body(["### Backend", "- [ ] Tests", "### Frontend", "- [ ] Tests"]);
    const to = body(["### Backend", "- [ ] Tests", "### Frontend", "- [X] Tests"]);
    expect(diffIssueChecklists(from, to)).toEqual([{ itemKey: "tests#2", checked: true }]);
  });

  it("reads bodies that came back from the web UI with CRLF line endings", () => {
    const from = body(["- [ ] One", "- [ ] Two"]);
    const to = body(["- [ ] One", "- [x] Two"], { eol: "\r\n" });
    expect(diffIssueChecklists(from, to)).toEqual([{ itemKey: "two", checked: true }]);
  });

  it("ignores boxes a person wrote outside the generated block", () => {
    const from = body(["- [ ] One"], { before: "- [ ] mine", after: "- [ ] also mine" });
    const to = body(["- [ ] One"], { before: "- [x] mine", after: "- [x] also mine" });
    expect(diffIssueChecklists(from, to)).toEqual([]);
  });

  it("finds nothing in bodies without a generated block", () => {
    expect(diffIssueChecklists("- [ ] a", "- [x] a")).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { revertIssueToggles } from "../../../src/core/sync/revert-issue-toggles.js";

const body = [
  "Notes a person wrote",
  "<!-- taskmirror:begin -->",
  "<!-- taskmirror:checklist -->",
  "- [x] One",
  "- [X] Two",
  "- [ ] Three",
  "<!-- taskmirror:end -->",
  '<!-- taskmirror:state {"v":1,"key":"T","path":"a.md","done":false,"items":[]} -->',
].join("\r\n");

describe("revertIssueToggles", () => {
  it("flips back exactly the boxes that still show the toggle, keeping every other byte", () => {
    const result = revertIssueToggles(body, [
      { itemKey: "one", checked: true },
      { itemKey: "two", checked: true },
      { itemKey: "three", checked: true },
      { itemKey: "four", checked: true },
    ]);
    expect(result.body).toBe(body.replace("- [x] One", "- [ ] One").replace("- [X] Two", "- [ ] Two"));
    expect(result.reverted).toEqual([
      { itemKey: "one", checked: true },
      { itemKey: "two", checked: true },
    ]);
  });

  it("returns the same body when nothing is left to undo", () => {
    expect(revertIssueToggles(body, [{ itemKey: "three", checked: true }])).toEqual({ body, reverted: [] });
  });
});

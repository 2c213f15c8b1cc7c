import { describe, expect, it } from "vitest";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";

const body = [
  "- [x] a box a person wrote above the block",
  "<!-- taskmirror:begin -->",
  "`TASK-001` · **Status:** todo",
  "",
  "Description with a box in code:",
  "",
  "```",
  "- [ ] not an item",
  "```",
  "- [ ] looks like an item but sits in the description",
  "",
  "<!-- taskmirror:checklist -->",
  "- [x] Write **tests**",
  "### Release",
  "- [ ] Deploy",
  "- [X] Deploy",
  "* [ ] Star bullet",
  "",
  "**Depends on:** #3",
  "<!-- taskmirror:end -->",
  '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"t.md","done":false,"items":[]} -->',
  "- [ ] a box a person wrote below",
].join("\n");

describe("readIssueChecklist", () => {
  it("reads the generated checklist only, with sections, keys by text, repeats numbered", () => {
    expect(readIssueChecklist(body)).toEqual([
      { key: "write tests", text: "Write **tests**", checked: true, offset: body.indexOf("- [x] Write") + 3 },
      { key: "deploy", text: "Deploy", checked: false, offset: body.indexOf("- [ ] Deploy") + 3, section: "Release" },
      { key: "deploy#2", text: "Deploy", checked: true, offset: body.indexOf("- [X] Deploy") + 3, section: "Release" },
      { key: "star bullet", text: "Star bullet", checked: false, offset: body.indexOf("* [ ] Star") + 3, section: "Release" },
    ]);
  });

  it("reads a body the web UI saved with CRLF, with offsets into that body", () => {
    const crlf = body.replace(/\n/g, "\r\n");
    const items = readIssueChecklist(crlf);
    expect(items.map((item) => [item.key, item.checked, item.section])).toEqual([
      ["write tests", true, undefined],
      ["deploy", false, "Release"],
      ["deploy#2", true, "Release"],
      ["star bullet", false, "Release"],
    ]);
    expect(items.map((item) => crlf.charAt(item.offset))).toEqual(["x", " ", "X", " "]);
  });

  it("finds nothing in a body without a block, or a block without a checklist", () => {
    expect(readIssueChecklist("- [ ] just a person's list")).toEqual([]);
    expect(readIssueChecklist("<!-- taskmirror:begin -->\n- [ ] x\n<!-- taskmirror:end -->")).toEqual([]);
    expect(readIssueChecklist("<!-- taskmirror:begin -->\n- [ ] x\n<!-- taskmirror:checklist -->")).toEqual([]);
    expect(readIssueChecklist("")).toEqual([]);
  });

  it("ignores a checklist comment that only appears after the block", () => {
    const after = "<!-- taskmirror:begin -->\nx\n<!-- taskmirror:end -->\n<!-- taskmirror:checklist -->\n- [ ] y";
    expect(readIssueChecklist(after)).toEqual([]);
  });

  it("reads an empty item and one at the very end of the body", () => {
    const tail = "<!-- taskmirror:begin -->\n<!-- taskmirror:checklist -->\n- [ ]\n- [x] last\n<!-- taskmirror:end -->";
    expect(readIssueChecklist(tail).map((item) => [item.key, item.text, item.checked])).toEqual([
      ["", "", false],
      ["last", "last", true],
    ]);
  });
});

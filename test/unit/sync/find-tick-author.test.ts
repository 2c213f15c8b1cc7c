import { describe, expect, it } from "vitest";
import { findTickAuthor, type BodyVersion } from "../../../src/core/sync/find-tick-author.js";

function body(lines: string[]): string {
  return [
    "<!-- taskmirror:begin -->",
    "**Key:** TASK-001",
    "<!-- taskmirror:checklist -->",
    ...lines,
    "<!-- taskmirror:end -->",
    '<!-- taskmirror:state {"v":1,"key":"TASK-001","path":"docs/TASK-001.md","done":false,"items":[]} -->',
  ].join("\n");
}

const v = (editor: string | null, a: " " | "x", b: " " | "x" = " "): BodyVersion => ({ editor, body: body([`- [${a}] One`, `- [${b}] Two`]) });
const ticked = { itemKey: "one", checked: true };

describe("findTickAuthor (edit history newest first)", () => {
  it("names the person whose edit set the item, past later edits that kept it", () => {
    // Created by the app, ticked by alice, then bob and the app edited other things.
    const history = [v("taskmirror", "x", "x"), v("bob", "x", "x"), v("alice", "x"), v("taskmirror", " ")];
    expect(findTickAuthor(history, ticked)).toBe("alice");
    expect(findTickAuthor(history, { itemKey: "two", checked: true })).toBe("bob");
  });

  it("takes the newest run: ticked, unticked, ticked again by someone else", () => {
    const history = [v("carol", "x"), v("bob", " "), v("alice", "x"), v("taskmirror", " ")];
    expect(findTickAuthor(history, ticked)).toBe("carol");
    expect(findTickAuthor(history, { itemKey: "one", checked: false })).toBeNull();
  });

  it("is null when the history cannot show it", () => {
    expect(findTickAuthor([], ticked)).toBeNull();
    // The state goes back to the oldest version read: created so, or the history was cut.
    expect(findTickAuthor([v("alice", "x"), v("taskmirror", "x")], ticked)).toBeNull();
    // An unknown item, and a deleted account (no editor).
    expect(findTickAuthor([v("alice", "x"), v("taskmirror", " ")], { itemKey: "three", checked: true })).toBeNull();
    expect(findTickAuthor([v(null, "x"), v("taskmirror", " ")], ticked)).toBeNull();
  });
});

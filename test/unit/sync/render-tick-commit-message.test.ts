import { describe, expect, it } from "vitest";
import type { Document, Item, Task } from "../../../src/core/model/types.js";
import { renderTickCommitMessage } from "../../../src/core/sync/render-tick-commit-message.js";
import type { FileToggle } from "../../../src/core/sync/types.js";

function item(key: string, text: string): Item {
  return { key, text, checked: false, line: 1, column: 1, offset: 0 };
}

function task(key: string, checklist: Item[]): Task {
  return { key, title: key, line: 1, endLine: 1, fields: {}, rawFields: {}, dependsOn: [], labels: [], description: "", checklist };
}

const document: Document = {
  path: "docs/tasks.md",
  format: "task-headings",
  frontMatter: {},
  tasks: [
    task("TASK-001", [item("write the parser", "Write the **parser**"), item("wire the cli", "Wire the CLI")]),
    task("docs/tasks.md#T002", [item("ship it", "Ship it")]),
  ],
  checklist: [],
  diagnostics: [],
  bom: false,
  eol: "\n",
};

const mona = { login: "mona", id: 583231 };
const hubot = { login: "hubot", id: 42 };

describe("renderTickCommitMessage", () => {
  it("names the task and the issue and credits each person once", () => {
    const toggles: FileToggle[] = [
      { taskKey: "TASK-001", itemKey: "write the parser", checked: true, issue: 12, by: mona },
      { taskKey: "TASK-001", itemKey: "wire the cli", checked: true, issue: 12, by: mona },
    ];
    expect(renderTickCommitMessage(document, toggles)).toBe(
      [
        "Tick 2 items of TASK-001 (#12)",
        "",
        "- [x] Write the **parser**",
        "- [x] Wire the CLI",
        "",
        "Co-authored-by: mona <583231+mona@users.noreply.github.com>",
      ].join("\n"),
    );
  });

  it("says untick, update and done, and lists tasks of several issues", () => {
    const one = renderTickCommitMessage(document, [{ taskKey: "TASK-001", itemKey: "wire the cli", checked: false, issue: 12, by: mona }]);
    expect(one.split("\n")[0]).toBe("Untick 1 item of TASK-001 (#12)");

    const mixed = renderTickCommitMessage(document, [
      { taskKey: "TASK-001", itemKey: "wire the cli", checked: false, issue: 12, by: mona },
      { taskKey: "docs/tasks.md#T002", itemKey: "ship it", checked: true, issue: 9, by: hubot },
    ]);
    expect(mixed).toBe(
      [
        "Update 2 items in docs/tasks.md (#9, #12)",
        "",
        "- [ ] TASK-001: Wire the CLI",
        "- [x] T002: Ship it",
        "",
        "Co-authored-by: mona <583231+mona@users.noreply.github.com>",
        "Co-authored-by: hubot <42+hubot@users.noreply.github.com>",
      ].join("\n"),
    );

    expect(renderTickCommitMessage(document, [{ taskKey: "docs/tasks.md#T002", itemKey: "", checked: true, issue: 9, by: hubot }])).toBe(
      ["Mark T002 done (#9)", "", "- done", "", "Co-authored-by: hubot <42+hubot@users.noreply.github.com>"].join("\n"),
    );
    expect(renderTickCommitMessage(document, [{ taskKey: "TASK-001", itemKey: "", checked: false, issue: 12 }])).toBe(
      ["Reopen TASK-001 (#12)", "", "- reopened"].join("\n"),
    );
  });
});

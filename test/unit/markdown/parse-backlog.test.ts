import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { parseFrontMatter } from "../../../src/core/markdown/parse-front-matter.js";
import { assignItemKeys } from "../../../src/core/model/keys.js";
import { readIssueChecklist } from "../../../src/core/render/read-issue-checklist.js";
import { renderBody } from "../../../src/core/render/render-body.js";
import { expectEveryBoxOnce } from "./accounted.js";

/** A Backlog.md task file as `backlog task create` writes it (fields and sections of its parser.ts). */
function backlogTask(front: string[], body: string[] = []): string {
  return ["---", ...front, "---", "", ...body].join("\n");
}

describe("parseDocument: Backlog.md task files", () => {
  const text = backlogTask(
    [
      "id: task-12.1",
      "title: Wire the parser",
      "status: In Progress",
      "assignee:",
      "  - '@octocat'",
      "reporter: '@hubot'",
      "created_date: '2025-06-04 10:00'",
      "labels: [cli, parser]",
      "milestone: M1 - CLI",
      "dependencies: [task-11]",
      "parent_task_id: task-12",
      "priority: high",
      "ordinal: 2000",
    ],
    [
      "## Description",
      "",
      "<!-- SECTION:DESCRIPTION:BEGIN -->",
      "Read task files.",
      "<!-- SECTION:DESCRIPTION:END -->",
      "",
      "## Acceptance Criteria",
      "<!-- AC:BEGIN -->",
      "- [x] #1 Reads front matter",
      "- [ ] #2 Reads the sections",
      "<!-- AC:END -->",
      "",
      "## Implementation Plan",
      "",
      "<!-- SECTION:PLAN:BEGIN -->",
      "1. Parse",
      "<!-- SECTION:PLAN:END -->",
      "",
      "## Definition of Done",
      "<!-- DOD:BEGIN -->",
      "- [ ] #1 Tests pass",
      "<!-- DOD:END -->",
      "",
    ],
  );
  const parsed = parseDocument("backlog/tasks/task-12.1 - Wire-the-parser.md", text);

  it("reads the title, every field, the parent and the dependencies from the front matter", () => {
    expect(parsed.format).toBe("front-matter");
    const [task] = parsed.tasks;
    expect({ key: task?.key, title: task?.title, parent: task?.parentKey, fields: task?.fields, dependsOn: task?.dependsOn, labels: task?.labels }).toEqual({
      key: "task-12.1",
      title: "Wire the parser",
      parent: "task-12",
      fields: { status: "in progress", priority: "P1", assignees: ["octocat"] },
      dependsOn: ["task-11"],
      labels: ["cli", "parser"],
    });
    expect(Object.fromEntries(Object.entries(task?.rawFields ?? {}).map(([key, field]) => [key, field.value]))).toEqual({
      id: "task-12.1",
      title: "Wire the parser",
      status: "In Progress",
      assignee: "@octocat",
      reporter: "@hubot",
      created_date: "2025-06-04 10:00",
      labels: "cli, parser",
      milestone: "M1 - CLI",
      dependencies: "task-11",
      parent: "task-12",
      priority: "high",
      ordinal: "2000",
    });
  });

  it("makes the acceptance criteria and the definition of done the checklist, without Backlog.md's `#1` numbers", () => {
    expect(parsed.tasks[0]?.checklist.map((item) => [item.key, item.text, item.checked, item.section])).toEqual([
      ["reads front matter", "Reads front matter", true, "Acceptance Criteria"],
      ["reads the sections", "Reads the sections", false, "Acceptance Criteria"],
      ["tests pass", "Tests pass", false, "Definition of Done"],
    ]);
    expect(parsed.tasks[0]?.description).toBe("## Description\n\nRead task files.\n\n## Implementation Plan\n\n1. Parse");
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("keeps each criterion's key when Backlog.md renumbers the criteria (one removed)", () => {
    const renumbered = text.replace("- [x] #1 Reads front matter\n- [ ] #2 Reads the sections", "- [ ] #1 Reads the sections");
    expect(parseDocument("backlog/tasks/t.md", renumbered).tasks[0]?.checklist.map((item) => item.key)).toEqual(["reads the sections", "tests pass"]);
  });

  it("renders the criteria into the issue without `#1` (no link to issue #1), keyed back to the same items", () => {
    const task = parsed.tasks[0];
    if (!task) throw new Error("no task");
    const body = renderBody({ task, path: "backlog/tasks/t.md", source: { serverUrl: "https://github.com", owner: "o", repo: "r", sha: "abc" }, done: false });
    expect(body).toContain("- [x] Reads front matter\n- [ ] Reads the sections");
    expect(body).not.toMatch(/\s#1\b/);
    expect(readIssueChecklist(body).map((item) => item.key)).toEqual(task.checklist.map((item) => item.key));
  });

  it("leaves `#1` in the text outside Backlog.md's markers (the old format, other documents)", () => {
    const legacy = backlogTask(["id: task-3", "title: Old", "status: To Do"], ["## Acceptance Criteria", "", "- [ ] #1 stays as written", ""]);
    expect(parseDocument("backlog/tasks/task-3 - Old.md", legacy).tasks[0]?.checklist.map((item) => item.text)).toEqual(["#1 stays as written"]);
    expect(assignItemKeys(["#1 stays as written"])).toEqual(["#1 stays as written"]);
  });

  it("reads a task in backlog/completed/ as done and one in backlog/archive/tasks/ as cancelled, whatever its status line says", () => {
    const open = backlogTask(["id: task-5", "title: Five", "status: In Progress"]);
    expect(parseDocument("backlog/completed/task-5 - Five.md", open).tasks[0]?.fields.status).toBe("done");
    expect(parseDocument(".backlog/completed/task-5 - Five.md", open).tasks[0]?.fields.status).toBe("done");
    expect(parseDocument("backlog/archive/tasks/task-5 - Five.md", open).tasks[0]?.fields.status).toBe("cancelled");
    expect(parseDocument("backlog/archive/tasks/task-5 - Five.md", open.replace("In Progress", "Done")).tasks[0]?.fields.status).toBe("done");
    expect(parseDocument("backlog/tasks/task-5 - Five.md", open).tasks[0]?.fields.status).toBe("in progress");
    expect(parseDocument("docs/completed/task-5 - Five.md", open).tasks[0]?.fields.status).toBe("in progress");
  });

  it("reads the BACK- prefix of a migrated Backlog.md the same way", () => {
    const migrated = parseDocument("backlog/tasks/back-12.1 - Wire-the-parser.md", text.replace("id: task-12.1", "id: BACK-12.1").replace("parent_task_id: task-12", "parent_task_id: BACK-12"));
    expect(migrated.tasks.map((task) => [task.key, task.parentKey])).toEqual([["BACK-12.1", "BACK-12"]]);
  });
});

describe("Backlog.md front matter that is not valid YAML", () => {
  it("reads `reporter: @name` and `assignee: [@a, @b]` as Backlog.md does, with a warning on the line", () => {
    const text = backlogTask(["id: task-7.1", "title: Detect remote status", "status: Done", "assignee: [@octocat, \"@hubot\"]", "reporter: @MrLesk", "parent_task_id: task-7"], ["- [x] works", ""]);
    const parsed = parseDocument(".backlog/tasks/task-7.1 - detect.md", text);
    expect(parsed.tasks.map((task) => [task.key, task.parentKey, task.fields])).toEqual([["task-7.1", "task-7", { status: "done", assignees: ["octocat", "hubot"] }]]);
    expect(parsed.tasks[0]?.rawFields.reporter).toEqual({ name: "reporter", value: "@MrLesk", line: 6, column: 11 });
    expect(parsed.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ["unquoted-at-sign", "warning", 5, 12],
      ["unquoted-at-sign", "warning", 6, 11],
    ]);
  });

  it("never reads valid YAML differently: a quoted login is a login, a `- @x` list entry stays an error", () => {
    expect(parseFrontMatter("", "reporter: '@a'\nassignee: []")).toEqual({ ok: true, data: { reporter: "@a", assignee: [] } });
    expect(parseFrontMatter("", "assignee:\n  - @a")).toMatchObject({ ok: false, bodyLine: 1 });
    expect(parseFrontMatter("", "owner: @a")).toMatchObject({ ok: false, bodyLine: 0 });
  });

  it("gives an invalid-front-matter error on the broken line, naming the task from the file name, and makes no task", () => {
    const text = backlogTask(["title: Fix: the parser", "status: To Do", "reporter: @octocat"], ["## Acceptance Criteria", "<!-- AC:BEGIN -->", "- [ ] #1 Something", "<!-- AC:END -->", ""]);
    const parsed = parseDocument("backlog/tasks/task-12 - Fix-the-parser.md", text);
    expect(parsed.tasks).toEqual([]);
    expect(parsed.diagnostics).toEqual([
      {
        code: "invalid-front-matter",
        severity: "error",
        path: "backlog/tasks/task-12 - Fix-the-parser.md",
        line: 2,
        column: 1,
        message:
          "front matter is not valid YAML: incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line; task task-12 is not read until this is fixed",
      },
    ]);
    // Its checkbox is still accounted for, as the document's own (nothing of it reaches an issue).
    expect(parsed.checklist.map((item) => [item.text, item.line])).toEqual([["#1 Something", 9]]);
    expectEveryBoxOnce(parsed, text);
  });

  it("names the task from its `id:` line when there is one, and reports what stays broken once the logins are read", () => {
    const parsed = parseDocument("x.md", backlogTask(["id: BACK-9", "reporter: @octocat", "status: To Do: now"]));
    expect(parsed.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["invalid-front-matter", 4, "front matter is not valid YAML: incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line; task BACK-9 is not read until this is fixed"],
    ]);
    // An unclosed bracket or quote is only noticed where the stream ends: the closing `---`.
    expect(parseDocument("x.md", backlogTask(["id: BACK-9", "title: [unclosed"])).diagnostics.map((d) => d.line)).toEqual([4]);
  });
});

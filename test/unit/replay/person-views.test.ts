import { describe, expect, it } from "vitest";
import { personViews } from "../../support/replay/person-views.js";
import type { History, HistoryStep } from "../../support/replay/types.js";

const NONE = { created: 0, closedCompleted: 0, closedNotPlanned: 0, reopened: 0 };
const step = (name: string, files: Record<string, string>, extra: Partial<HistoryStep> = {}): HistoryStep => ({ name, note: "", files, tasks: {}, moved: {}, ideal: NONE, ...extra });
const history = (...steps: HistoryStep[]): History => ({ name: "h", title: "h", source: "test", steps });
const byPerson = (view: { keyOfPerson: Map<string, string | null> }) => Object.fromEntries(view.keyOfPerson);

const PLAN = "specs/001/tasks.md";

describe("personViews", () => {
  it("keeps a task while its ref stays, and makes a new ref a new task", () => {
    const views = personViews(
      history(
        step("v1", { [PLAN]: "- [ ] T001 Set up\n- [ ] T002 Build\n" }),
        step("v2", { [PLAN]: "- [x] T001 Set up the repository\n- [ ] T002 Build\n- [ ] T003 Ship\n" }),
      ),
    );
    expect(byPerson(views[1]!)).toEqual({ [`${PLAN}#T001`]: `${PLAN}#T001`, [`${PLAN}#T002`]: `${PLAN}#T002`, [`${PLAN}#T003`]: `${PLAN}#T003` });
  });

  it("follows the step's `tasks` (renumbered tasks, a new task on an old id) and carries them on", () => {
    const views = personViews(
      history(
        step("v1", { [PLAN]: "- [ ] T001 Overview\n" }, { tasks: { [`${PLAN}#T001`]: "overview" } }),
        step("v2", { [PLAN]: "- [ ] T001 Red test\n- [ ] T002 Overview\n" }, { tasks: { [`${PLAN}#T001`]: "red-test", [`${PLAN}#T002`]: "overview" } }),
        step("v3", { [PLAN]: "- [ ] T001 Red test\n- [x] T002 Overview\n" }),
      ),
    );
    expect(Object.fromEntries(views[2]!.personOfKey)).toEqual({ [`${PLAN}#T001`]: "red-test", [`${PLAN}#T002`]: "overview" });
  });

  it("carries the tasks of a moved document by id, and counts a named task the reader does not read", () => {
    const views = personViews(
      history(
        step("v1", { "changes/x/tasks.md": "## 1. Group\n- [ ] 1.1 Item\n" }),
        step(
          "v2",
          { "changes/archive/x/tasks.md": "## 1. Group\n- [ ] 1.1 Item\n", [PLAN]: "- [?] T001 Started\n" },
          { moved: { "changes/archive/x/tasks.md": "changes/x/tasks.md" }, tasks: { [`${PLAN}#T001`]: `${PLAN}#T001` } },
        ),
      ),
    );
    expect(byPerson(views[1]!)).toEqual({
      "changes/x/tasks.md#1": "changes/archive/x/tasks.md#1",
      "changes/x/tasks.md#1.1": "changes/archive/x/tasks.md#1.1",
      [`${PLAN}#T001`]: null,
    });
  });

  it("refuses a history that makes one task two, or names a task that never was", () => {
    expect(() =>
      personViews(history(step("v1", { [PLAN]: "- [ ] T001 A\n- [ ] T002 B\n" }, { tasks: { [`${PLAN}#T002`]: `${PLAN}#T001` } }))),
    ).toThrow(/names no task of an earlier step/);
    expect(() =>
      personViews(history(step("v1", { [PLAN]: "- [ ] T001 A\n- [ ] T002 B\n" }), step("v2", { [PLAN]: "- [ ] T001 A\n- [ ] T002 B\n" }, { tasks: { [`${PLAN}#T002`]: `${PLAN}#T001` } }))),
    ).toThrow(/is two tasks at once/);
    expect(() => personViews(history(step("v1", { [PLAN]: "- [ ] T001 A\n" }), step("v2", { "b.tasks.md": "- [ ] T001 A\n" }, { moved: { "b.tasks.md": "a.tasks.md" } })))).toThrow(/held no task/);
  });
});

import { describe, expect, it } from "vitest";
import { IdentityLedger, type IssueEvent, type ObservedIssue } from "../../support/replay/identity-ledger.js";
import type { PersonView } from "../../support/replay/person-views.js";

const P = "specs/001/tasks.md";

/** A person view from `key → person` pairs; `null` keys are tasks the reader does not read. */
function view(entries: Array<[string | null, string]>): PersonView {
  return {
    personOfKey: new Map(entries.filter((entry): entry is [string, string] => entry[0] !== null)),
    keyOfPerson: new Map(entries.map(([key, person]) => [person, key])),
  };
}

function issue(number: number, key: string | null, title: string, state: "open" | "closed" = "open", stateReason: string | null = null): ObservedIssue {
  return { number, title, state, stateReason, generated: `${title}\n<!-- marker ${key} -->`, key, path: key === null ? null : P };
}

const opened = (number: number): IssueEvent => ({ action: "opened", number, stateReason: null, titleChanged: false });

describe("IdentityLedger", () => {
  it("calls a renumbering that moves tasks onto other issues what it is: losses and repurposed issues", () => {
    const ledger = new IdentityLedger();
    ledger.observe(view([[`${P}#T026`, "overview"], [`${P}#T027`, "specs"]]), [issue(26, `${P}#T026`, "T026: Overview"), issue(27, `${P}#T027`, "T027: SPECs")], [opened(26), opened(27)]);
    // A task inserted as T026: the app kept the keys, so it retitled #26 and #27 and created #28.
    const outcome = ledger.observe(
      view([[`${P}#T026`, "red-test"], [`${P}#T027`, "overview"], [`${P}#T028`, "specs"]]),
      [issue(26, `${P}#T026`, "T026: Write RED test"), issue(27, `${P}#T027`, "T027: Overview"), issue(28, `${P}#T028`, "T028: SPECs")],
      [
        { action: "edited", number: 26, stateReason: null, titleChanged: true },
        { action: "edited", number: 27, stateReason: null, titleChanged: true },
        opened(28),
      ],
    );
    expect(outcome).toEqual({
      created: 1,
      closedCompleted: 0,
      closedNotPlanned: 0,
      reopened: 0,
      retitled: 2,
      losses: ["overview: #26 → #27", "specs: #27 → #28"],
      repurposed: ["#26: overview → red-test", "#27: specs → overview"],
      duplicates: [],
      unmirrored: [],
    });
  });

  it("finds nothing wrong when the issue follows its task under a new key", () => {
    const ledger = new IdentityLedger();
    ledger.observe(view([["changes/x/tasks.md#1.1", "a"]]), [issue(1, "changes/x/tasks.md#1.1", "1.1: A")], [opened(1)]);
    const outcome = ledger.observe(view([["changes/archive/x/tasks.md#1.1", "a"]]), [issue(1, "changes/archive/x/tasks.md#1.1", "1.1: A")], []);
    expect([outcome.losses, outcome.repurposed, outcome.duplicates, outcome.unmirrored]).toEqual([[], [], [], []]);
  });

  it("counts a task moved onto a new issue as lost, and its old issue as still describing it", () => {
    const ledger = new IdentityLedger();
    ledger.observe(view([["old.md#1", "a"]]), [issue(1, "old.md#1", "1: A")], [opened(1)]);
    const moved = ledger.observe(
      view([["new.md#1", "a"]]),
      [issue(1, "old.md#1", "1: A", "closed", "not_planned"), issue(2, "new.md#1", "1: A")],
      [{ action: "closed", number: 1, stateReason: "not_planned", titleChanged: false }, opened(2)],
    );
    expect(moved).toMatchObject({ created: 1, closedNotPlanned: 1, losses: ["a: #1 → #2"], repurposed: [], duplicates: [] });
    // Had the old issue stayed open, the task would have two open issues.
    const both = new IdentityLedger();
    both.observe(view([["old.md#1", "a"]]), [issue(1, "old.md#1", "1: A")], []);
    expect(both.observe(view([["new.md#1", "a"]]), [issue(1, "old.md#1", "1: A"), issue(2, "new.md#1", "1: A")], []).duplicates).toEqual(["a: #1, #2"]);
  });

  it("keeps a removed task's issue as its own, so adding the task back on that issue is no loss", () => {
    const ledger = new IdentityLedger();
    ledger.observe(view([["t.md#TASK-1", "a"]]), [issue(1, "TASK-1", "TASK-1: A")], [opened(1)]);
    ledger.observe(view([]), [issue(1, "TASK-1", "TASK-1: A", "closed", "not_planned")], []);
    const back = ledger.observe(view([["TASK-1", "a"]]), [issue(1, "TASK-1", "TASK-1: A")], [{ action: "reopened", number: 1, stateReason: null, titleChanged: false }]);
    expect(back).toMatchObject({ reopened: 1, losses: [], repurposed: [] });
    // Added back on a new issue instead, the gap does not hide the loss.
    const other = new IdentityLedger();
    other.observe(view([["TASK-1", "a"]]), [issue(1, "TASK-1", "TASK-1: A")], []);
    other.observe(view([]), [issue(1, "TASK-1", "TASK-1: A", "closed", "not_planned")], []);
    expect(other.observe(view([["TASK-1", "a"]]), [issue(1, "TASK-1", "TASK-1: A", "closed", "not_planned"), issue(2, "TASK-1", "TASK-1: A")], []).losses).toEqual(["a: #1 → #2"]);
  });

  it("lists the tasks no issue mirrors: unread, or read but without an issue", () => {
    const ledger = new IdentityLedger();
    const outcome = ledger.observe(view([[null, "in-progress"], ["TASK-2", "b"]]), [], []);
    expect(outcome.unmirrored).toEqual(["in-progress (not read)", "b (TASK-2: no issue)"]);
  });

  it("counts closes by reason, reopens and retitles from the webhooks", () => {
    const ledger = new IdentityLedger();
    const outcome = ledger.observe(view([]), [], [
      { action: "closed", number: 1, stateReason: "completed", titleChanged: false },
      { action: "closed", number: 2, stateReason: "not_planned", titleChanged: false },
      { action: "reopened", number: 2, stateReason: null, titleChanged: false },
      { action: "edited", number: 3, stateReason: null, titleChanged: false },
      { action: "labeled", number: 3, stateReason: null, titleChanged: false },
    ]);
    expect([outcome.created, outcome.closedCompleted, outcome.closedNotPlanned, outcome.reopened, outcome.retitled]).toEqual([0, 1, 1, 1, 0]);
  });
});

import { describe, expect, it } from "vitest";
import { findPlaceholders } from "../../../src/core/validate/find-placeholders.js";

const found = (text: string) => findPlaceholders(text).map(({ index, text }) => [index, text]);

describe("findPlaceholders", () => {
  it.each([
    ["TASK-XXX", [[0, "TASK-XXX"]]],
    ["TASKS-NNN: [Descriptive Component/Feature Name]", [[0, "TASKS-NNN"], [11, "[Descriptive Component/Feature Name]"]]],
    ["Implements REQ-NNN and TASKS-YY", [[11, "REQ-NNN"], [23, "TASKS-YY"]]],
    ["task-xxx", [[0, "task-xxx"]]],
    ["XXX", [[0, "XXX"]]],
    ["p95 latency < XXXms", [[14, "XXX"]]],
    ["NNN", [[0, "NNN"]]],
    ["Ticket NNNN", [[7, "NNNN"]]],
    ["[Name]", [[0, "[Name]"]]],
    ["[NAME]", [[0, "[NAME]"]]],
    ["[DATE]", [[0, "[DATE]"]]],
    ["[FEATURE NAME]", [[0, "[FEATURE NAME]"]]],
    ["[Technical Task Title]", [[0, "[Technical Task Title]"]]],
    ["[P0-Critical | P1-High | P2-Medium | P3-Low]", [[0, "[P0-Critical | P1-High | P2-Medium | P3-Low]"]]],
    ["[To Do | In Progress | In Review | Done]", [[0, "[To Do | In Progress | In Review | Done]"]]],
    ["[1, 2, 3, 5]", [[0, "[1, 2, 3, 5]"]]],
    ["[YYYY-MM-DD]", [[0, "[YYYY-MM-DD]"]]],
    ["YYYY-MM-DD", [[0, "YYYY-MM-DD"]]],
    ["Due DD/MM/YYYY", [[4, "DD/MM/YYYY"]]],
    ["[X hours]", [[0, "[X hours]"]]],
    ["[Sprint X - Name]", [[0, "[Sprint X - Name]"]]],
    ["[STORY-XXX if applicable, or \"Standalone\"]", [[0, "[STORY-XXX if applicable, or \"Standalone\"]"]]],
    ["[in progress/completed]", [[0, "[in progress/completed]"]]],
    ["[Yes/No]", [[0, "[Yes/No]"]]],
    ["[XXX]", [[0, "[XXX]"]]],
    ["[Story]", [[0, "[Story]"]]],
  ])("finds the placeholder in %j", (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    "TBD",
    "[REQ-001](../REQ/REQ-001.md) covered",
    "see [the docs](https://example.com/[id]/YYYY-MM-DD)",
    "[x] and [ ] and [X]",
    "T001 [P] [US1] Create the model",
    "Fix login [WIP] [Backend]",
    "footnote[^1]",
    "reference [link text][ref]",
    "format dates as `YYYY-MM-DD` in `src/[id].ts`",
    "TASK-001 depends on TASK-006",
    "XXXL sizes, 12 NN",
    "Sprint 1 - Name",
    "2026-01-15",
    "array[1]",
    "Draft/Planned/In Progress",
  ])("finds nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("reports a placeholder inside a bracketed one once, as the bracketed whole", () => {
    expect(found("- [TASKS-NNN]: [Description of blocking task], Status: [in progress/completed]")).toEqual([
      [2, "[TASKS-NNN]"],
      [15, "[Description of blocking task]"],
      [55, "[in progress/completed]"],
    ]);
  });

  it("finds an id placeholder in link text but not in the link's destination", () => {
    expect(found("[REQ-NNN](../REQ/.../REQ-NNN.md) - Atomic requirements")).toEqual([[1, "REQ-NNN"]]);
  });
});

import { fixturePath } from "../../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import type { Document } from "../../../src/core/model/types.js";
import { expectEveryBoxOnce } from "./accounted.js";

const read = (name: string): { text: string; parsed: Document } => {
  const text = readFileSync(fixturePath("real", name), "utf8");
  return { text, parsed: parseDocument(`real/${name}`, text) };
};

describe("real task documents", () => {
  it("spec-kit: 31 tasks T001…T031 with phases, [P] and user stories", () => {
    const { text, parsed } = read("speckit-database-setup.tasks.md");
    expect(parsed.format).toBe("spec-kit");
    expect(parsed.tasks.map((task) => task.id)).toEqual(Array.from({ length: 31 }, (_, i) => `T${String(i + 1).padStart(3, "0")}`));
    expect(parsed.tasks.every((task) => task.checkbox?.checked === true)).toBe(true);
    expect(parsed.tasks.filter((task) => task.fields.parallel).map((task) => task.id)).toEqual(["T004", "T005", "T015", "T016", "T022"]);
    expect(parsed.tasks.find((task) => task.id === "T026")?.fields).toEqual({ phase: "6", story: "US3" });
    expect(parsed.tasks.find((task) => task.id === "T031")?.fields).toEqual({ phase: "7" });
    expect(parsed.diagnostics).toEqual([]);
    expectEveryBoxOnce(parsed, text);
  });

  it("Kiro: 55 numbered tasks (15 top-level), `[x]*` optional items are no boxes on GitHub and get a warning", () => {
    const { text, parsed } = read("kiro-weirdo-editor.tasks.md");
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks).toHaveLength(55);
    expect(parsed.tasks.filter((task) => task.parentKey === undefined).map((task) => task.id)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15", "14"]);
    expect(parsed.tasks.find((task) => task.id === "15.2")?.parentKey).toBe("real/kiro-weirdo-editor.tasks.md#15");
    expect(parsed.tasks.find((task) => task.id === "8.4")).toMatchObject({ checkbox: { checked: false }, rawFields: { requirements: { value: "4.9" } } });
    expect(parsed.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["malformed-checkbox", 92],
      ["malformed-checkbox", 182],
      ["malformed-checkbox", 205],
      ["malformed-checkbox", 329],
    ]);
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec: 7 groups with 25 numbered items", () => {
    const { text, parsed } = read("openspec-board-ui-polish.tasks.md");
    expect(parsed.format).toBe("openspec");
    expect(parsed.tasks.filter((task) => task.checkbox === undefined).map((task) => [task.id, task.title])).toEqual([
      ["1", "Tailwind CSS Setup"],
      ["2", "Dark Mode Fix"],
      ["3", "Board Layout"],
      ["4", "Task Card Styles"],
      ["5", "Metadata Badges"],
      ["6", "Card Detail Modal Styles"],
      ["7", "Verification"],
    ]);
    expect(parsed.tasks.filter((task) => task.checkbox !== undefined)).toHaveLength(25);
    expect(parsed.tasks.find((task) => task.id === "5.5")?.parentKey).toBe("real/openspec-board-ui-polish.tasks.md#5");
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec change written as a phase plan: 9 bold tasks with their detail bullets", () => {
    const { text, parsed } = read("openspec-card-advanced-metadata.tasks.md");
    expect(parsed.format).toBe("phase-plan");
    expect(parsed.tasks.map((task) => task.title)).toEqual([
      "Update Task Interface",
      "Create Card Detail Modal",
      "Update Card Component",
      "Update Store Actions",
      "Verify Description",
      "Verify Labels",
      "Verify Due Date",
      "Verify Priority",
      "Verify Persistence",
    ]);
    expect(parsed.tasks[2]?.description).toBe(
      [
        "- Add visual indicators for metadata:",
        "    - `LabelBadges`: Row of small colored dots/pills.",
        "    - `DueDateBadge`: Calendar icon + date text.",
        "    - `PriorityIcon`: Up/down arrow or colored border.",
        "    - `DescriptionIcon`: Lines icon if description exists.",
        "- Update click handler to open the modal instead of just selecting (or double click? Single click is standard for Kanban).",
      ].join("\n"),
    );
    expectEveryBoxOnce(parsed, text);
  });

  it("OpenSpec change with `Task N - …` items: 8 numbered tasks", () => {
    const { text, parsed } = read("openspec-dashboard-tabs.tasks.md");
    expect(parsed.format).toBe("numbered-checklist");
    expect(parsed.tasks.map((task) => task.key)).toEqual(Array.from({ length: 8 }, (_, i) => `real/openspec-dashboard-tabs.tasks.md#${i + 1}`));
    expect(parsed.tasks[0]?.description).toBe(
      "- Checkpoint: contract tests assert required tab headers exist.\n- Verification: `DashboardViewContractTests` contains tab header assertions.",
    );
    expectEveryBoxOnce(parsed, text);
  });

  it("Backlog.md front matter: BACK-367.03 under BACK-367, with its acceptance criteria as checklist", () => {
    const { text, parsed } = read("backlog-back-367.03.md");
    expect(parsed.format).toBe("front-matter");
    expect(parsed.tasks.map((task) => [task.key, task.parentKey, task.fields, task.dependsOn, task.labels, task.checklist.length])).toEqual([
      ["BACK-367.03", "BACK-367", { status: "done", priority: "P2", assignees: ["codex"] }, ["BACK-367"], ["web", "enhancement"], 6],
    ]);
    expect(parsed.tasks[0]?.checklist[0]).toMatchObject({ key: "#1 taskdetailsmodal displays final summary section after implementation notes", section: "Acceptance Criteria", checked: true });
    expect(parsed.tasks[0]?.description.startsWith("## Description\n\n### Scope\n\nIntegrate the `finalSummary` field")).toBe(true);
    expect(parsed.tasks[0]?.description).not.toContain("<!--");
    expectEveryBoxOnce(parsed, text);
  });

  it("TaskForge: a front-matter task titled by its `# TASK-001: …` heading", () => {
    const { text, parsed } = read("taskforge-TASK-001.md");
    expect(parsed.tasks.map((task) => [task.key, task.title, task.fields, task.checklist.map((item) => item.section)])).toEqual([
      ["TASK-001", "Initialize TaskForge workflow", { priority: "P1", type: "task" }, Array(7).fill("Acceptance Criteria")],
    ]);
    expect(parsed.tasks[0]?.rawFields.status?.value).toBe("Ready");
    expectEveryBoxOnce(parsed, text);
  });
});

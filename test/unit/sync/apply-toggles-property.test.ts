import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import type { Document } from "../../../src/core/model/types.js";
import { applyTogglesToText } from "../../../src/core/sync/apply-toggles-to-text.js";
import type { FileToggle } from "../../../src/core/sync/types.js";

const words = ["setup", "CI", "docs", "parser", "**bold** step", "`code` item", "Ünïcode ✓", "[link](https://x.y)", "tests", "ship"];
const box = fc.constantFrom(" ", "x", "X");
const bullet = fc.constantFrom("-", "*", "+");
const trailing = fc.constantFrom("", " ", "  ", "\t");
const item = (indent: string) =>
  fc.tuple(bullet, box, fc.constantFrom(...words), trailing).map(([b, c, w, t]) => `${indent}${b} [${c}] ${w}${t}`);
const noise = fc.constantFrom(
  "",
  "Some text with `[ ]` inline code.",
  "```\n- [ ] not a box in a fence\n```",
  "    - [ ] indented code, not a box",
  "<div>\n- [x] html block\n</div>",
  "> - [ ] quoted box",
  "| a | [ ] |\n| --- | --- |\n| b | [x] |",
);

const taskHeadings = fc
  .array(
    fc.tuple(
      fc.integer({ min: 1, max: 99 }),
      fc.option(fc.constantFrom("In Progress", "Todo", "Done"), { nil: undefined }),
      fc.array(fc.oneof(item(""), item("  ")), { maxLength: 5 }),
      noise,
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((tasks) =>
    ["# Plan", ""].concat(
      ...tasks.map(([n, status, items, extra], index) => [
        `### TASK-${String(n * 10 + index).padStart(3, "0")}: Task ${index}`,
        ...(status ? [`**Status**: ${status}  `] : []),
        "",
        ...items,
        "",
        extra,
        "",
      ]),
    ),
  );

const numbered = fc
  .array(fc.tuple(box, fc.array(fc.tuple(box, fc.constantFrom(...words)), { maxLength: 3 }), noise), { minLength: 1, maxLength: 4 })
  .map((groups) =>
    ["# Tasks", ""].concat(
      ...groups.map(([own, children, extra], i) => [
        `- [${own}] ${i + 1}. Group ${i + 1}`,
        ...children.map(([c, w], j) => `  - [${c}] ${i + 1}.${j + 1} ${w}`),
        "",
        extra,
        "",
      ]),
    ),
  );

const specKit = fc
  .array(fc.tuple(box, fc.constantFrom(...words)), { minLength: 1, maxLength: 8 })
  .map((rows) => ["# Tasks", "", "## Phase 1: Setup", "", ...rows.map(([c, w], i) => `- [${c}] T${String(i + 1).padStart(3, "0")} ${w}`), ""]);

const checklist = fc.array(fc.oneof(item(""), noise), { maxLength: 10 }).map((lines) => ["# Notes", "", ...lines]);

const documentText = fc
  .tuple(fc.oneof(taskHeadings, numbered, specKit, checklist), fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.boolean())
  .map(([lines, eol, bom, finalEol]) => `${bom ? "\uFEFF" : ""}${lines.join("\n").split("\n").join(eol)}${finalEol ? eol : ""}`);

interface Box {
  taskKey: string;
  itemKey: string;
  offset: number;
  checked: boolean;
}

// Boxes of the tasks whose key is unique in the document: toggles for a key written twice are
// refused (reported missing), so those boxes must stay as they are.
function boxesOf(document: Document): Box[] {
  const seen = new Map<string, number>();
  for (const task of document.tasks) seen.set(task.key, (seen.get(task.key) ?? 0) + 1);
  return document.tasks.filter((task) => seen.get(task.key) === 1).flatMap((task) => [
    ...(task.checkbox ? [{ taskKey: task.key, itemKey: "", offset: task.checkbox.offset, checked: task.checkbox.checked }] : []),
    ...task.checklist.map((i) => ({ taskKey: task.key, itemKey: i.key, offset: i.offset, checked: i.checked })),
  ]);
}

describe("applyTogglesToText (property)", () => {
  it("changes nothing but the toggled box bytes, and leaves every box in the state asked for", () => {
    fc.assert(
      fc.property(
        documentText,
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 12 }),
        fc.array(fc.tuple(fc.constantFrom("gone", "TASK-999"), fc.boolean()), { maxLength: 2 }),
        (text, picks, strays) => {
          const document = parseDocument("docs/tasks.md", text);
          const boxes = boxesOf(document);
          const toggles: FileToggle[] = [];
          if (boxes.length > 0) {
            for (const [pick, checked] of picks) {
              const target = boxes[pick % boxes.length]!;
              toggles.push({ taskKey: target.taskKey, itemKey: target.itemKey, checked, issue: 1 });
            }
          }
          for (const [key, checked] of strays) toggles.push({ taskKey: key === "gone" ? (boxes[0]?.taskKey ?? "x") : key, itemKey: "gone", checked, issue: 1 });

          const edit = applyTogglesToText(text, document, toggles);
          expect(edit.text.length).toBe(text.length);

          const wanted = new Map<string, boolean>();
          for (const toggle of toggles) wanted.set(`${toggle.taskKey}\u0000${toggle.itemKey}`, toggle.checked);
          const flipped = new Set(
            boxes.filter((b) => wanted.has(`${b.taskKey}\u0000${b.itemKey}`) && wanted.get(`${b.taskKey}\u0000${b.itemKey}`) !== b.checked).map((b) => b.offset),
          );
          for (let i = 0; i < text.length; i += 1) {
            if (edit.text[i] === text[i]) continue;
            expect(flipped.has(i)).toBe(true);
            expect(" xX").toContain(text[i]);
            expect(" x").toContain(edit.text[i]);
          }

          const after = new Map(boxesOf(parseDocument("docs/tasks.md", edit.text)).map((b) => [`${b.taskKey}\u0000${b.itemKey}`, b.checked]));
          for (const b of boxes) {
            const id = `${b.taskKey}\u0000${b.itemKey}`;
            expect(after.get(id)).toBe(wanted.get(id) ?? b.checked);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { findCheckboxes } from "../../src/core/markdown/find-checkboxes.js";
import { parseDocument } from "../../src/core/markdown/parse-document.js";
import { readMarkdown } from "../../src/core/markdown/read-markdown.js";
import { CheckboxSpliceError, spliceCheckboxes, type CheckboxToggle } from "../../src/core/markdown/splice-checkboxes.js";
import type { Document } from "../../src/core/model/types.js";
import { applyTogglesToText } from "../../src/core/sync/apply-toggles-to-text.js";
import { DONE_ITEM_KEY, type FileToggle } from "../../src/core/sync/types.js";

/**
 * The properties the fuzzing checks, as functions that return what went wrong (empty: nothing),
 * so the short run in `npm test` and the long campaign in `npm run bench -- fuzz` check the same.
 */

/** Every box the model holds — tasks' own boxes, tasks' items, the document's items — by offset. */
function modelBoxes(document: Document): { offset: number; checked: boolean }[] {
  const boxes: { offset: number; checked: boolean }[] = [];
  for (const task of document.tasks) {
    if (task.checkbox) boxes.push({ offset: task.checkbox.offset, checked: task.checkbox.checked });
    for (const item of task.checklist) boxes.push({ offset: item.offset, checked: item.checked });
  }
  for (const item of document.checklist) boxes.push({ offset: item.offset, checked: item.checked });
  return boxes.sort((a, b) => a.offset - b.offset);
}

const show = (value: unknown) => JSON.stringify(value).slice(0, 300);

/**
 * parseDocument never throws, and (DESIGN §1) every checkbox GitHub renders is in the model
 * exactly once, each offset pointing between a `[` and a `]` that hold its state.
 */
export function parseProblems(text: string): string[] {
  let document: Document;
  try {
    document = parseDocument("docs/tasks/fuzz.tasks.md", text);
  } catch (error) {
    return [`parseDocument threw ${String(error)}`];
  }
  let found;
  try {
    found = findCheckboxes(text);
  } catch (error) {
    return [`findCheckboxes threw ${String(error)}`];
  }
  const problems: string[] = [];
  const inModel = modelBoxes(document);
  const expected = found.map(({ offset, checked }) => ({ offset, checked }));
  if (show(inModel) !== show(expected) || inModel.length !== expected.length) {
    problems.push(`model boxes ${show(inModel)} are not the document's boxes ${show(expected)}`);
  }
  for (const box of found) {
    const mark = text.charAt(box.offset);
    if (text.charAt(box.offset - 1) !== "[" || text.charAt(box.offset + 1) !== "]" || (box.checked ? !/^[xX]$/.test(mark) : mark !== " ")) {
      problems.push(`box at ${box.offset} (line ${box.line}) reads ${show(text.slice(box.offset - 1, box.offset + 2))} as checked=${box.checked}`);
    }
  }
  if (document.bom !== text.startsWith("\uFEFF")) problems.push(`bom ${document.bom} for a text that ${text.startsWith("\uFEFF") ? "has" : "has no"} BOM`);
  return problems;
}

export interface SpliceChoice {
  /** Index into the document's boxes (GitHub's and Kiro's state boxes), modulo their count. */
  pick: number;
  checked: boolean;
}

export const spliceChoices: fc.Arbitrary<SpliceChoice[]> = fc.array(fc.record({ pick: fc.nat(10_000), checked: fc.boolean() }), { maxLength: 12 });
/** Offsets anywhere (most of them not inside a box), and ones that are no index at all. */
export const strayOffsets: fc.Arbitrary<number[]> = fc.array(
  fc.oneof(fc.integer({ min: -3, max: 100_000 }), fc.constantFrom(Number.NaN, 0.5, Number.POSITIVE_INFINITY, -1)),
  { minLength: 1, maxLength: 4 },
);

/**
 * The splicer changes only the bytes of the boxes it was asked to flip — the text keeps its
 * length and differs from the original only at asked offsets, each holding the state asked — and
 * read again, the text has the same boxes, those asked in the state asked, the others as they
 * were (a Kiro `[-]`/`[~]` ticked becomes a ticked box). Offsets that do not point into a box
 * throw a CheckboxSpliceError and nothing else.
 */
export function spliceProblems(text: string, choices: readonly SpliceChoice[], stray: readonly number[]): string[] {
  const problems: string[] = [];
  let boxes;
  let states;
  try {
    boxes = findCheckboxes(text);
    states = readMarkdown(text).stateBoxes.map((box) => box.checkbox);
  } catch (error) {
    return [`reading the boxes threw ${String(error)}`];
  }
  const all = [...boxes.map((box) => ({ offset: box.offset, state: false })), ...states.map((box) => ({ offset: box.offset, state: true }))];
  const wanted = new Map<number, boolean>();
  const toggles: CheckboxToggle[] = [];
  if (all.length > 0) {
    for (const choice of choices) {
      const box = all[choice.pick % all.length]!;
      // Unticking a Kiro mark is not something the app asks (the mark already says "not done").
      const checked = box.state ? true : choice.checked;
      toggles.push({ offset: box.offset, checked });
      wanted.set(box.offset, checked);
    }
  }
  let result: string;
  try {
    result = spliceCheckboxes(text, toggles);
  } catch (error) {
    return [`spliceCheckboxes threw ${String(error)} for toggles ${show(toggles)}`];
  }
  if (result.length !== text.length) problems.push(`length ${text.length} became ${result.length}`);
  for (let i = 0; i < Math.max(text.length, result.length); i++) {
    if (result.charCodeAt(i) === text.charCodeAt(i)) continue;
    const asked = wanted.get(i);
    if (asked === undefined) problems.push(`byte ${i} changed (${show(text.charAt(i))} → ${show(result.charAt(i))}) without being asked`);
    else if (asked ? result.charAt(i) !== "x" : result.charAt(i) !== " ") problems.push(`box at ${i} became ${show(result.charAt(i))} for checked=${asked}`);
  }
  for (const [offset, checked] of wanted) {
    const mark = result.charAt(offset);
    if (checked ? mark !== "x" && mark !== "X" : mark !== " ") problems.push(`box at ${offset} holds ${show(mark)} after asking checked=${checked}`);
  }
  let after;
  try {
    after = findCheckboxes(result);
  } catch (error) {
    return [...problems, `findCheckboxes threw on the spliced text: ${String(error)}`];
  }
  const expected = new Map(boxes.map((box) => [box.offset, wanted.get(box.offset) ?? box.checked]));
  for (const box of states) if (wanted.get(box.offset) === true) expected.set(box.offset, true);
  const got = new Map(after.map((box) => [box.offset, box.checked]));
  const sorted = (map: Map<number, boolean>) => show([...map].sort((a, b) => a[0] - b[0]));
  if (sorted(got) !== sorted(expected)) problems.push(`boxes read after the splice ${sorted(got)} are not those expected ${sorted(expected)}`);

  for (const offset of stray) {
    if (all.some((box) => box.offset === offset)) continue;
    const inside = text.charAt(offset);
    const looksLikeBox = Number.isInteger(offset) && offset >= 1 && text.charAt(offset - 1) === "[" && text.charAt(offset + 1) === "]" && " xX-~".includes(inside) && inside !== "";
    try {
      const strayResult = spliceCheckboxes(text, [{ offset, checked: true }]);
      if (!looksLikeBox) problems.push(`a stray offset ${offset} (${show(text.slice(offset - 1, offset + 2))}) was accepted`);
      else if (strayResult.length !== text.length) problems.push(`a bracketed stray offset ${offset} changed the length`);
    } catch (error) {
      if (!(error instanceof CheckboxSpliceError)) problems.push(`a stray offset ${offset} threw ${String(error)}, not a CheckboxSpliceError`);
    }
  }
  return problems;
}

/**
 * The write-back as the app does it (applyTogglesToText: toggles by task and item key, on the
 * parse of the same text), restricted to boxes: only box bytes change, and the text read again
 * holds the same tasks and items, those toggled in the state asked.
 */
export function writeBackProblems(text: string, choices: readonly SpliceChoice[]): string[] {
  let document: Document;
  try {
    document = parseDocument("docs/tasks/fuzz.tasks.md", text);
  } catch (error) {
    return [`parseDocument threw ${String(error)}`];
  }
  const targets: { toggle: FileToggle; offset: number }[] = [];
  for (const task of document.tasks) {
    if (task.checkbox) targets.push({ toggle: { taskKey: task.key, itemKey: DONE_ITEM_KEY, checked: true, issue: 1 }, offset: task.checkbox.offset });
    for (const item of task.checklist) targets.push({ toggle: { taskKey: task.key, itemKey: item.key, checked: true, issue: 1 }, offset: item.offset });
  }
  if (targets.length === 0) return [];
  const toggles: FileToggle[] = [];
  for (const choice of choices) {
    const target = targets[choice.pick % targets.length]!;
    toggles.push({ ...target.toggle, checked: choice.checked });
  }
  let edit;
  try {
    edit = applyTogglesToText(text, document, toggles);
  } catch (error) {
    return [`applyTogglesToText threw ${String(error)} for ${show(toggles)}`];
  }
  const problems: string[] = [];
  const final = new Map<string, boolean>();
  for (const toggle of toggles) final.set(JSON.stringify([toggle.taskKey, toggle.itemKey]), toggle.checked);
  // A key written twice in one document is refused (missing); every other toggle lands or agrees.
  const refused = new Set(edit.missing.map((toggle) => JSON.stringify([toggle.taskKey, toggle.itemKey])));
  const offsets = new Set(targets.filter((target) => final.has(JSON.stringify([target.toggle.taskKey, target.toggle.itemKey]))).map((target) => target.offset));
  if (edit.text.length !== text.length) problems.push(`length ${text.length} became ${edit.text.length}`);
  for (let i = 0; i < text.length; i++) {
    if (edit.text.charCodeAt(i) !== text.charCodeAt(i) && !offsets.has(i)) problems.push(`byte ${i} changed (${show(text.charAt(i))} → ${show(edit.text.charAt(i))}) outside the toggled boxes`);
  }
  const again = parseDocument("docs/tasks/fuzz.tasks.md", edit.text);
  const state = (doc: Document) => {
    const out = new Map<string, boolean>();
    for (const task of doc.tasks) {
      if (task.checkbox) out.set(JSON.stringify([task.key, DONE_ITEM_KEY]), task.checkbox.checked);
      for (const item of task.checklist) out.set(JSON.stringify([task.key, item.key]), item.checked);
    }
    return out;
  };
  const before = state(document);
  const now = state(again);
  if (show([...before.keys()]) !== show([...now.keys()])) problems.push(`the tasks and items read after the write-back ${show([...now.keys()])} are not those before ${show([...before.keys()])}`);
  for (const [id, checked] of before) {
    const asked = refused.has(id) ? undefined : final.get(id);
    const expected = asked ?? checked;
    if (now.get(id) !== expected) problems.push(`${id} reads ${now.get(id)} after the write-back, expected ${expected}`);
  }
  return problems;
}

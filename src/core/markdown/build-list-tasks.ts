import { taskKey } from "../model/keys.js";
import type { Diagnostic, RawField, StateBox, StateMark, Status, TaskFields } from "../model/types.js";
import type { BuiltTasks } from "./build-heading-tasks.js";
import { impliedPhaseAndSprint } from "./build-heading-tasks.js";
import { describeBlocks, describeItem } from "./describe-blocks.js";
import { phaseOf } from "./normalize-fields.js";
import { type HeadingInfo, markStateTask, type ReadContext } from "./read-context.js";
import type { Box } from "./read-markdown.js";
import type { PlacedBox, TaskDraft } from "./task-draft.js";

export type ListFormat = "spec-kit" | "numbered-checklist" | "phase-plan" | "openspec";

/** What a box's text says about the task it is. */
export interface BoxTask {
  id?: string;
  title: string;
  /** Text of the item's first paragraph that is not the title (phase plans: after the bold). */
  lead: string;
  structural?: TaskFields;
}

const SPEC_KIT = /^(T\d+[a-z]?)(?=\s|$)\s*([^]*)$/;
const SPEC_KIT_MARKER = /^\[(P|US\s?\d+|Story:?\s*US\s?\d+)\]\s*/i;

/** `T001 [P] [US1] Create models in src/models` → id, title and the markers. */
export function specKitTask(text: string): BoxTask | undefined {
  const match = SPEC_KIT.exec(text);
  if (!match) return undefined;
  let rest = match[2] ?? "";
  const structural: TaskFields = {};
  for (let marker = SPEC_KIT_MARKER.exec(rest); marker; marker = SPEC_KIT_MARKER.exec(rest)) {
    const value = (marker[1] ?? "").toUpperCase();
    if (value === "P") structural.parallel = true;
    else structural.story = value.replace(/^STORY:?\s*/, "").replace(/\s/g, "");
    rest = rest.slice(marker[0].length);
  }
  const id = match[1] as string;
  return { id, title: rest.trim() === "" ? id : rest.trim(), lead: "", structural };
}

const NUMBERED = /^(task\s+)?(\d+(?:\.\d+)*)(\.?)(?:[ \t]*[-–—:][ \t]+|[ \t]+)(\S[^]*)$/i;

/**
 * `1. Setup`, `1.1 Create folders`, `1.1. Create folders`, `Task 3 - Wire it`. A bare number
 * needs its dot (`2 tests fail` is an item about two tests, not task 2).
 */
export function numberedTask(text: string): BoxTask | undefined {
  const match = NUMBERED.exec(text);
  if (!match) return undefined;
  const id = match[2] as string;
  if (match[1] === undefined && match[3] === "" && !id.includes(".")) return undefined;
  return { id, title: (match[4] as string).trim(), lead: "" };
}

const BOLD = /^(\*\*|__)(?![\s*_])([^]+?)(?<!\s)\1([^]*)$/;

/** `**Design the schema** with fields: …` → title `Design the schema`, lead `with fields: …`. */
export function boldTask(text: string): BoxTask | undefined {
  const match = BOLD.exec(text);
  if (!match) return undefined;
  const title = (match[2] as string).trim();
  const lead = (match[3] as string).replace(/^[\s:–—-]+/, "").trim();
  return { title, lead };
}

const GROUP_HEADING = /^(\d+)\.\s+(\S.*)$/;

/** OpenSpec's `## 1. Group` heading → group id and title. */
export function openSpecGroup(text: string): { id: string; title: string } | undefined {
  const match = GROUP_HEADING.exec(text);
  return match ? { id: match[1] as string, title: (match[2] as string).trim() } : undefined;
}

/**
 * Tasks that are checkbox items: spec-kit `T001` lines, numbered plans (`1.` with nested `1.1`),
 * phase plans (`**Bold item**` at the top level), and OpenSpec (`## 1. Group` headings whose
 * `1.1` items are child tasks). A task's own box is its done state; boxes nested in a task are
 * its checklist; the other boxes are the document's.
 */
export function buildListTasks(context: ReadContext, format: ListFormat): BuiltTasks {
  const { blocks } = context.scan;
  const drafts: TaskDraft[] = [];
  const documentBoxes: PlacedBox[] = [];
  const taskOfBox = new Map<Box, TaskDraft>();
  const byId = new Map<string, TaskDraft>();
  const enclosing = enclosingHeadings(context);

  const groupOfBlock = new Int32Array(blocks.length).fill(-1);
  const groups: { draft: TaskDraft; heading: HeadingInfo }[] = [];
  let groupBlocks: number[][] = [];
  if (format === "openspec") {
    const own: number[][] = [];
    context.headings.forEach((heading, position) => {
      const group = openSpecGroup(heading.text);
      if (!group) return;
      let end = blocks.length;
      for (let next = position + 1; next < context.headings.length; next++) {
        const candidate = context.headings[next] as HeadingInfo;
        if (candidate.depth <= heading.depth) {
          end = candidate.block;
          break;
        }
      }
      const raw: Record<string, RawField> = {};
      impliedPhaseAndSprint(enclosing(position).slice(0, -1), raw);
      const draft: TaskDraft = {
        key: taskKey(context.path, group.id, group.title),
        id: group.id,
        title: group.title,
        line: heading.line,
        endLine: blocks[end - 1]?.endLine ?? heading.line,
        raw,
        description: "",
        items: [],
      };
      drafts.push(draft);
      byId.set(group.id, draft);
      groups.push({ draft, heading });
      groupOfBlock.fill(groups.length - 1, heading.block + 1, end);
      own.push([]);
    });
    for (let index = 0; index < blocks.length; index++) {
      const group = groupOfBlock[index] as number;
      if (group >= 0 && blocks[index]?.node.type !== "heading") own[group]?.push(index);
    }
    groupBlocks = own;
  }

  // Descriptions wait until every task is known: a `[-]`/`[~]` task nested in another is no part
  // of that task's description, and only the loop below finds out which of those boxes are tasks.
  const described: { draft: TaskDraft; item: Box["item"]; lead: string }[] = [];
  for (const box of inDocumentOrder(context.scan.boxes, context.scan.stateBoxes)) {
    let ancestor = box.parent;
    while (ancestor && !taskOfBox.has(ancestor)) ancestor = ancestor.parent;
    const ancestorTask = ancestor ? taskOfBox.get(ancestor) : undefined;
    const spec = classify(format, box, ancestorTask !== undefined);
    const group = groups[groupOfBlock[box.block] as number];

    if (!spec) {
      // A `[-]`/`[~]` line that is no task is text, as GitHub shows it: no one's checklist item.
      if (box.state !== undefined) continue;
      if (ancestorTask) ancestorTask.items.push({ box });
      else if (group) group.draft.items.push({ box, section: context.sectionOf(box, group.heading.block + 1) });
      else documentBoxes.push({ box, section: context.sectionOf(box, 0) });
      continue;
    }

    const raw: Record<string, RawField> = {};
    const chain = enclosing(context.headingIndexAt(box.block));
    impliedPhaseAndSprint(chain, raw);
    const nearest = chain[chain.length - 1];
    if (format === "phase-plan" && nearest && phaseOf(nearest.text) === undefined && chain.some((heading) => phaseOf(heading.text) !== undefined)) {
      raw.group = { name: "Group", value: nearest.text, line: nearest.line, column: nearest.column };
    }
    let parent = ancestorTask ?? (box.depth === 0 ? group?.draft : undefined);
    if (!parent && spec.id !== undefined && spec.id.includes(".")) {
      parent = byId.get(spec.id.slice(0, spec.id.lastIndexOf(".")));
    }
    const draft: TaskDraft = {
      key: taskKey(context.path, spec.id, spec.title),
      ...(spec.id !== undefined ? { id: spec.id } : {}),
      title: spec.title,
      parentKey: parent?.key,
      line: box.checkbox.line,
      endLine: context.scan.lines.lineOf(Math.max(context.startOf(box.item), context.endOf(box.item) - 1)),
      raw,
      description: "",
      items: [],
    };
    const structural: TaskFields = { ...spec.structural };
    if (box.state === undefined) draft.checkbox = box.checkbox;
    else {
      const { line, column, offset } = box.checkbox;
      draft.stateBox = { line, column, offset, mark: box.state };
      structural.status = STATE_STATUS[box.state];
      markStateTask(context, box);
      context.diagnostics.push(stateBoxDiagnostic(context.path, draft.stateBox));
    }
    if (Object.keys(structural).length > 0) draft.structural = structural;
    described.push({ draft, item: box.item, lead: spec.lead });
    drafts.push(draft);
    taskOfBox.set(box, draft);
    if (spec.id !== undefined && !byId.has(spec.id)) byId.set(spec.id, draft);
  }
  groups.forEach(({ draft }, index) => {
    draft.description = describeBlocks(context, groupBlocks[index] as number[], draft.raw);
  });
  for (const { draft, item, lead } of described) draft.description = describeItem(context, item, draft.raw, lead);
  // OpenSpec groups were made first; the model lists tasks in document order.
  drafts.sort((a, b) => a.line - b.line);
  return { drafts, documentBoxes };
}

/**
 * Kiro's own reading of its marks (its task parser counts `[~]` as pending, `[-]` as in progress):
 * a queued task has not been started, so it is to do, not in progress.
 */
const STATE_STATUS: Record<StateMark, Status> = { "-": "in progress", "~": "todo" };

function stateBoxDiagnostic(path: string, box: StateBox): Diagnostic {
  const reading = box.mark === "-" ? "in progress" : "queued (to do)";
  return {
    code: "state-box",
    severity: "notice",
    path,
    line: box.line,
    column: box.column,
    message: `\`[${box.mark}]\` is not a checkbox on GitHub (the line shows as text): the task is read as ${reading}, and closing its issue writes \`[x]\` here`,
  };
}

/** GitHub's boxes and Kiro's `[-]`/`[~]` boxes merged in document order (both lists are in order). */
function inDocumentOrder(boxes: readonly Box[], stateBoxes: readonly Box[]): Box[] {
  if (stateBoxes.length === 0) return boxes as Box[];
  const merged: Box[] = [];
  let j = 0;
  for (const box of boxes) {
    while (j < stateBoxes.length && (stateBoxes[j] as Box).checkbox.offset < box.checkbox.offset) merged.push(stateBoxes[j++] as Box);
    merged.push(box);
  }
  while (j < stateBoxes.length) merged.push(stateBoxes[j++] as Box);
  return merged;
}

function classify(format: ListFormat, box: Box, insideTask: boolean): BoxTask | undefined {
  switch (format) {
    case "spec-kit":
      return specKitTask(box.text);
    case "phase-plan":
      return box.depth === 0 ? boldTask(box.text) : undefined;
    case "numbered-checklist":
    case "openspec":
      return box.depth === 0 || insideTask ? numberedTask(box.text) : undefined;
  }
}

/**
 * The headings a heading sits under, outermost first, ending with itself (`## Phase 1`,
 * `### Group`); computed once per heading, since thousands of tasks share a few headings.
 */
function enclosingHeadings(context: ReadContext): (heading: number) => HeadingInfo[] {
  const { headings } = context;
  const chains: HeadingInfo[][] = [];
  const stack: number[] = [];
  headings.forEach((heading, index) => {
    while (stack.length > 0 && (headings[stack[stack.length - 1] as number] as HeadingInfo).depth >= heading.depth) stack.pop();
    const parent = stack[stack.length - 1];
    chains.push([...(parent === undefined ? [] : (chains[parent] as HeadingInfo[])), heading]);
    stack.push(index);
  });
  return (heading) => (heading >= 0 ? (chains[heading] ?? []) : []);
}

import { taskKey } from "../model/keys.js";
import type { RawField } from "../model/types.js";
import { describeBlocks } from "./describe-blocks.js";
import { normalizeStatus, phaseOf, sprintOf } from "./normalize-fields.js";
import type { HeadingInfo, ReadContext } from "./read-context.js";
import type { PlacedBox, TaskDraft } from "./task-draft.js";
import { taskHeadingOf } from "./task-id.js";

export interface BuiltTasks {
  drafts: TaskDraft[];
  documentBoxes: PlacedBox[];
}

/**
 * Tasks that are headings (`### TASK-001: Title`). A task runs until the next heading of the same
 * or a higher level; a task heading inside another task's run is its child. Boxes outside every
 * task (a closing "Definition of Done") are the document's. With `single`, the one task heading
 * owns the whole document: every box is its checklist item.
 */
export function buildHeadingTasks(context: ReadContext, single: boolean): BuiltTasks {
  const { blocks } = context.scan;
  const owner = new Int32Array(blocks.length).fill(-1);
  const drafts: TaskDraft[] = [];
  const taskHeadings: { heading: HeadingInfo; end: number; draft: number }[] = [];
  const open: { depth: number; end: number; draft: number }[] = [];
  const enclosing: HeadingInfo[] = [];

  context.headings.forEach((heading, position) => {
    while (enclosing.length > 0 && (enclosing[enclosing.length - 1] as HeadingInfo).depth >= heading.depth) enclosing.pop();
    const written = taskHeadingOf(heading.text);
    if (written) {
      let end = blocks.length;
      if (!single) {
        for (let next = position + 1; next < context.headings.length; next++) {
          const candidate = context.headings[next] as HeadingInfo;
          if (candidate.depth <= heading.depth) {
            end = candidate.block;
            break;
          }
        }
      }
      while (open.length > 0 && (open[open.length - 1] as { end: number }).end <= heading.block) open.pop();
      const parent = open[open.length - 1];
      const raw: Record<string, RawField> = {};
      const stated = written.bracketed ? headingState(context, heading, written.id, written.title) : undefined;
      if (stated) raw.status = stated.field;
      const title = stated?.title ?? written.title;
      impliedPhaseAndSprint(enclosing, raw);
      const draft: TaskDraft = {
        key: taskKey(context.path, written.id, title),
        id: written.id,
        title,
        parentKey: parent ? drafts[parent.draft]?.key : undefined,
        line: heading.line,
        endLine: heading.line,
        raw,
        description: "",
        items: [],
      };
      drafts.push(draft);
      const index = drafts.length - 1;
      taskHeadings.push({ heading, end, draft: index });
      open.push({ depth: heading.depth, end, draft: index });
      if (single) owner.fill(index);
      else owner.fill(index, heading.block, end);
    }
    enclosing.push(heading);
  });

  const ownBlocks: number[][] = drafts.map(() => []);
  for (let index = 0; index < blocks.length; index++) {
    const draft = owner[index] as number;
    if (draft < 0 || taskHeadings[draft]?.heading.block === index) continue;
    ownBlocks[draft]?.push(index);
  }

  taskHeadings.forEach(({ heading, end }, index) => {
    const draft = drafts[index] as TaskDraft;
    const own = ownBlocks[index] as number[];
    draft.description = describeBlocks(context, own, draft.raw);
    if (single) {
      draft.endLine = Math.max(heading.line, lastContentLine(context, own, heading.line));
      return;
    }
    // The run includes child tasks; a closing `---` is a separator, not part of the task.
    let last = end - 1;
    while (last > heading.block && blocks[last]?.node.type === "thematicBreak") last--;
    draft.endLine = Math.max(heading.line, blocks[last]?.endLine ?? heading.line);
  });

  const documentBoxes: PlacedBox[] = [];
  for (const box of context.scan.boxes) {
    const draftIndex = owner[box.block] as number;
    if (draftIndex < 0) {
      documentBoxes.push({ box, section: context.sectionOf(box, 0) });
      continue;
    }
    const taskHeading = taskHeadings[draftIndex] as { heading: HeadingInfo };
    (drafts[draftIndex] as TaskDraft).items.push({ box, section: context.sectionOf(box, taskHeading.heading.block + 1) });
  }
  return { drafts, documentBoxes };
}

const TRAILING_BRACKET = /^(.*?)\s*\[([^\][]+)\]$/s;
// A state word in capitals (`IN PROGRESS`, `MOVED`), maybe after an emoji: an unknown one is still
// the state the format puts there, and gets the usual `invalid-field` report.
const CAPITALS = /^[^\p{L}\p{N}]*\p{Lu}[\p{Lu}\p{N} _/-]*\p{Lu}$/u;

/**
 * `[T-001] Setup Project Structure [IN PROGRESS]`: the bracket closing a bracketed-id heading is
 * the task's state when it reads as a status (`[done]`, `[✅ Done]`) or is written in capitals, as
 * these task lists write their states. Other brackets (`[link]`) stay in the title. The field
 * points at the word inside the brackets, so closing the issue rewrites only that word.
 */
function headingState(context: ReadContext, heading: HeadingInfo, id: string, title: string): { title: string; field: RawField } | undefined {
  const match = TRAILING_BRACKET.exec(title);
  if (!match) return undefined;
  const value = (match[2] as string).trim();
  if (normalizeStatus(value) === undefined && !CAPITALS.test(value)) return undefined;
  const rest = (match[1] as string).trim();
  const lineText = context.scan.lines.lineText(heading.line);
  const at = lineText.lastIndexOf(`[${value}]`);
  return {
    title: rest === "" ? id : rest,
    field: { name: "State", value, line: heading.line, column: at >= 0 ? at + 2 : heading.column },
  };
}

function lastContentLine(context: ReadContext, own: readonly number[], fallback: number): number {
  for (let i = own.length - 1; i >= 0; i--) {
    const block = context.scan.blocks[own[i] as number];
    if (block && block.node.type !== "thematicBreak") return block.endLine;
  }
  return fallback;
}

/** Phase and sprint from the headings around a task (`## Phase 1: Edge Layer (NGINX) - Sprint 1`). */
export function impliedPhaseAndSprint(enclosing: readonly HeadingInfo[], raw: Record<string, RawField>): void {
  for (let i = enclosing.length - 1; i >= 0; i--) {
    const heading = enclosing[i] as HeadingInfo;
    if (taskHeadingOf(heading.text)) continue;
    if (!raw.phase && phaseOf(heading.text) !== undefined) {
      raw.phase = { name: "Phase", value: heading.text, line: heading.line, column: heading.column };
    }
    const sprint = sprintOf(heading.text);
    if (!raw.sprint && sprint !== undefined) {
      raw.sprint = { name: "Sprint", value: sprint, line: heading.line, column: heading.column };
    }
  }
}

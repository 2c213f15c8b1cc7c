import { taskKey } from "../model/keys.js";
import type { RawField } from "../model/types.js";
import { describeBlocks } from "./describe-blocks.js";
import { phaseOf, sprintOf } from "./normalize-fields.js";
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
      impliedPhaseAndSprint(enclosing, raw);
      const draft: TaskDraft = {
        key: taskKey(context.path, written.id, written.title),
        id: written.id,
        title: written.title,
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

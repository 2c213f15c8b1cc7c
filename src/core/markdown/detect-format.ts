import type { Format } from "../model/types.js";
import { boldTask, numberedTask, openSpecGroup, specKitTask } from "./build-list-tasks.js";
import { phaseOf } from "./normalize-fields.js";
import type { HeadingInfo, ReadContext } from "./read-context.js";
import { taskHeadingOf } from "./task-id.js";

/**
 * Which of the known formats a document is written in, decided from its structure (not its
 * path), most specific first:
 * front matter that heads a task → `front-matter`; task-id headings → `single-task` (one, and
 * no heading above it) or `task-headings`; `T001` boxes → `spec-kit`; `## 1. Group` headings
 * holding `1.1` boxes → `openspec`; mostly numbered top-level boxes → `numbered-checklist`;
 * mostly boxes opening with bold text (or some, under `## Phase N` headings) → `phase-plan`;
 * anything else → `checklist`.
 */
export function detectFormat(context: ReadContext, headedByFrontMatter: boolean): Format {
  if (headedByFrontMatter) return "front-matter";

  const taskHeadings = context.headings.filter((heading) => taskHeadingOf(heading.text) !== undefined);
  if (taskHeadings.length === 1) {
    const only = taskHeadings[0] as HeadingInfo;
    const above = context.headings.some((heading) => heading !== only && heading.depth <= only.depth);
    return above ? "task-headings" : "single-task";
  }
  if (taskHeadings.length > 1) return "task-headings";

  const { boxes, stateBoxes } = context.scan;
  // Kiro's `[-]`/`[~]` task lines count as tasks here; for bold phase-plan items they do not.
  if (boxes.some((box) => specKitTask(box.text) !== undefined) || stateBoxes.some((box) => specKitTask(box.text) !== undefined)) return "spec-kit";

  const topLevel = boxes.filter((box) => box.depth === 0);
  const topLevelStates = stateBoxes.filter((box) => box.depth === 0 && numberedTask(box.text) !== undefined);
  const numbered = [...topLevel, ...topLevelStates].map((box) => numberedTask(box.text));
  const hasNumberedTop = numbered.some((task) => task !== undefined && task.id !== undefined && !task.id.includes("."));
  if (!hasNumberedTop) {
    const groups = context.headings.filter((heading) => openSpecGroup(heading.text) !== undefined);
    if (groups.length > 0 && numbered.some((task) => task?.id?.includes("."))) return "openspec";
  }
  // A stray `- [ ] 2.5 hours of review` or `- [ ] **Note**: …` in a plain checklist does not make
  // a plan: most top-level boxes must read as tasks (or, for bold ones, sit under a phase heading).
  const half = (topLevel.length + topLevelStates.length) / 2;
  if (numbered.filter((task) => task !== undefined).length >= half && numbered.length > 0) return "numbered-checklist";
  const bold = topLevel.filter((box) => boldTask(box.text) !== undefined).length;
  const phased = context.headings.some((heading) => phaseOf(heading.text) !== undefined);
  if (bold > 0 && (bold >= half || phased)) return "phase-plan";
  return "checklist";
}

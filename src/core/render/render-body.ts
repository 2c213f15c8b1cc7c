import { ISSUE_BODY_MAX } from "../limits.js";
import type { Item, Task } from "../model/types.js";
import type { Unassignable } from "../plan/types.js";
import { BODY_MARKERS } from "./body-markers.js";
import { closeOpenFences } from "./close-open-fences.js";
import { codeSpan } from "./code-span.js";
import { renderMarker } from "./marker.js";
import { neutralizeMarkers } from "./neutralize-markers.js";
import { permalink, type SourceRef } from "./permalink.js";

export interface RenderBodyInput {
  task: Task;
  /** The document the task is in now. */
  path: string;
  source: SourceRef;
  /** The task's done state to record in the marker (the merge result). */
  done: boolean;
  /** Checkbox states to show and record, by item key (the merge result); default: the file's. */
  itemStates?: ReadonlyMap<string, boolean>;
  baseStates?: ReadonlyMap<string, boolean>;
  baseDone?: boolean;
  /** Marker: key of the parent the issue is (to be) linked under. */
  parent?: string;
  /** Marker: keys of the issues it is (to be) linked to as "blocked by". */
  blockedBy?: string[];
  /** Marker: assignees GitHub refused, carried over while the task's assignee list is the same. */
  unassignable?: Unassignable;
  /** Marker: issues it is (to be) cross-linked with (MarkerState `crossLinked`). */
  crossLinked?: number[];
  /** How a dependency reads: `#12`, a ref token, …; default the key in a code span. */
  dependencyRef?: (key: string) => string;
  /** Budget for the block and its marker; default ISSUE_BODY_MAX. */
  maxChars?: number;
}

interface Parts {
  meta: string;
  description: string;
  /** One chunk per item: its `### Section` line when the section changes, then its box line. */
  items: { key: string; checked: boolean; chunk: string }[];
  dependencies: string[];
  link: string;
  linkText: string;
}

/**
 * The generated block of an issue body and its marker:
 *
 * ```
 * <!-- taskmirror:begin -->
 * metadata line
 * description
 * <!-- taskmirror:checklist -->
 * - [ ] items, under `### Section` lines
 * **Depends on:** #12, #13
 * <sub>Source: permalink</sub>
 * <!-- taskmirror:end -->
 * <!-- taskmirror:state {...} -->
 * ```
 *
 * Item text is written verbatim on one line, so `normalizeItemText` of a body line gives back
 * the file item's key. Over budget, the description is cut first (at a line), then the tail of
 * the checklist, with a line pointing to the source; the marker is never cut, and it records
 * only the items the body shows (an item the issue cannot show cannot have been ticked there).
 */
export function renderBody(input: RenderBodyInput): string {
  const { task } = input;
  const max = input.maxChars ?? ISSUE_BODY_MAX;
  const link = permalink(input.source, input.path, task.line, task.endLine);
  const parts: Parts = {
    meta: metadata(task),
    description: closeOpenFences(neutralizeMarkers(task.description.replace(/\r\n?/g, "\n")).trim()),
    items: itemChunks(task.checklist, input.itemStates),
    dependencies: task.dependsOn.map(input.dependencyRef ?? codeSpan),
    link,
    linkText: escapeLinkText(neutralizeMarkers(input.path)),
  };
  const all = parts.items.length;
  const assemble = (description: string, items: number, dependencies: number, cut: boolean) =>
    assembleBody(input, parts, description, items, dependencies, cut);

  const full = assemble(parts.description, all, parts.dependencies.length, false);
  if (full.length <= max) return full;

  const withoutDescription = assemble("", all, parts.dependencies.length, true);
  if (withoutDescription.length <= max) {
    const room = max - withoutDescription.length - SECTION_GAP.length;
    const description = cutMarkdown(parts.description, room);
    return description === "" ? withoutDescription : assemble(description, all, parts.dependencies.length, true);
  }

  const items = largestFitting(all, (n) => assemble("", n, parts.dependencies.length, true).length <= max);
  if (items !== null) return assemble("", items, parts.dependencies.length, true);
  const dependencies = largestFitting(parts.dependencies.length, (n) => assemble("", 0, n, true).length <= max);
  return assemble("", 0, dependencies ?? 0, true);
}

const SECTION_GAP = "\n\n";

function assembleBody(
  input: RenderBodyInput,
  parts: Parts,
  description: string,
  itemCount: number,
  dependencyCount: number,
  cut: boolean,
): string {
  const sections = [parts.meta];
  if (description !== "") sections.push(description);
  const shown = parts.items.slice(0, itemCount);
  if (shown.length > 0) sections.push(`${BODY_MARKERS.checklist}\n${shown.map((item) => item.chunk).join("\n")}`);
  if (dependencyCount > 0) {
    const more = parts.dependencies.length - dependencyCount;
    const list = parts.dependencies.slice(0, dependencyCount).join(", ");
    sections.push(`**Depends on:** ${list}${more > 0 ? ` and ${more} more` : ""}`);
  }
  if (cut) sections.push(`… cut: see the full task in [${parts.linkText}](${parts.link})`);
  sections.push(`<sub>Source: [${parts.linkText}](${parts.link}) · synced by taskmirror; text outside this block is kept</sub>`);

  const items: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  for (const item of shown) items[item.key] = input.baseStates?.get(item.key) ?? item.checked;
  const marker = renderMarker({
    v: 1,
    key: input.task.key,
    path: input.path,
    done: input.baseDone ?? input.done,
    items,
    ...(input.parent !== undefined ? { parent: input.parent } : {}),
    ...(input.blockedBy !== undefined ? { blockedBy: input.blockedBy } : {}),
    ...(input.unassignable !== undefined ? { unassignable: input.unassignable } : {}),
    ...(input.crossLinked !== undefined ? { crossLinked: input.crossLinked } : {}),
  });
  return `${BODY_MARKERS.begin}\n${sections.join(SECTION_GAP)}\n${BODY_MARKERS.end}\n${marker}`;
}

function metadata(task: Task): string {
  const { fields } = task;
  const entries: [string, string | number | undefined][] = [
    ["Status", fields.status],
    ["Priority", fields.priority],
    ["Effort", fields.effort],
    ["Points", fields.points],
    ["Sprint", fields.sprint],
    ["Phase", fields.phase],
    ["Due", fields.due],
    ["Roles", fields.roles && fields.roles.length > 0 ? fields.roles.join(", ") : undefined],
  ];
  const shown = entries
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "")
    .map(([name, value]) => `**${name}:** ${oneLine(String(value))}`);
  return [codeSpan(task.key), ...shown].join(" · ");
}

function itemChunks(checklist: Item[], states: ReadonlyMap<string, boolean> | undefined): Parts["items"] {
  let section: string | undefined;
  return checklist.map((item) => {
    const checked = states?.get(item.key) ?? item.checked;
    const line = `- [${checked ? "x" : " "}] ${oneLine(item.text)}`;
    const heading = item.section !== undefined && item.section !== section ? `### ${oneLine(item.section)}\n` : "";
    section = item.section ?? section;
    return { key: item.key, checked, chunk: heading + line };
  });
}

function oneLine(text: string): string {
  return neutralizeMarkers(text.replace(/\s*[\r\n]+\s*/g, " ").trim());
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]]/g, "\\$&");
}

/** The longest run of whole lines of `markdown` that fits `room` once its open fence is closed. */
function cutMarkdown(markdown: string, room: number): string {
  const lines = markdown.split("\n");
  let low = 0;
  let high = lines.length;
  let best = "";
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const candidate = closeOpenFences(lines.slice(0, mid).join("\n").trimEnd());
    if (candidate.length <= room) {
      best = candidate;
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

/** The largest n in 0..count with fits(n), when fits is monotonic; null when even 0 does not fit. */
function largestFitting(count: number, fits: (n: number) => boolean): number | null {
  if (!fits(0)) return null;
  let low = 0;
  let high = count;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

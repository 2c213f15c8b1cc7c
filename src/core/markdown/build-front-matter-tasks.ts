import { taskKey } from "../model/keys.js";
import type { RawField, Status } from "../model/types.js";
import type { BuiltTasks } from "./build-heading-tasks.js";
import { describeBlocks } from "./describe-blocks.js";
import { rawFieldKey } from "./field-name.js";
import type { FrontMatterBlock } from "./find-front-matter.js";
import { normalizeStatus } from "./normalize-fields.js";
import type { ReadContext } from "./read-context.js";
import type { PlacedBox, TaskDraft } from "./task-draft.js";
import { taskHeadingOf } from "./task-id.js";

export interface TaskFrontMatter {
  block: FrontMatterBlock;
  data: Record<string, unknown>;
}

/** Does this front matter head a task: an `id`, or a `name`/`title` with a `status`? */
export function headsTask(data: Record<string, unknown>): boolean {
  const present = (key: string): boolean => {
    const value = data[key];
    return (typeof value === "string" && value.trim() !== "") || typeof value === "number";
  };
  return present("id") || ((present("name") || present("title")) && present("status"));
}

/**
 * Tasks headed by front matter: the document's own, and every later `---` block holding an `id`
 * (several tasks in one file). A task's body — up to the next such block — is its description
 * and checklist; a first heading that only repeats the task's title is not description.
 */
export function buildFrontMatterTasks(context: ReadContext, heads: readonly TaskFrontMatter[]): BuiltTasks {
  const { blocks } = context.scan;
  const drafts: TaskDraft[] = [];
  const documentBoxes: PlacedBox[] = [];
  const owner = new Int32Array(blocks.length).fill(-1);
  const own: number[][] = heads.map(() => []);

  let head = -1;
  for (const block of blocks) {
    while (head + 1 < heads.length && (heads[head + 1] as TaskFrontMatter).block.startLine <= block.startLine) head++;
    // Blocks of a later task's own `---` block are its YAML, read as markdown: no one's content.
    const index = head < 0 ? -1 : block.startLine > (heads[head] as TaskFrontMatter).block.endLine ? head : -2;
    owner[block.index] = index;
    if (index >= 0) own[index]?.push(block.index);
  }

  heads.forEach(({ block, data }, index) => {
    const mine = own[index] as number[];
    const raw = rawFieldsOf(context, block, data);
    const id = scalar(data.id);
    let title = scalar(data.title) ?? scalar(data.name);
    const firstBlock = blocks[mine[0] ?? -1];
    if (title === undefined && firstBlock && firstBlock.node.type === "heading") {
      const heading = context.headingOfBlock[firstBlock.index];
      const written = heading ? taskHeadingOf(heading.text) : undefined;
      title = written && written.id === id ? written.title : heading?.text;
      mine.shift();
    } else if (firstBlock && firstBlock.node.type === "heading" && title !== undefined) {
      const text = context.headingOfBlock[firstBlock.index]?.text ?? "";
      const written = taskHeadingOf(text);
      if (text === title || (written && written.id === id && written.title === title)) mine.shift();
    }
    title ??= id ?? "untitled";
    const next = heads[index + 1];
    const lastLine = next ? next.block.startLine - 1 : context.scan.lines.lineCount;
    let endLine = block.endLine;
    for (const b of mine) {
      const candidate = blocks[b];
      if (candidate && candidate.node.type !== "thematicBreak" && candidate.endLine <= lastLine) endLine = Math.max(endLine, candidate.endLine);
    }
    const folderStatus = backlogFolderStatus(context.path, raw.status?.value);
    drafts.push({
      key: taskKey(context.path, id, title, { idIsGlobal: true }),
      ...(id !== undefined ? { id } : {}),
      title,
      line: block.startLine,
      endLine,
      raw,
      ...(folderStatus ? { structural: { status: folderStatus } } : {}),
      description: describeBlocks(context, mine, raw),
      items: [],
    });
  });

  const numbered = numberedChecklistLines(context);
  for (const box of context.scan.boxes) {
    const index = owner[box.block] as number;
    const draft = drafts[index];
    if (index >= 0 && draft) {
      const first = own[index]?.[0];
      const number = numbered(box.checkbox.line) ? CRITERION_NUMBER.exec(box.text) : null;
      draft.items.push({ box, section: context.sectionOf(box, first ?? box.block), ...(number ? { text: box.text.slice(number[0].length) } : {}) });
    } else documentBoxes.push({ box, section: context.sectionOf(box, 0) });
  }
  return { drafts, documentBoxes };
}

const CRITERION_NUMBER = /^#\d+[ \t]+(?=\S)/;
const CHECKLIST_MARKER = /^\s*<!--\s*(AC|DOD):(BEGIN|END)\s*-->\s*$/;

/**
 * Lines inside Backlog.md's `<!-- AC:BEGIN -->`…`<!-- AC:END -->` (and `DOD`) markers, where it
 * writes `- [ ] #1 criterion`. The `#1` is Backlog.md's index, which it renumbers whenever a
 * criterion is added or removed — not part of the text: left in, it would change every later
 * item's key on each renumbering (and `#1` in an issue body links issue #1).
 */
function numberedChecklistLines(context: ReadContext): (line: number) => boolean {
  const ranges: [number, number][] = [];
  let open: { kind: string; line: number } | undefined;
  for (const block of context.scan.blocks) {
    if (block.node.type !== "html") continue;
    const marker = CHECKLIST_MARKER.exec(block.node.value);
    if (!marker) continue;
    if (marker[2] === "BEGIN") open = { kind: marker[1] as string, line: block.endLine };
    else if (open && open.kind === marker[1]) {
      ranges.push([open.line, block.startLine]);
      open = undefined;
    }
  }
  return (line) => ranges.some(([after, before]) => line > after && line < before);
}

const BACKLOG_FOLDER = /(?:^|\/)\.?backlog\/(completed|archive\/tasks)\/[^/]+$/;

/**
 * Backlog.md moves a finished task to `backlog/completed/` and one nobody will do to
 * `backlog/archive/tasks/`: the folder is the state, whatever the status line still says.
 * Undefined when the status already agrees (or the file is elsewhere).
 */
function backlogFolderStatus(path: string, written: string | undefined): Status | undefined {
  const folder = BACKLOG_FOLDER.exec(path)?.[1];
  if (folder === undefined) return undefined;
  const status = written === undefined ? undefined : normalizeStatus(written);
  if (folder === "completed") return status === "done" ? undefined : "done";
  return status === "done" || status === "cancelled" ? undefined : "cancelled";
}

function scalar(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}

/** Every top-level scalar or list of the front matter, with the line of its key. */
function rawFieldsOf(context: ReadContext, block: FrontMatterBlock, data: Record<string, unknown>): Record<string, RawField> {
  const raw: Record<string, RawField> = {};
  const bodyLines = block.body.split(/\r\n|\r|\n/);
  for (const [name, value] of Object.entries(data)) {
    let text: string | undefined;
    if (Array.isArray(value)) {
      const items = value.filter((entry) => ["string", "number", "boolean"].includes(typeof entry)).map(String);
      if (items.length !== value.length) continue;
      text = items.join(", ");
    } else if (["string", "number", "boolean"].includes(typeof value)) text = String(value);
    else if (value === null) text = "";
    if (text === undefined) continue;
    const key = rawFieldKey(name);
    if (Object.hasOwn(raw, key)) continue;
    const at = locateKey(bodyLines, name);
    const lineText = at >= 0 ? (bodyLines[at] as string) : "";
    const valueAt = at >= 0 ? lineText.indexOf(text, lineText.indexOf(":") + 1) : -1;
    raw[key] = {
      name,
      value: text,
      line: at >= 0 ? block.bodyLine + at : block.startLine,
      column: valueAt >= 0 ? valueAt + 1 : at >= 0 ? lineText.indexOf(":") + 2 : 1,
    };
  }
  return raw;
}

function locateKey(lines: readonly string[], name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^\\s*(["']?)${escaped}\\1\\s*:`);
  let fallback = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!pattern.test(line)) continue;
    if (/^\S/.test(line)) return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}

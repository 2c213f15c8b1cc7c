import { createHash } from "node:crypto";
import type { Diagnostic, Document, Format, Item } from "../model/types.js";
import { buildFrontMatterTasks, headsTask, type TaskFrontMatter } from "./build-front-matter-tasks.js";
import { type BuiltTasks, buildHeadingTasks } from "./build-heading-tasks.js";
import { buildListTasks } from "./build-list-tasks.js";
import { detectFormat } from "./detect-format.js";
import { findEncodingDamage } from "./find-encoding-damage.js";
import { findFrontMatter, type FrontMatterBlock } from "./find-front-matter.js";
import { findMalformedCheckboxes } from "./find-malformed-checkboxes.js";
import { parseFrontMatter, type UnquotedAt } from "./parse-front-matter.js";
import { createReadContext, type ReadContext } from "./read-context.js";
import { type MarkdownScan, readMarkdown } from "./read-markdown.js";
import { finishTasks } from "./task-draft.js";
import { unreadableDocument } from "./unreadable-document.js";

/** Lines a later task's `---` block may span before it is taken for two thematic breaks. */
const TASK_FRONT_MATTER_MAX_LINES = 200;

/**
 * Reads a task document into the model, whatever its format (see detect-format.ts). Never
 * throws: a document that cannot be read (binary, a parser failure, nesting too deep) comes back
 * with what could be read and an `unreadable-document` diagnostic.
 */
export function parseDocument(path: string, text: string): Document {
  try {
    return read(path, text);
  } catch (error) {
    return unreadable(path, text, error);
  }
}

function read(path: string, text: string): Document {
  const scan = readMarkdown(text);
  const context = createReadContext(path, scan);
  const diagnostics: Diagnostic[] = scan.failures.map((failure) => ({ ...failure, path }));

  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const line = scan.lines.lineOf(nul);
    diagnostics.push({
      code: "unreadable-document",
      severity: "error",
      path,
      line,
      column: scan.lines.columnOf(nul),
      message: "the file holds NUL bytes: it is binary, not a markdown document",
    });
  }

  let frontMatter: Record<string, unknown> = {};
  const heads: TaskFrontMatter[] = [];
  if (scan.frontMatter) {
    const block = scan.frontMatter;
    const result = parseFrontMatter(block.language, block.body);
    if (result.ok) {
      frontMatter = result.data;
      if (headsTask(result.data)) heads.push({ block, data: result.data });
      diagnostics.push(...unquotedAtDiagnostics(path, block, result.unquotedAt));
    } else {
      diagnostics.push({
        code: "invalid-front-matter",
        severity: "error",
        path,
        line: result.bodyLine !== undefined ? block.bodyLine + result.bodyLine : block.startLine,
        column: 1,
        message: withTaskNamed(result.message, brokenTaskId(path, block.body)),
      });
    }
  } else if (/^\uFEFF?---[ \t]*$/.test(scan.lines.lineText(1)) && scan.lines.lineCount > 1 && /^[A-Za-z_][\w-]*[ \t]*:/.test(scan.lines.lineText(2))) {
    diagnostics.push({
      code: "invalid-front-matter",
      severity: "error",
      path,
      line: 1,
      column: 1,
      message: "front matter opened here is never closed with `---`; it is read as markdown",
    });
  }
  heads.push(...laterTaskFrontMatter(context, diagnostics));

  const format = detectFormat(context, heads.length > 0);
  const built = build(context, format, heads);
  const finished = finishTasks(context, built.drafts, built.documentBoxes);
  diagnostics.push(...context.diagnostics, ...findMalformedCheckboxes(scan, path));
  if (nul < 0) diagnostics.push(...findEncodingDamage(text, scan.lines, path));
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);

  return {
    path,
    format,
    frontMatter,
    tasks: finished.tasks,
    checklist: finished.checklist,
    diagnostics,
    bom: scan.bom,
    eol: lineEnding(text),
  };
}

function build(context: ReadContext, format: Format, heads: TaskFrontMatter[]): BuiltTasks {
  switch (format) {
    case "front-matter":
      return buildFrontMatterTasks(context, heads);
    case "single-task":
    case "task-headings":
      return buildHeadingTasks(context, format === "single-task");
    case "spec-kit":
    case "numbered-checklist":
    case "phase-plan":
    case "openspec":
      return buildListTasks(context, format);
    case "checklist":
      return {
        drafts: [],
        documentBoxes: context.scan.boxes.map((box) => ({ box, section: context.sectionOf(box, 0) })),
      };
  }
}

/**
 * `---` blocks further down that head a task (several tasks in one file): a thematic break at
 * the top level whose next line is a YAML key, closed by another `---`, holding an `id` (or a
 * name with a status). Other `---` lines stay thematic breaks.
 */
function laterTaskFrontMatter(context: ReadContext, diagnostics: Diagnostic[]): TaskFrontMatter[] {
  const { scan, path } = context;
  const found: TaskFrontMatter[] = [];
  let after = 0;
  for (const block of scan.blocks) {
    if (block.node.type !== "thematicBreak" || block.startLine <= after) continue;
    const line = block.startLine;
    if (scan.lines.lineText(line).trim() !== "---" || !/^[A-Za-z_][\w-]*[ \t]*:/.test(scan.lines.lineText(line + 1))) continue;
    const candidate = findFrontMatter(scan.text, scan.lines, line, TASK_FRONT_MATTER_MAX_LINES);
    if (!candidate || candidate.language !== "") continue;
    const result = parseFrontMatter("", candidate.body);
    if (result.ok && headsTask(result.data)) {
      found.push({ block: candidate, data: result.data });
      diagnostics.push(...unquotedAtDiagnostics(path, candidate, result.unquotedAt));
      after = candidate.endLine;
    } else if (!result.ok && /^id[ \t]*:/m.test(candidate.body)) {
      diagnostics.push({
        code: "invalid-front-matter",
        severity: "error",
        path,
        line: result.bodyLine !== undefined ? candidate.bodyLine + result.bodyLine : line,
        column: 1,
        message: withTaskNamed(result.message, brokenTaskId(undefined, candidate.body)),
      });
      after = candidate.endLine;
    }
  }
  return found;
}

function unquotedAtDiagnostics(path: string, block: FrontMatterBlock, found: readonly UnquotedAt[] | undefined): Diagnostic[] {
  return (found ?? []).map(({ bodyLine, column }) => ({
    code: "unquoted-at-sign",
    severity: "warning",
    path,
    line: block.bodyLine + bodyLine,
    column,
    message: "an unquoted `@` is not valid YAML (GitHub shows this front matter as an error); it is read as Backlog.md reads it, as the login: quote it, e.g. `\"@octocat\"`",
  }));
}

const ID_LINE = /^id[ \t]*:[ \t]*["']?([A-Za-z][A-Za-z0-9]*-[0-9A-Za-z]+(?:\.[0-9]+)*)["']?[ \t]*$/m;
// Backlog.md names a task file after its id and title: `task-12 - Title.md`, `back-367.03 - Title.md`.
const BACKLOG_FILE_NAME = /(?:^|\/)([A-Za-z][A-Za-z0-9]*-\d+(?:\.\d+)*) - [^/]*\.md$/;

/**
 * The task a front matter that could not be parsed was heading, so that the diagnostic names it:
 * from its `id:` line, else (Backlog.md) from the file name. Only for the message — no task is
 * made of a front matter that could not be read.
 */
function brokenTaskId(path: string | undefined, body: string): string | undefined {
  const line = ID_LINE.exec(body);
  if (line) return line[1];
  const name = path === undefined ? null : BACKLOG_FILE_NAME.exec(path);
  return name ? name[1] : undefined;
}

function withTaskNamed(message: string, id: string | undefined): string {
  return id === undefined ? message : `${message}; task ${id} is not read until this is fixed`;
}

function lineEnding(text: string): "\n" | "\r\n" {
  const newline = text.indexOf("\n");
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? "\r\n" : "\n";
}

function unreadable(path: string, text: string, error: unknown): Document {
  let checklist: Item[] = [];
  let scan: MarkdownScan | undefined;
  try {
    scan = readMarkdown(text);
    checklist = finishTasks(createReadContext(path, scan), [], scan.boxes.map((box) => ({ box }))).checklist;
  } catch {
    checklist = [];
  }
  const why = error instanceof Error ? error.name : "error";
  return unreadableDocument(path, text, `the reader failed on this document (${why}); only its checkboxes were read`, checklist);
}

/** Parsed documents by path and content hash, least recently used first. */
const cache = new Map<string, { document: Document; size: number }>();
let cachedChars = 0;
/** Bounds of the cache: entries, and characters of the documents they were parsed from. */
export const DOCUMENT_CACHE_MAX_ENTRIES = 512;
export const DOCUMENT_CACHE_MAX_CHARS = 64_000_000;

/**
 * `parseDocument` that never parses the same (path, text) twice while the result is cached: the
 * check run, the sync and the CLI read the same documents over and over. Each call returns its
 * own copy, so a caller that changes a document cannot change what the next caller gets.
 */
export function parseDocumentCached(path: string, text: string): Document {
  const key = `${path}\u0000${createHash("sha256").update(text).digest("base64")}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return structuredClone(hit.document);
  }
  const document = parseDocument(path, text);
  cache.set(key, { document, size: text.length });
  cachedChars += text.length;
  for (const [oldest, entry] of cache) {
    if (cache.size <= DOCUMENT_CACHE_MAX_ENTRIES && cachedChars <= DOCUMENT_CACHE_MAX_CHARS) break;
    if (oldest === key) break;
    cache.delete(oldest);
    cachedChars -= entry.size;
  }
  return structuredClone(document);
}

/** Empties the document cache (tests, and a long-lived process that wants its memory back). */
export function clearDocumentCache(): void {
  cache.clear();
  cachedChars = 0;
}

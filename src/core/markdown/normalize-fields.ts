import { isRepositoryWideId } from "../model/keys.js";
import type { Diagnostic, RawField, Status, TaskFields } from "../model/types.js";
import { dependencyId } from "./task-id.js";

export interface NormalizedFields {
  fields: TaskFields;
  labels: string[];
  dependsOn: string[];
  diagnostics: Diagnostic[];
}

const STATUSES: Record<string, Status> = {
  "to do": "todo",
  todo: "todo",
  pending: "todo",
  "not started": "todo",
  "not yet started": "todo",
  open: "todo",
  new: "todo",
  backlog: "todo",
  planned: "todo",
  "in progress": "in progress",
  inprogress: "in progress",
  wip: "in progress",
  doing: "in progress",
  started: "in progress",
  ongoing: "in progress",
  "in development": "in progress",
  "in review": "in review",
  review: "in review",
  reviewing: "in review",
  "under review": "in review",
  "ready for review": "in review",
  "code review": "in review",
  // Task lists written for AI agents use TESTING for "implemented, awaiting verification".
  testing: "in review",
  done: "done",
  complete: "done",
  completed: "done",
  finished: "done",
  closed: "done",
  resolved: "done",
  shipped: "done",
  blocked: "blocked",
  "on hold": "on hold",
  paused: "on hold",
  deferred: "on hold",
  cancelled: "cancelled",
  canceled: "cancelled",
  "won't do": "cancelled",
  "wont do": "cancelled",
  dropped: "cancelled",
  abandoned: "cancelled",
};

const PRIORITY_WORDS: Record<string, string> = {
  critical: "P0",
  blocker: "P0",
  urgent: "P0",
  highest: "P0",
  high: "P1",
  medium: "P2",
  normal: "P2",
  moderate: "P2",
  low: "P3",
  lowest: "P4",
  trivial: "P4",
};

const NOTHING = new Set(["", "none", "n/a", "na", "-", "—", "–", "nil", "null", "no", "nothing", "no dependencies", "tbd", "tba", "unassigned", "nobody", "anyone"]);

/** A whole value in brackets is a template placeholder (`[Name]`, `[X hours]`), not a value. */
function isPlaceholder(value: string): boolean {
  return /^\[[^\]]*\]$/.test(value.trim()) || /^<[^>]*>$/.test(value.trim());
}

function plain(value: string): string {
  return value
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*`]+|~~/g, "")
    .replace(/(^|\s)_+|_+(?=\s|$)/g, "$1")
    .trim();
}

function simplify(value: string): string {
  return plain(value)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .replace(/[_-]+/g, " ")
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A value that is one choice, or an options list whose choices all agree. `Draft/Planned/In
 * Progress` or `[To Do | In Progress]` lists the choices of a template, so it is not a value.
 */
function oneChoice<T>(value: string, read: (part: string) => T | undefined): T | undefined {
  let text = value.trim();
  const bracketed = /^\[(.*)\]$/.exec(text);
  if (bracketed) text = bracketed[1] ?? "";
  const parts = text.split(/\s*[|/]\s*/).filter((part) => part !== "");
  if (parts.length === 0) return undefined;
  if (parts.length === 1 && bracketed) return undefined;
  const read0 = read(parts[0] as string);
  if (read0 === undefined) return undefined;
  return parts.every((part) => read(part) === read0) ? read0 : undefined;
}

export function normalizeStatus(value: string): Status | undefined {
  return oneChoice(value, (part) => {
    const key = simplify(part);
    return Object.hasOwn(STATUSES, key) ? STATUSES[key] : undefined;
  });
}

export function normalizePriority(value: string): string | undefined {
  return oneChoice(value, (part) => {
    const text = plain(part).normalize("NFKC").trim();
    const p = /^p\s*([0-4])(?![0-9])/i.exec(text);
    if (p) return `P${p[1]}`;
    const key = simplify(text);
    return Object.hasOwn(PRIORITY_WORDS, key) ? PRIORITY_WORDS[key] : undefined;
  });
}

function splitList(value: string): string[] {
  return value
    .split(/\s*[,;&]\s*|\s+and\s+/i)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

function normalizePeople(value: string): { assignees: string[]; roles: string[] } {
  const assignees: string[] = [];
  const roles: string[] = [];
  if (isPlaceholder(value)) return { assignees, roles };
  for (const part of splitList(value)) {
    const text = plain(part).replace(/^["']|["']$/g, "").trim();
    if (NOTHING.has(text.toLowerCase()) || isPlaceholder(text)) continue;
    const login = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))$/.exec(text);
    if (login) {
      if (!assignees.includes(login[1] as string)) assignees.push(login[1] as string);
    } else if (!roles.includes(text)) roles.push(text);
  }
  return { assignees, roles };
}

function normalizePoints(value: string): number | undefined {
  const match = /^(\d{1,4})(?:\s*(?:points?|pts?|sp|story points?))?$/i.exec(plain(value));
  return match ? Number(match[1]) : undefined;
}

function normalizeDue(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(plain(value));
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(`${y}-${m}-${d}`) ? `${y}-${m}-${d}` : undefined;
}

const PHASE = /^[^\p{L}\p{N}]*(?:phase|stage|fase|faza|фаза|этап|етап|étape|etape|etappe|aşama|阶段|階段|フェーズ|단계)\s*([0-9]+(?:\.[0-9]+)*|[IVXLC]+)(?![\p{L}\p{N}])/iu;
const SPRINT = /(?:^|[^\p{L}\p{N}])((?:sprint|спринт|冲刺|スプリント|스프린트|iteration)\s*\d+)(?![\p{N}])/iu;

/** `Phase 1: Edge Layer` → `1`; `Фаза 2` → `2`. */
export function phaseOf(text: string): string | undefined {
  return PHASE.exec(text)?.[1];
}

/** `Phase 1: Edge Layer (NGINX) - Sprint 1` → `Sprint 1`. */
export function sprintOf(text: string): string | undefined {
  return SPRINT.exec(text)?.[1];
}

function asWritten(value: string): string | undefined {
  const text = value.trim();
  return text === "" || isPlaceholder(text) || NOTHING.has(text.toLowerCase()) ? undefined : text;
}

/**
 * Normalises the fields of one task. `raw` is keyed by normalised field name (see field-name.ts);
 * what the document wrote stays in `raw`. Dependencies become keys (path-scoped ids are resolved
 * against `path`); a dependency written as prose stays text and gets a `prose-dependency` warning.
 */
export function normalizeFields(raw: Record<string, RawField>, path: string): NormalizedFields {
  const fields: TaskFields = {};
  const diagnostics: Diagnostic[] = [];
  const value = (name: string): string | undefined => (Object.hasOwn(raw, name) ? raw[name]?.value : undefined);

  const status = value("status");
  if (status !== undefined) {
    const normal = normalizeStatus(status);
    if (normal) fields.status = normal;
  }
  const priority = value("priority");
  if (priority !== undefined) {
    const normal = normalizePriority(priority);
    if (normal) fields.priority = normal;
  }
  const assignee = value("assignee");
  if (assignee !== undefined) {
    const { assignees, roles } = normalizePeople(assignee);
    if (assignees.length > 0) fields.assignees = assignees;
    if (roles.length > 0) fields.roles = roles;
  }
  const points = value("points");
  if (points !== undefined) {
    const normal = normalizePoints(points);
    if (normal !== undefined) fields.points = normal;
  }
  const sprint = value("sprint");
  if (sprint !== undefined) {
    const normal = asWritten(sprint);
    if (normal) fields.sprint = normal;
  }
  const phase = value("phase");
  if (phase !== undefined) {
    const normal = asWritten(phase);
    if (normal) fields.phase = phaseOf(normal) ?? normal;
  }
  const effort = value("effort");
  if (effort !== undefined) {
    const normal = asWritten(effort);
    if (normal) fields.effort = normal;
  }
  const type = value("type");
  if (type !== undefined) {
    const normal = oneChoice(type, (part) => asWritten(plain(part))?.toLowerCase());
    if (normal) fields.type = normal;
  }
  const due = value("due");
  if (due !== undefined) {
    const normal = normalizeDue(due);
    if (normal) fields.due = normal;
  }

  const labels: string[] = [];
  const labelValue = value("labels");
  if (labelValue !== undefined && !isPlaceholder(labelValue)) {
    for (const part of labelValue.split(/\s*[,;]\s*/)) {
      const label = plain(part).replace(/^["'#]|["']$/g, "").trim();
      if (label !== "" && !labels.includes(label)) labels.push(label);
    }
  }

  const dependsOn: string[] = [];
  const dependencies = raw.dependencies;
  if (dependencies && Object.hasOwn(raw, "dependencies")) {
    const prose: string[] = [];
    const text = dependencies.value.trim();
    if (!NOTHING.has(simplify(text)) && !NOTHING.has(text.toLowerCase()) && !isPlaceholder(text)) {
      for (const part of splitList(text)) {
        const ids = idsOf(part);
        if (ids === undefined) prose.push(part);
        else
          for (const id of ids) {
            const key = dependencyKey(path, id);
            if (!dependsOn.includes(key)) dependsOn.push(key);
          }
      }
    }
    if (prose.length > 0) {
      diagnostics.push({
        code: "prose-dependency",
        severity: "warning",
        path,
        line: dependencies.line,
        column: dependencies.column,
        message: `${prose.map((part) => `"${part}"`).join(", ")} ${prose.length === 1 ? "is" : "are"} not a task id; ${prose.length === 1 ? "it stays" : "they stay"} text and no dependency is linked`,
      });
    }
  }
  return { fields, labels, dependsOn, diagnostics };
}

/** The ids a dependency list entry names (`TASK-001`, `TASK-001 TASK-002`, `[T003](#t003)`), or undefined for prose. */
function idsOf(part: string): string[] | undefined {
  const single = dependencyId(part);
  if (single !== undefined) return [single];
  const words = part.split(/\s+/);
  if (words.length < 2) return undefined;
  const ids = words.map((word) => dependencyId(word));
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

function dependencyKey(path: string, id: string): string {
  return isRepositoryWideId(id) ? id : `${path}#${id}`;
}

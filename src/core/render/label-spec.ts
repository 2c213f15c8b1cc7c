import type { Config } from "../config/schema.js";
import { LABEL_DESCRIPTION_MAX } from "../limits.js";
import { cutText } from "./cut-text.js";

export interface LabelSpec {
  name: string;
  /** Six hex digits, no `#` (what the labels API takes). */
  color: string;
  description: string;
}

const PRIORITY_COLORS: Record<string, string> = {
  p0: "b60205",
  p1: "d93f0b",
  p2: "fbca04",
  p3: "bfbfbf",
  p4: "e4e4e4",
};

const STATUS_COLORS: Record<string, string> = {
  todo: "ededed",
  "in progress": "1d76db",
  "in review": "5319e7",
  blocked: "b60205",
  "on hold": "fef2c0",
  done: "0e8a16",
  cancelled: "cccccc",
};

const PREFIX_COLORS: Record<string, string> = {
  priority: "d93f0b",
  status: "c5def5",
  type: "a2eeef",
  phase: "bfd4f2",
  parallel: "c2e0c6",
  story: "d4c5f9",
  role: "f9d0c4",
  sprint: "fef2c0",
};

const PREFIX_DESCRIPTIONS: Record<string, (value: string) => string> = {
  priority: (value) => `Task priority ${value}`,
  status: (value) => `Task status: ${value}`,
  type: (value) => `Task type: ${value}`,
  phase: (value) => `Task in phase ${value}`,
  story: (value) => `Task of user story ${value}`,
  role: (value) => `Task for the role ${value}`,
  sprint: (value) => `Task planned for ${value}`,
};

const OWNER_COLOR = "5319e7";

/**
 * How a label is created when it is missing. Colours are stable: by prefix (`priority: P0`
 * red … `P3` grey, `status: done` green…), else derived from the name, so the same label gets
 * the same colour in every repository. `config.labels.colors` overrides by full name first,
 * then by prefix.
 */
export function labelSpec(name: string, config: Pick<Config, "labels">): LabelSpec {
  const separator = name.indexOf(": ");
  const prefix = (separator > 0 ? name.slice(0, separator) : name).toLowerCase();
  const value = separator > 0 ? name.slice(separator + 2) : "";
  const isOwner = name.toLowerCase() === config.labels.ownership.toLowerCase();

  const color =
    override(config.labels.colors, name) ??
    (separator > 0 ? override(config.labels.colors, prefix) : undefined) ??
    defaultColor(name, prefix, value, separator > 0, isOwner);

  const describe = separator > 0 ? PREFIX_DESCRIPTIONS[prefix] : undefined;
  const description = isOwner
    ? "Mirrored from a task document by taskmirror"
    : name.toLowerCase() === "parallel"
      ? "Task that can run in parallel with others (spec-kit [P])"
      : describe
        ? `${describe(value)} (taskmirror)`
        : "Label from a task document (taskmirror)";
  return { name, color, description: cutText(description, LABEL_DESCRIPTION_MAX) };
}

function override(colors: Record<string, string>, name: string): string | undefined {
  if (colors[name] !== undefined) return colors[name];
  const folded = name.toLowerCase();
  for (const [key, color] of Object.entries(colors)) if (key.toLowerCase() === folded) return color;
  return undefined;
}

function defaultColor(name: string, prefix: string, value: string, prefixed: boolean, isOwner: boolean): string {
  if (isOwner) return OWNER_COLOR;
  const folded = value.toLowerCase();
  if (prefixed && prefix === "priority" && PRIORITY_COLORS[folded]) return PRIORITY_COLORS[folded];
  if (prefixed && prefix === "status" && STATUS_COLORS[folded]) return STATUS_COLORS[folded];
  if (prefixed && PREFIX_COLORS[prefix]) return PREFIX_COLORS[prefix];
  if (!prefixed && prefix === "parallel") return PREFIX_COLORS.parallel ?? "c2e0c6";
  return hashColor(name.toLowerCase());
}

// FNV-1a over the name, kept to light channels so that the dark label text GitHub picks stays readable.
function hashColor(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const channel = (shift: number) => (0x80 + ((hash >>> shift) & 0x7f)).toString(16).padStart(2, "0");
  return `${channel(0)}${channel(8)}${channel(16)}`;
}

import matter from "gray-matter";

/**
 * Front matter is data, never code. gray-matter evaluates `---js` / `---javascript` front matter
 * with `eval` by default, so both engines are replaced by functions that throw; any language
 * other than YAML or JSON is refused before gray-matter even sees it. Options are always passed,
 * which also keeps gray-matter's process-wide content cache out of the way.
 */
const REFUSE_CODE = (): never => {
  throw new Error("front matter in a programming language is never evaluated");
};
const MATTER_OPTIONS = {
  language: "yaml",
  engines: { js: REFUSE_CODE, javascript: REFUSE_CODE },
} as const;

/** Values a front matter may expand to: YAML aliases can make a few lines mean billions. */
export const FRONT_MATTER_NODE_LIMIT = 10_000;
const FRONT_MATTER_DEPTH_LIMIT = 64;

const DATA_LANGUAGES = new Set(["", "yaml", "yml", "json"]);

/** Where an unquoted `@` was read as Backlog.md reads it: 0-based line in the body, 1-based column of the `@`. */
export interface UnquotedAt {
  bodyLine: number;
  column: number;
}

export type FrontMatterResult =
  | { ok: true; data: Record<string, unknown>; /** Lines read only by quoting an unquoted `@` login. */ unquotedAt?: UnquotedAt[] }
  | { ok: false; message: string; /** 0-based line within the body, when the parser told. */ bodyLine?: number };

/** Parses the text between the delimiters of a front matter written in `language` (`""` = YAML). */
export function parseFrontMatter(language: string, body: string): FrontMatterResult {
  const lang = language.toLowerCase();
  if (!DATA_LANGUAGES.has(lang)) {
    return { ok: false, message: `front matter in \`${language}\` is not read (only YAML and JSON are data); it was not evaluated` };
  }
  const result = parseData(lang, body);
  if (result.ok || lang === "json") return result;
  // `reporter: @octocat` is not YAML (`@` is reserved), yet Backlog.md writes and reads it: its
  // parser quotes the value of `assignee:`/`reporter:` lines before loading. Read those lines the
  // same way — and only when the YAML fails, so valid YAML is never read differently.
  const quoted = quoteUnquotedLogins(body);
  if (quoted.lines.length === 0) return result;
  // Still broken: the error that remains once the logins are read is the one to fix.
  const retried = parseData(lang, quoted.body);
  return retried.ok ? { ...retried, unquotedAt: quoted.lines } : retried;
}

const LOGIN_LINE = /^(\s*(?:assignee|reporter)[ \t]*:[ \t]*)(.*?)([ \t]*)$/;

/** Backlog.md's preprocessing of `assignee:`/`reporter:` lines, limited to values that start with `@`. */
function quoteUnquotedLogins(body: string): { body: string; lines: UnquotedAt[] } {
  const lines: UnquotedAt[] = [];
  const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const out = body.split(/\r?\n/).map((line, index) => {
    const match = LOGIN_LINE.exec(line);
    if (!match) return line;
    const [, prefix = "", value = "", trailing = ""] = match;
    if (value.startsWith("@")) {
      lines.push({ bodyLine: index, column: prefix.length + 1 });
      return `${prefix}${quote(value)}${trailing}`;
    }
    const list = /^\[(.*)\]$/.exec(value);
    if (!list || !/(?:^|,)\s*@/.test(list[1] ?? "")) return line;
    lines.push({ bodyLine: index, column: line.indexOf("@") + 1 });
    const entries = (list[1] ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
    return `${prefix}[${entries.map((entry) => (entry.startsWith("@") ? quote(entry) : entry)).join(", ")}]${trailing}`;
  });
  return { body: out.join("\n"), lines };
}

function parseData(lang: string, body: string): FrontMatterResult {
  let parsed: unknown;
  try {
    parsed = matter(`---${lang}\n${body}\n---\n`, MATTER_OPTIONS).data;
  } catch (error) {
    const mark = (error as { mark?: { line?: unknown } }).mark;
    const reason = (error as { reason?: unknown }).reason;
    const message = typeof reason === "string" ? reason : error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
    return {
      ok: false,
      message: `front matter is not valid ${lang === "json" ? "JSON" : "YAML"}: ${message}`,
      // gray-matter hands the loader the text from the end of the opening `---` line, newline included.
      ...(typeof mark?.line === "number" ? { bodyLine: Math.max(0, mark.line - 1) } : {}),
    };
  }
  if (parsed === null || parsed === undefined) return { ok: true, data: {} };
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, message: "front matter is not a mapping of keys to values" };
  }
  const budget = { left: FRONT_MATTER_NODE_LIMIT };
  const data = toPlainData(parsed, budget, 0);
  if (data === TOO_BIG) {
    return {
      ok: false,
      message: `front matter expands to more than ${FRONT_MATTER_NODE_LIMIT} values (YAML aliases?) and was not read`,
    };
  }
  return { ok: true, data: data as Record<string, unknown> };
}

const TOO_BIG = Symbol("too big");

/**
 * A copy of what the YAML loader returned with plain values only, visiting at most `budget`
 * values: aliases are followed as many times as they are used (that is what a consumer would do),
 * so an alias bomb or a cycle exhausts the budget instead of the process.
 */
function toPlainData(value: unknown, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > FRONT_MATTER_DEPTH_LIMIT) return TOO_BIG;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const entry of value) {
      const copy = toPlainData(entry, budget, depth + 1);
      if (copy === TOO_BIG) return TOO_BIG;
      out.push(copy);
    }
    return out;
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === "__proto__") continue;
      const copy = toPlainData((value as Record<string, unknown>)[key], budget, depth + 1);
      if (copy === TOO_BIG) return TOO_BIG;
      out[key] = copy;
    }
    return out;
  }
  if (typeof value === "function" || typeof value === "symbol") return null;
  return value;
}

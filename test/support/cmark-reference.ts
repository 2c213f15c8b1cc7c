/**
 * Writes what GitHub's own GFM parser, cmark-gfm, renders as checkboxes in every fixture document,
 * to fixtures/cmark/<dir>__<file>.json: `[{ "line": 12, "checked": false }, …]`.
 *
 *   npx tsx test/support/cmark-reference.ts            # (re)write the JSON files
 *   npx tsx test/support/cmark-reference.ts --check    # exit 1 when a JSON file is stale
 *
 * The reader's tests compare find-checkboxes (and the parsed model) with these files always, and
 * with a live cmark-gfm run when the binary is installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export interface ReferenceBox {
  line: number;
  checked: boolean;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE_DIRS = ["fixtures/seeds", "fixtures/documents", "fixtures/real"];
export const REFERENCE_DIR = join(root, "fixtures/cmark");

/** Every fixture document: path relative to the repository root. */
export function fixtureDocuments(): string[] {
  return FIXTURE_DIRS.flatMap((dir) => {
    const abs = join(root, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((name) => name !== "README.md" && (name.endsWith(".md") || name.endsWith(".txt")))
      .sort()
      .map((name) => relative(root, join(abs, name)));
  });
}

export function referencePath(document: string): string {
  const [, dir, name] = /^fixtures\/([^/]+)\/(.+)$/.exec(document) ?? [];
  return join(REFERENCE_DIR, `${dir}__${name}.json`);
}

/**
 * GitHub strips a leading YAML front matter before rendering (and shows it as a table); cmark-gfm
 * does not know front matter, so it is blanked here the same way the reader blanks it: a first
 * line `---` (optionally with a language) up to the next `---` or `...` line, newlines kept.
 * A leading BOM is dropped too: GitHub does not render it, cmark-gfm 0.29 chokes on it.
 */
export function renderedText(text: string): string {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/(?<=\n)/);
  if (/^---([A-Za-z][A-Za-z0-9_-]*)?[ \t]*\r?\n$/.test(lines[0] ?? "")) {
    const close = lines.findIndex((line, index) => index > 0 && /^(?:---|\.\.\.)[ \t]*\r?$/.test(line.replace(/\n$/, "")));
    if (close > 0) {
      body = lines.map((line, index) => (index <= close ? line.replace(/[^\r\n]/g, " ") : line)).join("");
    }
  }
  return body;
}

/**
 * cmark-gfm with the extensions GitHub enables (tables, strikethrough, autolinks, tag filter,
 * footnotes, task lists), as XML: every `<tasklist>` element is a rendered checkbox.
 */
export function runCmark(text: string): ReferenceBox[] {
  const xml = execFileSync(
    "cmark-gfm",
    ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "footnotes", "-e", "tasklist", "--sourcepos", "-t", "xml"],
    { input: renderedText(text), encoding: "utf8", maxBuffer: 1 << 28 },
  );
  const boxes: ReferenceBox[] = [];
  for (const match of xml.matchAll(/<tasklist sourcepos="(\d+):\d+-[^"]*" completed="(true|false)"/g)) {
    boxes.push({ line: Number(match[1]), checked: match[2] === "true" });
  }
  return boxes;
}

export function cmarkAvailable(): boolean {
  try {
    execFileSync("cmark-gfm", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function main(): void {
  const check = process.argv.includes("--check");
  mkdirSync(REFERENCE_DIR, { recursive: true });
  let stale = 0;
  for (const document of fixtureDocuments()) {
    const boxes = runCmark(readFileSync(join(root, document), "utf8"));
    const json = `${JSON.stringify(boxes, null, 0).replace(/\},\{/g, "},\n  {").replace(/^\[\{/, "[\n  {").replace(/\}\]$/, "}\n]")}\n`;
    const target = referencePath(document);
    const current = existsSync(target) ? readFileSync(target, "utf8") : "";
    if (current === json) continue;
    stale++;
    if (check) console.error(`stale: ${relative(root, target)}`);
    else writeFileSync(target, json);
    console.log(`${check ? "would write" : "wrote"} ${relative(root, target)} (${boxes.length} boxes)`);
  }
  if (check && stale > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { fixturePath } from "../support/fixtures.js";

/**
 * Task documents for fuzzing the reader and the checkbox splicer: real documents and seeds from
 * fixtures/, or lines drawn from a pool of the constructs the reader cares about, then mutated
 * line by line (insert, delete, duplicate, move, indent, wrap in a fence or front matter, random
 * unicode) and as a whole (CRLF, BOM, tabs). A case is data — base name, window and mutations —
 * so a counterexample prints as something a regression test can rebuild with `buildDocument`.
 */

export interface Corpus {
  names: string[];
  texts: Map<string, string>;
}

let corpus: Corpus | undefined;

/** fixtures/seeds, fixtures/real and fixtures/documents, keyed `seeds/000_….txt` etc. */
export function loadCorpus(): Corpus {
  if (corpus) return corpus;
  const texts = new Map<string, string>();
  for (const folder of ["seeds", "real", "documents"]) {
    for (const file of readdirSync(fixturePath(folder)).sort()) {
      if (file === "README.md") continue;
      texts.set(`${folder}/${file}`, readFileSync(fixturePath(folder, file), "utf8"));
    }
  }
  corpus = { names: [...texts.keys()], texts };
  return corpus;
}

/** Lines that open, close or confuse the constructs the reader distinguishes. */
export const FRAGMENTS: readonly string[] = [
  "", "  ", "---", "***", "=====", "```", "```ts", "~~~", "````", "    - [ ] indented code", "\t- [ ] tab",
  "- [ ] item", "- [x] done", "- [X] Done", "* [ ] star", "+ [x] plus", "1. [ ] ordered", "2) [x] paren",
  "  - [ ] nested", "    - [x] nested twice", "      - [ ] thrice", "\t\t- [ ] tabs", "- [-] in progress", "- [~] queued",
  "- [ ]", "- [ ]x", "-  [ ] two spaces", "- [ x] malformed", "- []", "- [  ] wide", "> - [ ] quoted", "> > - [x] twice quoted",
  "- > [ ] quote in item", "<!-- comment -->", "<!--", "-->", "<div>", "</div>", "<details>", "<summary>x</summary>",
  "| a | b |", "|---|---|", "| - [ ] cell | x |", "# Heading", "## Phase 1: Setup", "### TASK-001: Title", "### TASK-002: Other",
  "## 1. Group", "- [ ] 1.1 Sub", "- [x] 1.2 Sub done", "- [ ] 1. Kiro task", "  - [ ] 1.1 Kiro sub", "- [ ] T001 [P] [US1] Do it",
  "- [X] T002 Done", "### [T-001] Bracket title [DONE]", "# TASK-007: Single", "**Status**: done", "**Status**: In Progress",
  "**Priority**: P0", "**Dependencies**: TASK-002, TASK-404", "**Assignee**: @octocat", "**Subtasks**:", "| Status | Done |",
  "id: TASK-9", "id: task-12", "status: In Progress", "title: x", "name: thing", "assignee: @alice", "depends_on: [TASK-1]",
  "---js", "---javascript", "---json", "{", "}", "[x]: https://example.com", "[ ]: x", "`- [ ] code`", "- [ ] `code` [x]",
  "\\- [ ] escaped", "- [ ] item  ", "[^1]: footnote", "- [ ] <!-- taskmirror:state {\"key\":\"X\"} -->",
  "<!-- taskmirror:begin -->", "\u00a0- [ ] nbsp", "\uFEFF", "\u0000", "- [ ] caf\u00e9 \u2713 \ud83d\ude80", "- [ ] \u00c3\u00a9 mojibake",
  "- [ ] **Bold item**", "  continuation line", "- plain item", "Setext", "---", "<script>", "$$", "- [ ] [link](x) [y]",
];

/** Unicode the text may never have seen: any code point, lone surrogates, controls, RTL and combining marks. */
export const unicode: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), maxLength: 3 }),
  fc.string({ unit: fc.constantFrom("\r", "\n", "\t", "\u000b", "\u000c", "\u0085", "\u2028", "\u202e", "\u0301", "\u200b", "[", "]", "x", " ", "-", ">", "`", "\\"), maxLength: 8 }),
);

const line: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: unicode });

export type Mutation =
  | { kind: "insert"; at: number; line: string }
  | { kind: "delete"; at: number; count: number }
  | { kind: "duplicate"; at: number; count: number; to: number }
  | { kind: "move"; from: number; to: number }
  | { kind: "indent"; at: number; count: number; prefix: string }
  | { kind: "chars"; at: number; column: number; text: string }
  | { kind: "wrap"; at: number; count: number; open: string; close: string }
  | { kind: "crlf" }
  | { kind: "cr" }
  | { kind: "bom" }
  | { kind: "tabs" }
  | { kind: "no-final-newline" };

const index = fc.nat(10_000);
/** Openers with their closer ("" leaves it open to the end of the document). */
const FENCES: readonly [string, string][] = [
  ["```", "```"], ["~~~", "~~~"], ["<div>", "</div>"], ["<!--", "-->"], ["---", "---"], ["---", ""], ["```", ""], ["<details>", ""], ["$$", "$$"], ["---json", "---"],
];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: index, line }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: index, count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: index, count: fc.integer({ min: 1, max: 12 }), to: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("move" as const), from: index, to: index }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("indent" as const), at: index, count: fc.integer({ min: 1, max: 10 }), prefix: fc.constantFrom("  ", "    ", "\t", "> ", "- ", "1. ", " ") }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("chars" as const), at: index, column: fc.nat(200), text: unicode }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(index, fc.integer({ min: 1, max: 10 }), fc.constantFrom(...FENCES))
      .map(([at, count, [open, close]]): Mutation => ({ kind: "wrap", at, count, open, close })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Mutation>({ kind: "crlf" }, { kind: "cr" }, { kind: "bom" }, { kind: "tabs" }, { kind: "no-final-newline" }) },
);

export interface FuzzCase {
  /** A corpus name, or `generated` for `lines`. */
  base: string;
  /** Generated documents only: their lines. */
  lines?: string[];
  /** The window of the base's lines kept (start, count); whole documents when count is 0. */
  start: number;
  count: number;
  mutations: Mutation[];
}

/**
 * Cases over the corpus and generated documents. `maxWindow` bounds the lines taken from a base
 * (0: whole documents), so the short run in `npm test` stays small.
 */
export function fuzzCase(options: { maxWindow: number; maxMutations: number }): fc.Arbitrary<FuzzCase> {
  const { names } = loadCorpus();
  const mutations = fc.array(mutation, { maxLength: options.maxMutations });
  const window = options.maxWindow > 0 ? fc.integer({ min: 1, max: options.maxWindow }) : fc.constant(0);
  const real = fc.record({ base: fc.constantFrom(...names), start: index, count: window, mutations });
  const generated = fc.record({ base: fc.constant("generated"), lines: fc.array(line, { maxLength: 60 }), start: fc.constant(0), count: fc.constant(0), mutations });
  return fc.oneof({ weight: 3, arbitrary: real }, { weight: 1, arbitrary: generated });
}

/** The text a case stands for. */
export function buildDocument(fuzz: FuzzCase): string {
  const source = fuzz.base === "generated" ? (fuzz.lines ?? []).join("\n") + "\n" : loadCorpus().texts.get(fuzz.base);
  if (source === undefined) throw new Error(`no corpus document ${fuzz.base}`);
  let lines = source.split("\n");
  if (fuzz.count > 0 && lines.length > 0) {
    const start = fuzz.start % lines.length;
    lines = lines.slice(start, start + fuzz.count);
  }
  const whole: ((text: string) => string)[] = [];
  for (const change of fuzz.mutations) {
    const at = (n: number, extra = 0) => (lines.length + extra === 0 ? 0 : n % (lines.length + extra));
    switch (change.kind) {
      case "insert":
        lines.splice(at(change.at, 1), 0, change.line);
        break;
      case "delete":
        lines.splice(at(change.at), change.count);
        break;
      case "duplicate": {
        const from = at(change.at);
        const copy = lines.slice(from, from + change.count);
        lines.splice(at(change.to, 1), 0, ...copy);
        break;
      }
      case "move": {
        const [moved] = lines.splice(at(change.from), 1);
        if (moved !== undefined) lines.splice(at(change.to, 1), 0, moved);
        break;
      }
      case "indent": {
        const from = at(change.at);
        for (let i = from; i < Math.min(lines.length, from + change.count); i++) lines[i] = change.prefix + lines[i];
        break;
      }
      case "chars": {
        const target = at(change.at);
        const old = lines[target] ?? "";
        const column = old.length === 0 ? 0 : change.column % (old.length + 1);
        lines[target] = old.slice(0, column) + change.text + old.slice(column);
        break;
      }
      case "wrap": {
        const from = at(change.at);
        const end = Math.min(lines.length, from + change.count);
        lines.splice(end, 0, change.close);
        lines.splice(from, 0, change.open);
        break;
      }
      case "crlf":
        whole.push((text) => text.replace(/\r?\n/g, "\r\n"));
        break;
      case "cr":
        whole.push((text) => text.replace(/\r?\n/g, "\r"));
        break;
      case "bom":
        whole.push((text) => (text.startsWith("\uFEFF") ? text : `\uFEFF${text}`));
        break;
      case "tabs":
        whole.push((text) => text.replace(/^((?: {2})+)/gm, (spaces) => "\t".repeat(spaces.length / 2)));
        break;
      case "no-final-newline":
        whole.push((text) => text.replace(/\r?\n$/, ""));
        break;
    }
  }
  let text = lines.join("\n");
  for (const apply of whole) text = apply(text);
  return text;
}

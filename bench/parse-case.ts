/**
 * One benchmark case in its own process, so that its peak memory (maxRSS) is its own:
 *   tsx bench/parse-case.ts <remark|taskmirror|cached> <format> <tasks>
 * Prints one JSON line { ms (median of runs), maxRssMb }.
 */
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { parseDocument, parseDocumentCached } from "../src/core/markdown/parse-document.js";
import { generateDocument, type BenchFormat } from "./generate-documents.js";

const [mode, format, size] = process.argv.slice(2) as [string, BenchFormat, string];
const text = generateDocument(format, Number(size));
const runs = Number(size) >= 10_000 ? 3 : 7;
const path = "specs/001-bench/tasks.md";
const once = (): number => {
  const start = performance.now();
  if (mode === "remark") unified().use(remarkParse).use(remarkGfm).parse(text);
  else if (mode === "taskmirror") parseDocument(path, text);
  else parseDocumentCached(path, text);
  return performance.now() - start;
};
once(); // warm-up: JIT and module loading are not what is measured
const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
const tasks = mode === "remark" ? null : parseDocument(path, text).tasks.length;
console.log(JSON.stringify({ ms: times[Math.floor(times.length / 2)], maxRssMb: process.resourceUsage().maxRSS / 1024, tasks, bytes: text.length }));

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDocument, type BenchFormat } from "./generate-documents.js";

interface CaseResult {
  ms: number;
  maxRssMb: number;
  tasks: number | null;
  bytes: number;
}

/**
 * Bare remark is quadratic on a long run of separate lists (every TASK heading starts new ones):
 * it took over 11 minutes on 10,000 TASK headings here, where parseDocument, which parses such
 * documents in chunks, takes seconds. A case that runs past this budget is stopped and reported
 * as "over" it, so the bench always finishes.
 */
const CASE_BUDGET_MS = 90_000;

function runCase(mode: string, format: BenchFormat, size: number): CaseResult | null {
  const child = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "parse-case.ts"), mode, format, String(size)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    timeout: CASE_BUDGET_MS,
  });
  if (child.signal !== null) return null;
  if (child.status !== 0) throw new Error(`case ${mode} ${format} ${size} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as CaseResult;
}

const over = `> ${CASE_BUDGET_MS / 1000} s`;

function cmarkMs(format: BenchFormat, size: number, dir: string): number | null {
  const probe = spawnSync("cmark-gfm", ["--version"], { encoding: "utf8" });
  if (probe.status !== 0) return null;
  const file = join(dir, `${format}-${size}.md`);
  writeFileSync(file, generateDocument(format, size));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    spawnSync("cmark-gfm", ["-e", "tasklist", "--sourcepos", file], { maxBuffer: 256 << 20 });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** parseDocument against bare remark (same text, separate processes) and cmark-gfm as the floor. */
export function parseBench(): string[] {
  const dir = mkdtempSync(join(tmpdir(), "taskmirror-bench-"));
  const lines = [
    "## Reader: parseDocument vs bare remark-parse + remark-gfm (median ms, peak RSS MB)",
    "",
    "| format | tasks | bytes | remark ms | taskmirror ms | ratio (target ≤ 1.5) | remark MB | taskmirror MB | cached ms | cmark-gfm ms |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const growth: string[] = [];
  try {
    for (const format of ["spec-kit", "numbered-checklist", "task-headings"] as const) {
      const bySize: Record<number, number> = {};
      for (const size of [1_000, 10_000]) {
        const remark = runCase("remark", format, size);
        const ours = runCase("taskmirror", format, size);
        const cached = runCase("cached", format, size);
        const cmark = cmarkMs(format, size, dir);
        if (ours === null || cached === null) throw new Error(`parseDocument took ${over} on ${size} ${format} tasks`);
        bySize[size] = ours.ms;
        const ratio = remark === null ? `< ${(ours.ms / CASE_BUDGET_MS).toFixed(2)}` : (ours.ms / remark.ms).toFixed(2);
        lines.push(
          `| ${format} | ${ours.tasks} | ${ours.bytes} | ${remark === null ? over : remark.ms.toFixed(0)} | ${ours.ms.toFixed(0)} | ${ratio} | ${remark === null ? "—" : remark.maxRssMb.toFixed(0)} | ${ours.maxRssMb.toFixed(0)} | ${cached.ms.toFixed(2)} | ${cmark === null ? "not installed" : cmark.toFixed(0)} |`,
        );
      }
      growth.push(`- ${format}: 10,000 tasks take ${(bySize[10_000]! / bySize[1_000]!).toFixed(1)}× the time of 1,000 (linear = 10×)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [...lines, "", "Growth:", ...growth, ""];
}

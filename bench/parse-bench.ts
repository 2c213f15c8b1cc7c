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

function runCase(mode: string, format: BenchFormat, size: number): CaseResult {
  const child = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "parse-case.ts"), mode, format, String(size)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`case ${mode} ${format} ${size} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as CaseResult;
}

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
        bySize[size] = ours.ms;
        lines.push(
          `| ${format} | ${ours.tasks} | ${ours.bytes} | ${remark.ms.toFixed(0)} | ${ours.ms.toFixed(0)} | ${(ours.ms / remark.ms).toFixed(2)} | ${remark.maxRssMb.toFixed(0)} | ${ours.maxRssMb.toFixed(0)} | ${cached.ms.toFixed(2)} | ${cmark === null ? "not installed" : cmark.toFixed(0)} |`,
        );
      }
      growth.push(`- ${format}: 10,000 tasks take ${(bySize[10_000]! / bySize[1_000]!).toFixed(1)}× the time of 1,000 (linear = 10×)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [...lines, "", "Growth:", ...growth, ""];
}

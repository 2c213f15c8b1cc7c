import { DEFAULT_CONFIG } from "../src/core/config/schema.js";
import { parseDocument } from "../src/core/markdown/parse-document.js";
import type { Document } from "../src/core/model/types.js";
import { planSync } from "../src/core/plan/plan-sync.js";
import type { Plan } from "../src/core/plan/types.js";
import { applyInMemory, emptyWorld, type World } from "../test/unit/plan/apply-in-memory.js";
import { generateDocument } from "./generate-documents.js";
import { table } from "./bench-harness.js";

const SOURCE = { serverUrl: "https://github.com", owner: "acme", repo: "bench", sha: "a".repeat(40) };
const TASKS = 1000;
const PATH = "specs/001-bench/tasks.md";
const MOVED = "specs/archive/001-bench/tasks.md";

function plan(world: World): Plan {
  return planSync({ documents: world.documents, issues: world.issues, config: DEFAULT_CONFIG, source: SOURCE, existingLabels: world.labels });
}

/** Median of `runs` timings of `work`, in milliseconds. */
function median(work: () => unknown, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

/**
 * `npm run bench -- match`: planSync on 1,000 tasks against their 1,000 mirrored issues — the
 * matching (match-tasks.ts) must stay near linear: sure pairs by key first, candidates found
 * through rare title words only. Times are medians of 5 runs in this process.
 */
export function matchBench(): string[] {
  const spec = generateDocument("spec-kit", TASKS);
  const docs = (path: string, text: string): Document[] => [parseDocument(path, text)];
  const start = emptyWorld(docs(PATH, spec));
  const synced = applyInMemory(plan(start), start);

  // Ten tasks inserted at the top: every one of the 1,000 ids shifts by ten.
  const lines = spec.split("\n");
  const first = lines.findIndex((line) => line.startsWith("- ["));
  const inserted = Array.from({ length: 10 }, (_, i) => `- [ ] T${String(i + 1).padStart(5, "0")} Prepare step ${i} of the rollout checklist`);
  const renumber = [...lines.slice(0, first), ...inserted, ...lines.slice(first)];
  let n = 0;
  const shifted = renumber.map((line) => (line.startsWith("- [") ? line.replace(/T\d{5}/, () => `T${String(++n).padStart(5, "0")}`) : line)).join("\n");

  const scenarios: [string, World][] = [
    ["unchanged (a resync)", synced],
    ["10 tasks inserted at the top: 1,000 ids renumbered", { ...synced, documents: docs(PATH, shifted) }],
    ["the document moved, no rename reported", { ...synced, documents: docs(MOVED, spec) }],
  ];
  const rows = scenarios.map(([name, world]) => {
    const result = plan(world);
    const kinds = (kind: string) => result.operations.filter((op) => op.kind === kind).length;
    return [name, `${median(() => plan(world)).toFixed(0)} ms`, kinds("rekey"), kinds("create"), kinds("close")];
  });
  return [
    `## Matching: planSync on ${TASKS.toLocaleString("en-US")} spec-kit tasks × ${synced.issues.length.toLocaleString("en-US")} mirrored issues`,
    "",
    ...table(["scenario", "planSync (median of 5)", "kept under new keys", "created", "closed"], rows, [false, true, true, true, true]),
    "",
  ];
}

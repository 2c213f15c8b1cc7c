import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = join(import.meta.dirname, "..");

/** Where each seed document lives in the demo repository: paths the default globs pick up. */
const SEED_PATHS: Record<string, string> = {
  "000_d033895dcf2ad89a.txt": "docs/tasks/TASKS-000-template.md",
  "001_4b80d5d6467c2eb4.txt": "docs/tasks/TASK-technical-template.md",
  "002_9b44147aba6dd40d.txt": ".kiro/specs/platform/tasks.md",
  "003_350c1e53366d76d6.txt": "plans/e2e-traceability.tasks.md",
  "004_a9430548ce7eef10.txt": "plans/feature-phases.tasks.md",
};

/** Path → content of the repository's files: the seed documents, or every file under `dir`. */
export function demoDocuments(dir?: string): Record<string, string> {
  if (dir === undefined) {
    const seeds = join(root, "fixtures/seeds");
    return Object.fromEntries(Object.entries(SEED_PATHS).map(([seed, path]) => [path, readFileSync(join(seeds, seed), "utf8")]));
  }
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return Object.fromEntries(walk(dir).map((file) => [relative(dir, file).split(sep).join("/"), readFileSync(file, "utf8")]));
}

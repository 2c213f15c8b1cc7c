import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturePath } from "../support/fixtures.js";

const seeds = fixturePath("seeds");

/** The seed documents as one repository's files: 97 tasks in five formats. */
export const SEED_FILES: Record<string, string> = {
  "docs/tasks/TASKS-000.md": readFileSync(join(seeds, "000_d033895dcf2ad89a.txt"), "utf8"),
  "docs/tasks/TASK-technical.md": readFileSync(join(seeds, "001_4b80d5d6467c2eb4.txt"), "utf8"),
  ".kiro/specs/platform/tasks.md": readFileSync(join(seeds, "002_9b44147aba6dd40d.txt"), "utf8"),
  "plans/e2e-traceability.tasks.md": readFileSync(join(seeds, "003_350c1e53366d76d6.txt"), "utf8"),
  "plans/feature-phases.tasks.md": readFileSync(join(seeds, "004_a9430548ce7eef10.txt"), "utf8"),
  "README.md": "# Platform\n",
};

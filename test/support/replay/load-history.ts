import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import type { History } from "./types.js";

export const HISTORIES_DIR = join(import.meta.dirname, "../../../fixtures/histories");

const count = z.number().int().nonnegative().default(0);
const historySchema = z
  .object({
    title: z.string().min(1),
    source: z.string().min(1),
    steps: z
      .array(
        z
          .object({
            files: z.string().regex(/^[\w.-]+$/),
            note: z.string().default(""),
            tasks: z.record(z.string(), z.string().min(1)).default({}),
            moved: z.record(z.string(), z.string().min(1)).default({}),
            // Omitted counts are 0: a step says only what it should change.
            expect: z
              .object({ created: count, closedCompleted: count, closedNotPlanned: count, reopened: count })
              .strict()
              .default({ created: 0, closedCompleted: 0, closedNotPlanned: 0, reopened: 0 }),
          })
          .strict(),
      )
      .min(2),
  })
  .strict();

/** The names of the histories under `fixtures/histories/` (each a directory with a `history.yml`). */
export function listHistories(root = HISTORIES_DIR): string[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
}

/** Reads `<root>/<name>/history.yml` and every file of each step's version directory. */
export function loadHistory(name: string, root = HISTORIES_DIR): History {
  const dir = join(root, name);
  const parsed = historySchema.safeParse(parse(readFileSync(join(dir, "history.yml"), "utf8")));
  if (!parsed.success) throw new Error(`${name}/history.yml: ${z.prettifyError(parsed.error)}`);
  const { title, source, steps } = parsed.data;
  return {
    name,
    title,
    source,
    steps: steps.map((step) => ({
      name: step.files,
      note: step.note,
      files: readTree(join(dir, step.files)),
      tasks: step.tasks,
      moved: step.moved,
      ideal: step.expect,
    })),
  };
}

function readTree(dir: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(files, readTree(join(dir, entry.name), `${path}/`));
    else if (entry.isFile()) files[path] = readFileSync(join(dir, entry.name), "utf8");
  }
  return files;
}

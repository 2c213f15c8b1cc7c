import { join } from "node:path";

/** The repository's top-level `fixtures/`: task documents, cmark references, histories. */
export const FIXTURES_DIR = join(import.meta.dirname, "../../fixtures");

/** A folder (or file) below `fixtures/`. */
export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

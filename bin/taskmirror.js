#!/usr/bin/env node
// Runs the compiled CLI when it exists (an installed package), else the TypeScript source
// through tsx (a clone that has not run `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "dist", "cli.js");
if (existsSync(compiled)) {
  const { main } = await import(pathToFileURL(compiled).href);
  process.exitCode = await main(process.argv.slice(2));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import(pathToFileURL(join(root, "src", "cli.ts")).href);
  process.exitCode = await main(process.argv.slice(2));
}

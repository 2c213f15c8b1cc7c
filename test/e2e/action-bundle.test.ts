import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../..");
const committed = join(root, "dist/action/index.js");

describe("the Action's committed bundle", () => {
  it("is what npm run build:action makes of the sources now, byte for byte", async () => {
    const out = mkdtempSync(join(tmpdir(), "taskmirror-bundle-"));
    try {
      // The same script, with only the output file moved (esbuild takes the last --outfile).
      await promisify(execFile)("npm", ["run", "--silent", "build:action", "--", `--outfile=${join(out, "index.js")}`], { cwd: root });
      const fresh = readFileSync(join(out, "index.js"));
      const stale = !fresh.equals(readFileSync(committed));
      expect(stale, "dist/action/index.js is stale: run npm run build:action and commit").toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("is what action.yml runs, on Node 20, with the documented inputs", () => {
    const manifest = parse(readFileSync(join(root, "action.yml"), "utf8")) as { runs: Record<string, string>; inputs: Record<string, { default?: string; required?: boolean }> };
    expect(manifest.runs).toEqual({ using: "node20", main: "dist/action/index.js" });
    expect(Object.keys(manifest.inputs)).toEqual(["mode", "paths", "config", "token", "dry-run"]);
    expect(manifest.inputs.mode?.required).toBe(true);
    expect([manifest.inputs.config?.default, manifest.inputs.token?.default, manifest.inputs["dry-run"]?.default]).toEqual([".github/taskmirror.yml", "${{ github.token }}", "false"]);
  });
});

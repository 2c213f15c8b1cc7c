import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

/** What the repository's top level promises (README, issue 10): nothing else belongs there. */
const REQUIRED = ["package.json", "package-lock.json", "tsconfig.json", "src", "app.yml", "test", "fixtures", "Dockerfile", "README.md"];
const ALLOWED = [
  ...REQUIRED,
  "bench",
  "demo",
  "action.yml",
  "docker-compose.yml",
  // Tool configuration and the package's bin entry.
  "tsconfig.build.json",
  "vitest.config.ts",
  "bin",
  // Build output, ignored — but for the Action's committed bundle (the ncc convention).
  "dist",
];

describe("the repository's layout", () => {
  // What git tracks or would track (new files not ignored): build outputs and installed
  // dependencies (dist/, node_modules/, coverage/) are ignored, not part of the layout.
  const entries = [
    ...new Set(
      execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
        .split("\n")
        .filter((path) => path !== "")
        .map((path) => path.split("/")[0]!),
    ),
  ].sort();

  it("has every top-level entry it promises", () => {
    expect(REQUIRED.filter((name) => !entries.includes(name))).toEqual([]);
  });

  it("tracks nothing in dist/ but the Action's bundle", () => {
    const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "dist"], { cwd: root, encoding: "utf8" });
    expect(tracked.split("\n").filter((path) => path !== "")).toEqual(["dist/action/index.js"]);
  });

  it("has nothing else at the top level but dot-files", () => {
    expect(entries.filter((name) => !name.startsWith(".") && !ALLOWED.includes(name))).toEqual([]);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * src/core must stay pure (STYLE.md): no Probot, no Octokit, no file system, no network, no
 * processes. Everything that touches the world lives in src/github, src/handlers or the CLI.
 */
const root = join(import.meta.dirname, "../../..");
const core = join(root, "src/core");
const forbidden = /^(probot|@octokit\/.*|node:(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)|fs|fs\/promises|net|http|https|child_process|ioredis|pino)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']/g)) specifiers.push(match[1]!);
  for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(match[1]!);
  for (const match of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(match[1]!);
  for (const match of source.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) specifiers.push(match[1]!);
  return specifiers;
}

describe("src/core purity", () => {
  it("finds the imports the check relies on", () => {
    expect(importsOf('import { a } from "node:fs";\nexport * from "probot";\nconst x = await import("node:http");')).toEqual([
      "node:fs",
      "probot",
      "node:http",
    ]);
  });

  it("has no file that imports I/O", () => {
    const offenders = sourceFiles(core).flatMap((file) =>
      importsOf(readFileSync(file, "utf8"))
        .filter((specifier) => forbidden.test(specifier) || (specifier.startsWith(".") && !join(file, "..", specifier).startsWith(core)))
        .map((specifier) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(sourceFiles(core).length).toBeGreaterThan(3);
    expect(offenders).toEqual([]);
  });
});

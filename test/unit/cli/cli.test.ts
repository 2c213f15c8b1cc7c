import { fixturePath } from "../../support/fixtures.js";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src/cli.js";

const seeds = fixturePath("seeds");
let root: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliIn(root, ...argv);
}

async function cliIn(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd, env: {} });
  return { code, out, err };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "taskmirror-cli-"));
  mkdirSync(join(root, "plans"));
  mkdirSync(join(root, ".kiro/specs/platform"), { recursive: true });
  mkdirSync(join(root, "broken"));
  copyFileSync(join(seeds, "003_350c1e53366d76d6.txt"), join(root, "plans/e2e.tasks.md"));
  copyFileSync(join(seeds, "002_9b44147aba6dd40d.txt"), join(root, ".kiro/specs/platform/tasks.md"));
  writeFileSync(join(root, "plans/notes.md"), "# Not a task document\n- [ ] not matched by the globs\n");
  writeFileSync(
    join(root, "broken/tasks.md"),
    [
      "## TASK-101: First",
      "**Priority**: P1",
      "**Dependencies**: TASK-999",
      "",
      "## TASK-101: Second with the same id",
      "- [ x] malformed box",
      "",
    ].join("\n"),
  );
  writeFileSync(join(root, "clean.tasks.md"), "## TASK-201: Clean\n**Priority**: P2\n\n- [ ] one\n- [x] two\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("taskmirror validate", () => {
  it("exits 0 and says so when there is nothing wrong", async () => {
    expect(await cli("validate", "clean.tasks.md")).toEqual({ code: 0, out: "No problems found.\n", err: "" });
  });

  it("lists problems linter-style and exits 1 on errors", async () => {
    const { code, out } = await cli("validate", "broken/tasks.md");
    expect(code).toBe(1);
    const lines = out.split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^broken\/tasks\.md:3:\d+ {2}error {3}.*TASK-999.* {2}unknown-dependency$/));
    expect(lines).toContainEqual(expect.stringMatching(/^broken\/tasks\.md:5:\d+ {2}error {3}.* {2}duplicate-key$/));
    expect(lines).toContainEqual(expect.stringMatching(/^broken\/tasks\.md:6:\d+ {2}warning .* {2}malformed-checkbox$/));
    expect(out).toMatch(/\n\d+ problems \(2 errors, \d+ warnings?\)\n$/);
  });

  it("prints GitHub workflow annotations", async () => {
    const { code, out } = await cli("validate", "--format", "github", "broken/tasks.md");
    expect(code).toBe(1);
    expect(out).toContain("::error file=broken/tasks.md,line=3,col=");
    expect(out).toMatch(/::error file=broken\/tasks\.md,line=5,col=\d+,title=duplicate-key::/);
  });

  it("prints JSON with counts", async () => {
    const { out } = await cli("validate", "--format", "json", "broken/tasks.md");
    const parsed = JSON.parse(out) as { diagnostics: { code: string }[]; counts: { error: number } };
    expect(parsed.counts.error).toBe(2);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["unknown-dependency", "duplicate-key", "malformed-checkbox"]));
  });

  it("searches directories with the default globs", async () => {
    const { out } = await cli("validate", "--format", "json", ".");
    const paths = new Set((JSON.parse(out) as { diagnostics: { path: string }[] }).diagnostics.map((d) => d.path));
    expect(paths.has("plans/notes.md")).toBe(false);
    expect(paths.has("broken/tasks.md")).toBe(true);
  });

  it("refuses an invalid config with its line, and does not validate with defaults", async () => {
    writeFileSync(join(root, "bad.yml"), "paths: []\nwriteBack:\n  mode: maybe\n");
    const { code, out, err } = await cli("validate", "--config", "bad.yml", "clean.tasks.md");
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/^bad\.yml:1:1 {2}error +`paths`: .* {2}invalid-config$/m);
    expect(err).toMatch(/^bad\.yml:3:3 {2}error +`writeBack\.mode`: .* {2}invalid-config$/m);
  });
});

describe("taskmirror parse", () => {
  it("prints the documented JSON model", async () => {
    const { code, out } = await cli("parse", "--json", ".kiro/specs/platform/tasks.md");
    expect(code).toBe(0);
    const model = JSON.parse(out) as {
      documents: { path: string; format: string; tasks: { key: string; parent: string | null; checkbox: { line: number; checked: boolean } | null }[] }[];
      diagnostics: unknown[];
    };
    const [doc] = model.documents;
    expect(doc?.path).toBe(".kiro/specs/platform/tasks.md");
    expect(doc?.format).toBe("numbered-checklist");
    expect(doc?.tasks).toHaveLength(13);
    expect(doc?.tasks[0]).toMatchObject({ key: ".kiro/specs/platform/tasks.md#1", parent: null, checkbox: { line: 5, checked: false } });
    expect(doc?.tasks[1]).toMatchObject({ key: ".kiro/specs/platform/tasks.md#1.1", parent: ".kiro/specs/platform/tasks.md#1" });
    expect(Object.keys(doc!.tasks[1]!).sort()).toEqual(["checkbox", "checklist", "dependsOn", "fields", "key", "labels", "line", "parent", "title"]);
  });

  it("prints a readable outline", async () => {
    const { code, out } = await cli("parse", "plans/e2e.tasks.md");
    expect(code).toBe(0);
    expect(out).toMatch(/^plans\/e2e\.tasks\.md {2}task-headings, 35 tasks, \d+ checkboxes$/m);
    expect(out).toMatch(/^ {2}TASK-002 {2}Configure NGINX OpenTelemetry Integration {2}\(P0; 4 hours; 0\/5 items; after TASK-001\) {2}line \d+$/m);
  });
});

describe("taskmirror plan", () => {
  it("shows every issue the documents would become", async () => {
    const { code, out } = await cli("plan", "--json", "plans/e2e.tasks.md");
    expect(code).toBe(0);
    const { issues } = JSON.parse(out) as { issues: { key: string; title: string; labels: string[]; blockedBy: string[]; body: string }[] };
    expect(issues).toHaveLength(35);
    const second = issues.find((i) => i.key === "TASK-002");
    expect(second?.title).toBe("TASK-002: Configure NGINX OpenTelemetry Integration");
    expect(second?.labels).toEqual(expect.arrayContaining(["priority: P0", "taskmirror"]));
    expect(second?.blockedBy).toEqual(["TASK-001"]);
    expect(second?.body).toContain("<!-- taskmirror:begin -->");
    expect(second?.body).not.toMatch(/#\d+\b(?!-)/);
  });

  it("prints the plan for people", async () => {
    const { out } = await cli("plan", ".kiro/specs/platform/tasks.md");
    expect(out).toContain("━━ 1.1: Initialize project structure");
    expect(out).toMatch(/parent: {5}\.kiro\/specs\/platform\/tasks\.md#1\n/);
    expect(out).toMatch(/^13 issues \(0 created closed\), \d+ labels\.$/m);
  });
});

describe("keys and paths are the repository's, wherever the command runs", () => {
  const SPEC = "# Tasks: Auth\n\n## Phase 1: Setup\n- [ ] T001 Create project structure\n- [ ] T002 [P] Configure linting\n";
  let repo: string;
  let elsewhere: string;

  beforeAll(() => {
    // A clone (`.git` a folder) with a path-scoped spec-kit document, a config of its own, and
    // a working directory that is not inside it.
    repo = mkdtempSync(join(tmpdir(), "taskmirror-repo-"));
    elsewhere = mkdtempSync(join(tmpdir(), "taskmirror-elsewhere-"));
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, "specs/001-auth"), { recursive: true });
    mkdirSync(join(repo, "plans/tasks"), { recursive: true });
    mkdirSync(join(repo, ".github"));
    writeFileSync(join(repo, "specs/001-auth/tasks.md"), SPEC);
    writeFileSync(join(repo, "plans/tasks/later.md"), "- [ ] T001 Not selected by this repository's paths\n");
    writeFileSync(join(repo, ".github/taskmirror.yml"), "paths: ['specs/**/tasks.md']\n");
  });
  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const keys = (out: string) => (JSON.parse(out) as { documents: { tasks: { key: string }[] }[] }).documents.flatMap((d) => d.tasks.map((t) => t.key));

  it("keys a directory's tasks from the enclosing work tree's root, with its config", async () => {
    const { code, out } = await cliIn(elsewhere, "parse", "--json", join(repo, "specs"));
    expect(code).toBe(0);
    expect(keys(out)).toEqual(["specs/001-auth/tasks.md#T001", "specs/001-auth/tasks.md#T002"]);
    // The repository's own config applies: plans/tasks/later.md matches the default globs only.
    const everything = await cliIn(elsewhere, "parse", "--json", repo);
    expect(keys(everything.out)).toEqual(["specs/001-auth/tasks.md#T001", "specs/001-auth/tasks.md#T002"]);
  });

  it("keys a file the same way from inside the repository, from a subfolder and from a relative path", async () => {
    const fromRoot = await cliIn(repo, "parse", "--json", "specs/001-auth/tasks.md");
    const fromSub = await cliIn(join(repo, "specs/001-auth"), "parse", "--json", "tasks.md");
    const relativePath = join("..", basename(repo), "specs/001-auth/tasks.md");
    const fromSibling = await cliIn(elsewhere, "parse", "--json", relativePath);
    expect([keys(fromRoot.out), keys(fromSub.out), keys(fromSibling.out)]).toEqual([
      ["specs/001-auth/tasks.md#T001", "specs/001-auth/tasks.md#T002"],
      ["specs/001-auth/tasks.md#T001", "specs/001-auth/tasks.md#T002"],
      ["specs/001-auth/tasks.md#T001", "specs/001-auth/tasks.md#T002"],
    ]);
  });

  it("finds the root of a linked worktree, whose .git is a file", async () => {
    const worktree = mkdtempSync(join(tmpdir(), "taskmirror-worktree-"));
    try {
      writeFileSync(join(worktree, ".git"), "gitdir: /somewhere/.git/worktrees/feature\n");
      mkdirSync(join(worktree, "specs/002-search"), { recursive: true });
      writeFileSync(join(worktree, "specs/002-search/tasks.md"), SPEC);
      const { out } = await cliIn(elsewhere, "plan", "--json", join(worktree, "specs/002-search/tasks.md"));
      const { issues } = JSON.parse(out) as { issues: { key: string; body: string }[] };
      expect(issues.map((i) => i.key)).toEqual(["specs/002-search/tasks.md#T001", "specs/002-search/tasks.md#T002"]);
      expect(issues[0]?.body).toContain("specs/002-search/tasks.md");
      expect(issues[0]?.body).not.toContain("../");
    } finally {
      rmSync(worktree, { recursive: true, force: true });
    }
  });

  it("takes the root from --root, and refuses a target outside it", async () => {
    const plain = mkdtempSync(join(tmpdir(), "taskmirror-plain-"));
    try {
      mkdirSync(join(plain, "docs/tasks"), { recursive: true });
      writeFileSync(join(plain, "docs/tasks/auth.md"), SPEC);
      const rooted = await cliIn(elsewhere, "parse", "--json", "--root", plain, join(plain, "docs/tasks"));
      expect(keys(rooted.out)).toEqual(["docs/tasks/auth.md#T001", "docs/tasks/auth.md#T002"]);
      // No work tree holds it and it is not below the current directory: no key would be right.
      const outside = await cliIn(elsewhere, "validate", join(plain, "docs/tasks/auth.md"));
      expect(outside.code).toBe(2);
      expect(outside.err).toContain(`is outside the repository root ${elsewhere}; give the root with --root DIR`);
      const notUnder = await cliIn(elsewhere, "validate", "--root", join(plain, "docs"), join(repo, "specs"));
      expect(notUnder.code).toBe(2);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe("usage", () => {
  it("exits 2 on bad usage", async () => {
    expect((await cli("frobnicate", "x")).code).toBe(2);
    expect((await cli("validate")).code).toBe(2);
    expect((await cli("parse", "--format", "json", "clean.tasks.md")).code).toBe(2);
    expect((await cli("validate", "--format", "xml", "clean.tasks.md")).code).toBe(2);
    expect((await cli("validate", "--bogus", "clean.tasks.md")).code).toBe(2);
    const missing = await cli("validate", "nope.md");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no such file or directory: nope.md");
  });

  it("prints help and version", async () => {
    expect((await cli("--help")).out).toContain("Usage: taskmirror <command>");
    expect((await cli("--version")).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

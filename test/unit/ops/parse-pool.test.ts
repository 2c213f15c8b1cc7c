import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import { parseDocument } from "../../../src/core/markdown/parse-document.js";
import { validate } from "../../../src/core/validate/validate.js";
import { ParsePool } from "../../../src/ops/parse-pool.js";
import { fixturePath } from "../../support/fixtures.js";
import { deeplyNested } from "../../support/deeply-nested.js";

/** Every task document under fixtures/ (the cmark reference outputs are not documents). */
const FIXTURES = ["seeds", "real", "documents"].flatMap((dir) =>
  readdirSync(fixturePath(dir))
    .filter((name) => name !== "README.md")
    .map((name) => ({ path: `${dir}/${name}`, text: readFileSync(fixturePath(dir, name), "utf8") })),
);

const SMALL = { path: "docs/tasks.md", text: "# Tasks\n\n### TASK-001: Ship it\n**Priority**: P1\n\n- [ ] build\n- [x] test\n" };

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("ParsePool", () => {
  it("gives every fixture document exactly what parseDocument gives in this thread", async () => {
    pool = new ParsePool({ threads: 1 });
    expect(FIXTURES.length).toBeGreaterThan(15);
    const fromPool = await Promise.all(FIXTURES.map(({ path, text }) => pool!.parse(path, text)));
    expect(fromPool).toStrictEqual(FIXTURES.map(({ path, text }) => parseDocument(path, text)));
    expect(pool.stats.parsed).toBe(FIXTURES.length);
  });

  it("validates on a worker exactly as validate does in this thread, source texts included", async () => {
    pool = new ParsePool({ threads: 1 });
    const documents = await Promise.all(FIXTURES.map(({ path, text }) => pool!.parse(path, text)));
    const texts = new Map(FIXTURES.map(({ path, text }) => [path, text]));
    const expected = validate(documents, DEFAULT_CONFIG, { sourceText: (path) => texts.get(path) });
    expect(expected.length).toBeGreaterThan(0);
    expect(await pool.validate(documents, DEFAULT_CONFIG, { sourceText: (path) => texts.get(path) })).toStrictEqual(expected);
    // A document that did not come from the pool is sent as it is.
    const local = FIXTURES.map(({ path, text }) => parseDocument(path, text));
    expect(await pool.validate(local, DEFAULT_CONFIG)).toStrictEqual(validate(local, DEFAULT_CONFIG));
  });

  it("parses one (path, text) once, and hands each caller its own copy", async () => {
    pool = new ParsePool({ threads: 1 });
    const [first, second] = await Promise.all([pool.parse(SMALL.path, SMALL.text), pool.parse(SMALL.path, SMALL.text)]);
    const third = await pool.parse(SMALL.path, SMALL.text);
    expect(pool.stats.parsed).toBe(1);
    expect(second).toStrictEqual(first);
    expect(third).toStrictEqual(first);
    first!.tasks[0]!.title = "changed by a caller";
    expect((await pool.parse(SMALL.path, SMALL.text)).tasks[0]!.title).toBe("Ship it");
    // The same text at another path is another document (keys derive from the path).
    await pool.parse("other/tasks.md", SMALL.text);
    expect(pool.stats.parsed).toBe(2);
  });

  it("stops a document that needs more memory than its budget, replaces the worker, and parses the rest", async () => {
    pool = new ParsePool({ threads: 1, memoryMb: 96, timeoutMs: 600_000, idleTimeoutMs: 60_000 });
    const before = await pool.parse(SMALL.path, SMALL.text);
    const [worker] = pool.stats.threads;
    expect(worker).toBeDefined();

    const [hostile, ...others] = await Promise.all([
      pool.parse("docs/hostile/tasks.md", deeplyNested(1_000_000)),
      ...FIXTURES.slice(0, 4).map(({ path, text }) => pool!.parse(path, text)),
    ]);
    expect(hostile).toStrictEqual({
      path: "docs/hostile/tasks.md",
      format: "checklist",
      frontMatter: {},
      tasks: [],
      checklist: [],
      diagnostics: [
        {
          code: "unreadable-document",
          severity: "error",
          path: "docs/hostile/tasks.md",
          line: 1,
          column: 1,
          message: "parsing needed more than 96 MB; the document was not read (split it into smaller documents)",
        },
      ],
      bom: false,
      eol: "\n",
    });
    expect(others).toStrictEqual(FIXTURES.slice(0, 4).map(({ path, text }) => parseDocument(path, text)));

    // A new worker took the dead one's place, and parses as before.
    const again = await pool.parse("docs/again.md", SMALL.text);
    expect(again.tasks.map((task) => task.key)).toEqual(before.tasks.map((task) => task.key));
    expect(pool.stats.threads).not.toContain(worker);
    expect(pool.stats.threads).toHaveLength(1);
    // V8 collects over and over near the cap before it gives up: many seconds on a busy machine.
  }, 180_000);

  it("stops a document that parses for longer than its budget, replaces the worker, and parses the rest", async () => {
    // Long enough for a cold worker to parse a fixture on a loaded machine; the hostile document
    // needs 40 s and more.
    pool = new ParsePool({ threads: 1, timeoutMs: 5000, memoryMb: 4096, idleTimeoutMs: 60_000 });
    await pool.parse(SMALL.path, SMALL.text);
    const [worker] = pool.stats.threads;

    const [hostile, other] = await Promise.all([pool.parse("docs/slow/tasks.md", deeplyNested(4_000_000)), pool.parse(FIXTURES[0]!.path, FIXTURES[0]!.text)]);
    expect(hostile.tasks).toEqual([]);
    expect(hostile.diagnostics).toEqual([
      {
        code: "unreadable-document",
        severity: "error",
        path: "docs/slow/tasks.md",
        line: 1,
        column: 1,
        message: "parsing took longer than 5 s; the document was not read (split it into smaller documents)",
      },
    ]);
    // Queued behind the slow one, the other document's budget only started when it did.
    expect(other).toStrictEqual(parseDocument(FIXTURES[0]!.path, FIXTURES[0]!.text));
    expect(pool.stats.threads).not.toContain(worker);

    // The outcome is kept: the same text is not given another 5 s of a worker.
    const parsed = pool.stats.parsed;
    expect((await pool.parse("docs/slow/tasks.md", deeplyNested(4_000_000))).diagnostics[0]!.message).toMatch(/longer than 5 s/);
    expect(pool.stats.parsed).toBe(parsed);
  }, 120_000);

  it("with no threads, parses and validates in this thread (a command line, where no webhook waits)", async () => {
    pool = new ParsePool({ threads: 0 });
    const documents = await Promise.all(FIXTURES.map(({ path, text }) => pool!.parse(path, text)));
    expect(documents).toStrictEqual(FIXTURES.map(({ path, text }) => parseDocument(path, text)));
    expect(await pool.validate(documents, DEFAULT_CONFIG)).toStrictEqual(validate(documents, DEFAULT_CONFIG));
    expect(pool.stats.threads).toEqual([]);
  });

  it("reads its budgets and size from the environment, and shuts idle workers down", async () => {
    const saved = { ...process.env };
    try {
      process.env.TASKMIRROR_PARSE_TIMEOUT_MS = "12000";
      process.env.TASKMIRROR_PARSE_MEMORY_MB = "256";
      process.env.TASKMIRROR_PARSE_THREADS = "3";
      expect(new ParsePool().settings).toEqual({ timeoutMs: 12_000, memoryMb: 256, threads: 3, idleTimeoutMs: 30_000 });
      process.env.TASKMIRROR_PARSE_TIMEOUT_MS = "soon";
      process.env.TASKMIRROR_PARSE_MEMORY_MB = "0";
      process.env.TASKMIRROR_PARSE_THREADS = "-1";
      const defaults = new ParsePool().settings;
      expect([defaults.timeoutMs, defaults.memoryMb]).toEqual([20_000, 1024]);
      expect(defaults.threads).toBeGreaterThanOrEqual(1);
      process.env.TASKMIRROR_PARSE_THREADS = "0";
      expect(new ParsePool().settings.threads).toBe(0);
    } finally {
      process.env = saved;
    }

    pool = new ParsePool({ threads: 1, idleTimeoutMs: 200 });
    await pool.parse(SMALL.path, SMALL.text);
    expect(pool.stats.threads).toHaveLength(1);
    await expect.poll(() => pool!.stats.threads.length, { timeout: 10_000 }).toBe(0);
    // A later document starts a worker again.
    expect((await pool.parse("docs/later.md", SMALL.text)).tasks).toHaveLength(1);
  });
});

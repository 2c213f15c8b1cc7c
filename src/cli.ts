import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CONFIG_PATH } from "./core/config/parse-config.js";
import type { Config } from "./core/config/schema.js";
import { parseDocumentCached } from "./core/markdown/parse-document.js";
import type { Diagnostic, Document } from "./core/model/types.js";
import { validate } from "./core/validate/validate.js";
import { formatDiagnostics, type DiagnosticFormat } from "./cli/format-diagnostics.js";
import { formatDocuments } from "./cli/format-documents.js";
import { formatLocalPlan } from "./cli/format-local-plan.js";
import type { ProgressStream } from "./cli/sync-progress.js";
import { findRepositoryRoot } from "./local/find-repository-root.js";
import { loadLocalConfig } from "./local/load-local-config.js";
import { loadLocalDocuments } from "./local/load-local-documents.js";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Where `sync` draws its progress line; only a TTY gets one. */
  progress?: ProgressStream;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  progress: process.stderr,
};

const USAGE = `Usage: taskmirror <command> [options] <file|dir>...

Commands:
  parse     Print the task model read from the documents.
  validate  Check the documents; exit 1 when there are errors.
  plan      Show the issues the documents would become.
  sync      Mirror the documents of a GitHub repository into its issues (needs a token).

Options:
  --root DIR             The repository root that paths and task keys are relative to
                         (default: the git work tree that holds the first file or directory).
  --config FILE          Read this taskmirror.yml (default: .github/taskmirror.yml of the root, when present).
  --json                 parse, plan: print JSON.
  --format FORMAT        validate: pretty (default), json or github (workflow annotations).
  -h, --help             Show this help.
  -v, --version          Show the version.

Directories are searched with the configured globs (default: **/TASK*.md, **/tasks.md,
**/tasks/**/*.md, **/*.tasks.md, and Backlog.md's **/backlog/completed/*.md and
**/.backlog/completed/*.md). Exit codes: 0 fine, 1 errors found, 2 bad usage.
`;

const options = {
  json: { type: "boolean" },
  format: { type: "string" },
  config: { type: "string" },
  root: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  repo: { type: "string" },
  token: { type: "string" },
  "api-url": { type: "string" },
  ref: { type: "string" },
  "dry-run": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

class UsageError extends Error {}

/** The command line. Returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`taskmirror: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`taskmirror: ${(error as Error).message}\n`);
    return 1;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values.version) {
    io.stdout(`${await version()}\n`);
    return 0;
  }
  const [command, ...targets] = positionals;
  if (values.help || command === undefined || command === "help") {
    io.stdout(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === "sync") {
    const { runSync } = await import("./cli/run-sync.js");
    return runSync({ ...values, targets }, io);
  }
  if (!["parse", "validate", "plan"].includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (targets.length === 0) throw new UsageError(`${command} needs at least one file or directory`);
  const format = (values.format ?? "pretty") as DiagnosticFormat;
  if (!["pretty", "json", "github"].includes(format)) throw new UsageError(`unknown format "${values.format}"`);
  if (values.format !== undefined && command !== "validate") throw new UsageError("--format goes with validate");

  const root = await repositoryRoot(values.root, targets, io.cwd);
  const config = await loadConfig(values.config, root, io);
  if (config === null) return 1;
  const { files, missing } = await loadLocalDocuments(targets, config, root, io.cwd);
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(", ")}`);
  const documents: Document[] = files.map((file) => parseDocumentCached(file.path, file.text));
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const diagnostics: Diagnostic[] = validate(documents, config, { sourceText: (path) => texts.get(path) });

  if (command === "validate") {
    io.stdout(formatDiagnostics(diagnostics, format));
    return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
  }
  if (command === "parse") {
    io.stdout(formatDocuments(documents, diagnostics, values.json === true));
    return 0;
  }
  io.stdout(formatLocalPlan(documents, config, diagnostics, values.json === true));
  return 0;
}

/**
 * Keys and paths are the repository's, wherever the command runs: `--root`, else the work tree
 * of the first target, else the current directory. A target outside it would get a `../` path
 * no repository has.
 */
async function repositoryRoot(option: string | undefined, targets: string[], cwd: string): Promise<string> {
  const root = option !== undefined ? resolve(cwd, option) : ((await findRepositoryRoot(resolve(cwd, targets[0] ?? "."))) ?? cwd);
  for (const target of targets) {
    const path = relative(root, resolve(cwd, target));
    if (path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path)) {
      throw new UsageError(`${target} is outside the repository root ${root}; give the root with --root DIR`);
    }
  }
  return root;
}

async function loadConfig(path: string | undefined, root: string, io: CliIo): Promise<Config | null> {
  const file = path === undefined ? join(root, CONFIG_PATH) : resolve(io.cwd, path);
  const { config, diagnostics } = await loadLocalConfig(file, path ?? CONFIG_PATH, path !== undefined).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  if (config === null) io.stderr(formatDiagnostics(diagnostics, "pretty"));
  return config;
}

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

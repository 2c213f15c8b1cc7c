import { execFile, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { execForm, parseDockerfile, type DockerStage } from "../support/dockerfile.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  dependencies: Record<string, string>;
  files: string[];
};
const stages = parseDockerfile(readFileSync(join(root, "Dockerfile"), "utf8"));
const [build, runtime] = stages as [DockerStage, DockerStage];
const instructions = (stage: DockerStage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

/**
 * The runtime stage of the Dockerfile, rebuilt here without Docker (no engine runs on these
 * machines): the package's files as the build stage lays them out (`npm pack`, unpacked, plus
 * the lockfile), then the runtime stage's own RUN lines, ENV and CMD exactly as written, and
 * the app started from that folder against the fake GitHub. Whatever a production start
 * imports from devDependencies, or a file the package forgot, fails here.
 */
describe("the production file set the Dockerfile copies", () => {
  let work: string;
  let image: string;
  let fake: FakeGitHub;
  let app: AppProcess;
  const timings: Record<string, number> = {};
  const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await step();
    } finally {
      timings[what] = Math.round(performance.now() - started);
    }
  };

  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "main.js"))) throw new Error("dist/main.js is missing: run `npm run build` first (`npm test` does)");
    work = mkdtempSync(join(tmpdir(), "taskmirror-image-"));
    image = join(work, "app");

    // The build stage: `npm pack`, unpacked into /package, and the lockfile beside it.
    await timed("pack", async () => {
      const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root });
      const tarball = join(work, stdout.trim().split("\n").at(-1)!);
      mkdirSync(image);
      await run("tar", ["-xzf", tarball, "-C", image, "--strip-components=1"]);
      cpSync(join(root, "package-lock.json"), join(image, "package-lock.json"));
    });

    // The runtime stage's RUN lines, in the copied folder (its WORKDIR). The npm cache is the
    // machine's, preferred over the registry, as the build's cache mount would be.
    await timed("runtime RUN", async () => {
      for (const step of instructions(runtime, "RUN")) {
        const done = spawnSync("sh", ["-c", step.args], {
          cwd: image,
          env: { ...process.env, ...envOf(runtime), npm_config_prefer_offline: "true", npm_config_update_notifier: "false" },
          encoding: "utf8",
        });
        if (done.status !== 0) throw new Error(`RUN ${step.args} failed (${done.status}):\n${done.stdout}\n${done.stderr}`);
      }
    });

    // CMD, with the stage's ENV, against the fake; only where it listens differs (a free port on
    // the loopback, which startAppProcess picks, instead of 0.0.0.0:3000) and GitHub (the fake,
    // over plain HTTP).
    const { PORT: _port, ...env } = envOf(runtime);
    ({ fake, app } = await timed("start", () =>
      startFakeAndApp({ ...env, HOST: "127.0.0.1", LOG_LEVEL: "info", LOG_FORMAT: "" }, { cwd: image, command: cmdOf(runtime) }),
    ));
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    console.log(`production file set: ${JSON.stringify(timings)} ms`);
  });

  it("is built from the current Node LTS on Debian slim, in two stages, running as node", () => {
    expect(stages.map((stage) => [stage.image, stage.name])).toEqual([
      ["node:26-trixie-slim", "build"],
      ["node:26-trixie-slim", null],
    ]);
    expect(instructions(build, "RUN").map((i) => i.args)).toEqual([
      "npm ci --no-audit --no-fund",
      "npm run build",
      "npm pack --silent --pack-destination /tmp && mkdir /package && tar -xzf /tmp/taskmirror-*.tgz -C /package --strip-components=1 && cp package-lock.json /package/",
    ]);
    expect(runtime.instructions.map((i) => i.keyword)).toEqual(["ENV", "ENV", "ENV", "WORKDIR", "COPY", "RUN", "ENV", "RUN", "VOLUME", "USER", "EXPOSE", "HEALTHCHECK", "CMD"]);
    expect(envOf(runtime)).toEqual({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: "3000", TASKMIRROR_DATA_DIR: "/app/data" });
    // The job journal: a volume, the one place `node` may write.
    expect(instructions(runtime, "VOLUME").map((i) => i.args)).toEqual(["/app/data"]);
    expect(instructions(runtime, "COPY").map((i) => [i.flags.from, i.args])).toEqual([["build", "/package/ ./"]]);
    expect(instructions(runtime, "RUN").map((i) => i.args)).toEqual(["npm ci --omit=dev --no-audit --no-fund", "mkdir data && chown 1000:1000 data"]);
    expect(instructions(runtime, "USER").map((i) => i.args)).toEqual(["node"]);
    expect(instructions(runtime, "EXPOSE").map((i) => i.args)).toEqual(["3000"]);
    // `npm start` is `node dist/main.js` after its `prestart` build.
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(cmdOf(runtime)).toEqual(scripts.start!.split(" "));
  });

  it("copies into the build stage everything the package publishes", () => {
    const copied = instructions(build, "COPY").flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    // node_modules and data (the job journal's directory) are made by the runtime stage's RUN lines.
    const published = readdirSync(image).filter((name) => name !== "node_modules" && name !== "package-lock.json" && name !== "data");
    // A negated entry (`!dist/action`: the Action's bundle) leaves something out; it copies nothing.
    const included = packageJson.files.filter((name) => !name.startsWith("!"));
    // dist is what `npm run build` makes in the stage.
    expect(published.filter((name) => name !== "dist" && !copied.includes(name))).toEqual([]);
    expect(included.filter((name) => name !== "dist" && !copied.includes(name))).toEqual([]);
  });

  it("holds production dependencies only: no TypeScript, no tsx, nothing the lockfile marks dev", () => {
    const lock = JSON.parse(readFileSync(join(image, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const dev = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && entry.dev === true).map(([path]) => path);
    expect(dev.length).toBeGreaterThan(50);
    expect(dev.filter((path) => existsSync(join(image, path)))).toEqual([]);
    for (const name of ["typescript", "tsx", "vitest", "smee-client"]) expect(existsSync(join(image, "node_modules", name))).toBe(false);
    expect(existsSync(join(image, "node_modules", "probot"))).toBe(true);
    expect(existsSync(join(image, "src")) || existsSync(join(image, "test")) || existsSync(join(image, "fixtures"))).toBe(false);
  });

  it("imports nothing in dist that is not a production dependency", () => {
    const files = listFiles(join(image, "dist")).filter((file) => file.endsWith(".js"));
    const imported = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // Package names only: `from "${x}"` inside a message template is not an import.
      for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w./-]*)?|node:[\w/]+)["']/g)) {
        imported.add(packageName(match[1]!));
      }
    }
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const missing = [...imported].filter((name) => !builtins.has(name) && !name.startsWith("node:") && packageJson.dependencies[name] === undefined);
    expect(missing).toEqual([]);
    expect(imported.has("probot")).toBe(true);
  });

  it("serves /healthz and /readyz, passes its HEALTHCHECK, and syncs a repository", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);

    const [healthcheck] = instructions(runtime, "HEALTHCHECK");
    const [program, ...args] = execForm(healthcheck!.args.replace(/^CMD\s+/, ""));
    expect(program).toBe("node");
    const port = new URL(app.url).port;
    const probe = spawnSync(process.execPath, args, { cwd: image, env: { PATH: process.env.PATH ?? "", PORT: port }, encoding: "utf8", timeout: 10_000 });
    expect(probe.status).toBe(0);

    await fake.createRepo({
      owner: "acme",
      name: "image",
      files: {
        "docs/tasks/TASK-001.md": "# TASK-001: Ship the image\n\n**Status**: To Do\n\n- [ ] Build it\n",
        "docs/tasks/TASK-002.md": "# TASK-002: Write the Dockerfile\n\n**Status**: Done\n\n- [x] Two stages\n",
      },
    });
    await fake.installApp({ owner: "acme", repos: ["image"] });
    const issues = () => fake.snapshot().repositories.find((r) => r.full_name === "acme/image")!.issues;
    await timed("sync", () => waitFor(() => issues().length === 2, "two issues"));
    await fake.waitForQuiet({ quietMs: 500 });
    expect(issues().map((issue) => [issue.title, issue.state])).toEqual([
      ["TASK-001: Ship the image", "open"],
      ["TASK-002: Write the Dockerfile", "closed"],
    ]);
    expect(fake.violations()).toEqual([]);

    // NODE_ENV=production and no LOG_FORMAT: JSON lines, and not one error among them.
    const lines = app.output().trim().split("\n");
    expect(lines.every((line) => line.startsWith("{"))).toBe(true);
    const entries = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(entries.filter((entry) => entry.level >= 50)).toEqual([]);
    expect(entries.map((entry) => entry.msg)).toContain("delivery done");
  });

  it("runs the command line from the same files", () => {
    const document = join(work, "TASK-1.md");
    writeFileSync(document, "# TASK-1: Ship the image\n\n- [ ] Build it\n");
    const cli = spawnSync(process.execPath, ["bin/taskmirror.js", "parse", "--json", "--root", work, document], { cwd: image, encoding: "utf8" });
    expect([cli.status, cli.stderr]).toEqual([0, ""]);
    expect(cli.stdout).toContain('"key": "TASK-1"');
  });
});

function envOf(stage: DockerStage): Record<string, string> {
  return Object.fromEntries(
    stage.instructions
      .filter((i) => i.keyword === "ENV")
      .map((i) => {
        const [name = "", ...value] = i.args.split("=");
        return [name, value.join("=")];
      }),
  );
}

function cmdOf(stage: DockerStage): string[] {
  const [cmd] = stage.instructions.filter((i) => i.keyword === "CMD");
  return execForm(cmd!.args);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

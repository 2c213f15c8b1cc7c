import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDockerfile } from "../../support/dockerfile.js";

const root = join(import.meta.dirname, "../../..");
const read = (name: string) => readFileSync(join(root, name), "utf8");

/**
 * Whether the build context holds `path`, by .dockerignore's rules: patterns in order, the last
 * that matches the path or one of its parent folders wins, `!` lets back in; `*` is one path
 * segment, `**` any number.
 */
function inContext(ignore: string, path: string): boolean {
  let included = true;
  const patterns = ignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const prefixes = path.split("/").map((_, index, parts) => parts.slice(0, index + 1).join("/"));
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const body = (negated ? pattern.slice(1) : pattern).replace(/^\/|\/$/g, "");
    const regex = new RegExp(`^${body.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*")}$`);
    if (prefixes.some((prefix) => regex.test(prefix))) included = negated;
  }
  return included;
}

describe("the container files", () => {
  const stages = parseDockerfile(read("Dockerfile"));

  it("keep dependencies, credentials, tests, fixtures, bench, demo and git data out of the build context", () => {
    const ignore = read(".dockerignore");
    const kept = ["node_modules/probot/package.json", ".env", "taskmirror.private-key.pem", "dist/main.js", "test/e2e/app-process.ts", "fixtures/seeds/README.md", "bench/run.ts", "demo/run.ts", ".git/HEAD", ".ci/run", "coverage/index.html"];
    expect(kept.filter((path) => inContext(ignore, path))).toEqual([]);
    // Everything the Dockerfile copies from the context is in it.
    const copied = stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === "COPY" && i.flags.from === undefined).flatMap((i) => i.args.split(/\s+/).slice(0, -1)));
    expect(copied.length).toBeGreaterThan(5);
    expect(copied.filter((path) => !inContext(ignore, path))).toEqual([]);
    expect([inContext(ignore, "src/main.ts"), inContext(ignore, "bin/taskmirror.js")]).toEqual([true, true]);
  });

  it("run two app instances sharing one Redis, configured from .env", () => {
    const compose = parse(read("docker-compose.yml"), { merge: true }) as {
      services: Record<string, Record<string, any>>;
      volumes: Record<string, unknown>;
    };
    expect(Object.keys(compose.services).sort()).toEqual(["redis", "taskmirror-1", "taskmirror-2"]);
    const apps = ["taskmirror-1", "taskmirror-2"].map((name) => compose.services[name]!);
    for (const app of apps) {
      expect(app).toMatchObject({
        build: ".",
        env_file: ".env",
        environment: { NODE_ENV: "production", REDIS_URL: "redis://redis:6379" },
        depends_on: { redis: { condition: "service_healthy" } },
      });
      // Docker's grace before SIGKILL outlasts the app's 25 s drain.
      expect(Number.parseInt(app.stop_grace_period, 10)).toBeGreaterThan(25);
    }
    const ports = apps.map((app) => app.ports as string[]);
    expect(ports).toEqual([["3001:3000"], ["3002:3000"]]);
    expect(compose.services.redis).toMatchObject({ image: expect.stringMatching(/^redis:/), healthcheck: { test: ["CMD", "redis-cli", "ping"] } });
  });

  it("expose the port the app listens on and check the liveness endpoint", () => {
    const runtime = stages.at(-1)!;
    const healthcheck = runtime.instructions.find((i) => i.keyword === "HEALTHCHECK")!;
    expect(healthcheck.args).toMatch(/^CMD \["node", "-e", ".*\/healthz.*"\]$/);
    expect(healthcheck.flags).toMatchObject({ interval: "30s", timeout: "5s" });
    expect(runtime.instructions.filter((i) => i.keyword === "EXPOSE").map((i) => i.args)).toEqual(["3000"]);
  });
});

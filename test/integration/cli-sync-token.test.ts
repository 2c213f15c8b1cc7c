import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli.js";
import { runSync } from "../../src/cli/run-sync.js";
import type { ProgressStream } from "../../src/cli/sync-progress.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";

const DOC = [
  "## TASK-001: Set up the repository",
  "**Priority**: P1",
  "",
  "- [ ] Create the repository",
  "",
  "## TASK-002: Write the README",
  "**Dependencies**: TASK-001",
  "",
].join("\n");

let fake: FakeGitHub;

beforeAll(async () => {
  process.env.TASKMIRROR_WRITE_INTERVAL_MS = "0";
  process.env.TASKMIRROR_CONTENT_INTERVAL_MS = "0";
  fake = await startFakeGitHub();
});
afterEach(() => expect(fake.violations()).toEqual([]));
afterAll(() => fake.close());

/** A terminal's stderr (isTTY) or a pipe's, recording what was drawn on it. */
function stream(isTTY: boolean): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns: 120, written, write: (text: string) => written.push(text) };
}

async function sync(repo: string, progress: ProgressStream, extra: Record<string, unknown> = {}, token = fake.issueWorkflowToken({ owner: "acme", repo })) {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: "/", env: { LOG_LEVEL: "silent" }, progress };
  const code = await runSync({ repo: `acme/${repo}`, token, "api-url": fake.apiUrl, ...extra }, io);
  return { code, out, err };
}

/** The lines a terminal shows, one per redraw (each starts by clearing the line). */
function frames(written: string[]): string[] {
  return written.join("").split("\r\x1b[2K").filter((frame) => frame !== "");
}

describe("taskmirror sync progress", () => {
  it("draws tasks planned, operations applied of the total and writes on a terminal, then clears the line", async () => {
    await fake.createRepo({ owner: "acme", name: "tty", files: { "TASKS.md": DOC } });
    const tty = stream(true);
    const { code, out } = await sync("tty", tty);
    expect(code).toBe(0);
    const shown = frames(tty.written);
    expect(shown[0]).toBe("taskmirror sync: reading the repository…");
    // 2 labels to create (taskmirror, priority: P1), 2 issues, 1 blocked-by link.
    expect(shown[1]).toBe("taskmirror sync: 2 tasks planned · 0 of 5 operations applied");
    expect(shown).toContain("taskmirror sync: 2 tasks planned · 3 of 5 operations applied · 3 writes");
    expect(shown.at(-1)).toBe("taskmirror sync: 2 tasks planned · 5 of 5 operations applied · 5 writes");
    expect(tty.written.at(-1)).toBe("\r\x1b[2K");
    expect(out).toContain("Synced: created 2,");
  });

  it("stays quiet on a pipe, with the same report", async () => {
    await fake.createRepo({ owner: "acme", name: "pipe", files: { "TASKS.md": DOC } });
    const pipe = stream(false);
    const { code, out } = await sync("pipe", pipe);
    expect(code).toBe(0);
    expect(pipe.written).toEqual([]);
    expect(out).toContain("Synced: created 2,");
  });

  it("counts a rate-limit wait down while it lasts", async () => {
    await fake.createRepo({ owner: "acme", name: "limited", files: { "TASKS.md": DOC } });
    fake.failNext({ method: "POST", path: "/repos/acme/limited/issues", status: 403, headers: { "retry-after": "2" } });
    const tty = stream(true);
    const { code, out } = await sync("limited", tty);
    expect(code).toBe(0);
    const shown = frames(tty.written);
    const waits = shown.filter((frame) => frame.includes("secondary rate limit: waiting"));
    expect(waits[0]).toMatch(/· secondary rate limit: waiting, 2 s left$/);
    expect(waits).toContainEqual(expect.stringMatching(/· secondary rate limit: waiting, 1 s left$/));
    expect(shown.at(-1)).not.toContain("rate limit");
    expect(out).toContain("Synced: created 2,");
    expect(fake.snapshot().repositories.find((r) => r.full_name === "acme/limited")?.issues).toHaveLength(2);
  });

  it("prints the plan table on --dry-run, and writes nothing", async () => {
    await fake.createRepo({ owner: "acme", name: "dry", files: { "TASKS.md": DOC } });
    const before = fake.requests().length;
    const { code, out } = await sync("dry", stream(false), { "dry-run": true });
    expect(code).toBe(0);
    expect(out).toContain("Plan: 2 to create, 1 to relink, 2 labels to create.");
    expect(out).toMatch(/^create +TASK-001 +new +TASK-001: Set up the repository$/m);
    expect(out).toMatch(/^relink \(blocked-by\) +TASK-002 +new +TASK-002: Write the README$/m);
    expect(out).toContain("Dry run: nothing was written.");
    // The one POST is GraphQL's viewer query: whose issues the mirrored ones are.
    expect(fake.requests().slice(before).filter((r) => r.method !== "GET" && r.route !== "/graphql")).toEqual([]);
  });
});

describe("taskmirror sync with a GitHub App's installation token", () => {
  it("finds the issues its bot created again: the second sync writes nothing", async () => {
    await fake.createRepo({ owner: "acme", name: "app-token", files: { "TASKS.md": DOC } });
    const { installationId } = await fake.installApp({ owner: "acme", repos: ["app-token"] });
    const app = new Octokit({ baseUrl: fake.apiUrl, authStrategy: createAppAuth, auth: { appId: fake.app.id, privateKey: fake.app.privateKey, installationId } });
    const token = async () => ((await app.auth({ type: "installation" })) as { token: string }).token;
    const first = await sync("app-token", stream(false), {}, await token());
    expect(first.out).toContain("Synced: created 2,");
    const issues = fake.snapshot().repositories.find((r) => r.full_name === "acme/app-token")?.issues ?? [];
    expect(issues.map((issue) => issue.user)).toEqual(["taskmirror[bot]", "taskmirror[bot]"]);
    const before = fake.requests().length;
    const second = await sync("app-token", stream(false), {}, await token());
    expect(second.out).toContain("2 mirrored issues");
    expect(fake.requests().slice(before).filter((r) => r.method !== "GET" && r.route !== "/graphql" && !/access_tokens$/.test(r.path))).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/core/config/schema.js";
import type { FileToggle } from "../../../src/core/sync/types.js";
import type { GitHubScope } from "../../../src/github/types.js";
import { TickBatcher, type TickBatch } from "../../../src/github/write-back/tick-batcher.js";
import { RepoQueue } from "../../../src/queue/repo-queue.js";

const log = { error: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined };
const scope = (repo: string) => ({ octokit: {}, log, repo: { owner: "acme", repo } }) as unknown as GitHubScope;
const toggle = (itemKey: string, checked: boolean, login = "mona"): FileToggle => ({
  taskKey: "TASK-1",
  itemKey,
  checked,
  issue: 1,
  by: { login, id: 1 },
});
const batch = (repo: string, path: string, toggles: FileToggle[]): TickBatch => ({
  scope: scope(repo),
  path,
  toggles,
  config: DEFAULT_CONFIG,
  defaultBranch: "main",
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder(options: { debounceMs: number; maxWaitMs?: number }) {
  const flushed: { at: number; repo: string; path: string; toggles: FileToggle[] }[] = [];
  const started = Date.now();
  const batcher = new TickBatcher({
    queue: new RepoQueue(),
    ...options,
    flush: async (b) => {
      flushed.push({ at: Date.now() - started, repo: b.scope.repo.repo, path: b.path, toggles: b.toggles });
    },
  });
  return { batcher, flushed };
}

describe("TickBatcher", () => {
  it("writes ticks that arrive close together for one document as one batch", async () => {
    const { batcher, flushed } = recorder({ debounceMs: 40 });
    for (const key of ["a", "b", "c", "d", "e"]) {
      batcher.add(batch("r", "tasks.md", [toggle(key, true)]));
      await sleep(10);
    }
    await batcher.onIdle();
    expect(flushed.map((f) => f.toggles.map((t) => t.itemKey))).toEqual([["a", "b", "c", "d", "e"]]);
  });

  it("keeps the last toggle of a box, in the order of the last toggles", async () => {
    const { batcher, flushed } = recorder({ debounceMs: 20 });
    batcher.add(batch("r", "tasks.md", [toggle("a", true, "mona"), toggle("b", true)]));
    batcher.add(batch("r", "tasks.md", [toggle("a", false, "hubot")]));
    await batcher.onIdle();
    expect(flushed[0]?.toggles).toEqual([toggle("b", true), toggle("a", false, "hubot")]);
  });

  it("keeps documents and repositories apart", async () => {
    const { batcher, flushed } = recorder({ debounceMs: 10 });
    batcher.add(batch("r", "a.md", [toggle("x", true)]));
    batcher.add(batch("r", "b.md", [toggle("x", true)]));
    batcher.add(batch("s", "a.md", [toggle("x", true)]));
    await batcher.onIdle();
    expect(flushed.map((f) => `${f.repo}:${f.path}`).sort()).toEqual(["r:a.md", "r:b.md", "s:a.md"]);
  });

  it("tells the config a waiting batch of the repository was read with, and nothing once written", async () => {
    const { batcher } = recorder({ debounceMs: 10 });
    const config = { ...DEFAULT_CONFIG, writeBack: { ...DEFAULT_CONFIG.writeBack, mode: "pull-request" as const } };
    expect(batcher.waitingConfig("acme", "r")).toBeUndefined();
    batcher.add({ ...batch("r", "a.md", [toggle("x", true)]), config });
    expect(batcher.waitingConfig("ACME", "R")).toBe(config);
    expect(batcher.waitingConfig("acme", "r2")).toBeUndefined();
    await batcher.onIdle();
    expect(batcher.waitingConfig("acme", "r")).toBeUndefined();
  });

  it("writes a batch at most maxWaitMs after its first tick, however long ticking goes on", async () => {
    const { batcher, flushed } = recorder({ debounceMs: 60, maxWaitMs: 100 });
    for (let i = 0; i < 20; i += 1) {
      batcher.add(batch("r", "tasks.md", [toggle(`k${i}`, true)]));
      await sleep(20);
    }
    await batcher.onIdle();
    expect(flushed.length).toBeGreaterThanOrEqual(2);
    expect(flushed[0]!.toggles.length).toBeLessThan(20);
    expect(flushed.flatMap((f) => f.toggles.map((t) => t.itemKey))).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`));
  });

  it("flushNow writes waiting batches at once", async () => {
    const { batcher, flushed } = recorder({ debounceMs: 60_000 });
    batcher.add(batch("r", "tasks.md", [toggle("a", true)]));
    batcher.flushNow();
    await batcher.onIdle();
    expect(flushed).toHaveLength(1);
  });
});

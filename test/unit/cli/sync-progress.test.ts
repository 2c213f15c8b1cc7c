import { afterEach, describe, expect, it, vi } from "vitest";
import { syncProgress, type ProgressStream } from "../../../src/cli/sync-progress.js";

function stream(isTTY: boolean, columns = 200): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

const last = (written: string[]) => written.at(-1)?.replace("\r\x1b[2K", "");

afterEach(() => vi.useRealTimers());

describe("syncProgress", () => {
  it("writes nothing at all when the stream is not a terminal, and still prints log lines", () => {
    const pipe = stream(false);
    const progress = syncProgress(pipe);
    progress.planned?.({ documents: 1, tasks: 3, operations: 4 });
    progress.applied?.(1, 4);
    progress.wrote();
    progress.waiting({ kind: "Secondary", seconds: 60, method: "POST", url: "/x" });
    const logged: string[] = [];
    progress.above(() => logged.push("a log line"));
    progress.finish();
    expect([pipe.written, logged]).toEqual([[], ["a log line"]]);
    expect(syncProgress(undefined).finish).toBeTypeOf("function");
  });

  it("counts a wait down each second on a terminal and drops it when it is over", () => {
    vi.useFakeTimers();
    const tty = stream(true);
    const progress = syncProgress(tty);
    progress.planned?.({ documents: 1, tasks: 1, operations: 2 });
    progress.waiting({ kind: "Primary", seconds: 3, method: "POST", url: "/x" });
    expect(last(tty.written)).toBe("taskmirror sync: 1 task planned · 0 of 2 operations applied · primary rate limit: waiting, 3 s left");
    vi.advanceTimersByTime(1000);
    expect(last(tty.written)).toMatch(/waiting, 2 s left$/);
    vi.advanceTimersByTime(2000);
    expect(last(tty.written)).toBe("taskmirror sync: 1 task planned · 0 of 2 operations applied");
    const drawn = tty.written.length;
    vi.advanceTimersByTime(5000);
    expect(tty.written.length).toBe(drawn);
  });

  it("clears the line for a log line and draws it again, and fits the terminal's width", () => {
    const tty = stream(true, 30);
    const progress = syncProgress(tty);
    const order: string[] = [];
    progress.above(() => order.push(`log after ${tty.written.length} writes`));
    expect(tty.written.slice(0, 2)).toEqual(["\r\x1b[2Ktaskmirror sync: reading the…", "\r\x1b[2K"]);
    expect(order).toEqual(["log after 2 writes"]);
    expect(last(tty.written)).toHaveLength(29);
    progress.finish();
    expect(tty.written.at(-1)).toBe("\r\x1b[2K");
  });
});

import type { SyncProgress } from "../github/sync-repository.js";
import type { RateLimitWait } from "../octokit.js";

/** Where the progress line goes: the terminal's stderr, or anything shaped like it in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface SyncProgressLine extends SyncProgress {
  /** A write request was answered. */
  wrote(): void;
  /** A rate-limit wait started. */
  waiting(wait: RateLimitWait): void;
  /** Prints `print()`'s output above the line (log lines), the line drawn again after it. */
  above(print: () => void): void;
  /** Removes the line: the report follows. */
  finish(): void;
}

const CLEAR = "\r\x1b[2K";

/**
 * `taskmirror sync`'s one-line progress on a terminal: tasks planned, operations applied of
 * the plan's total and writes sent, and a rate-limit wait counting down. Anything that is not
 * a TTY (a pipe, a file, a CI log) gets nothing: the report alone.
 */
export function syncProgress(stream: ProgressStream | undefined, now: () => number = Date.now): SyncProgressLine {
  if (!stream?.isTTY) {
    return { wrote() {}, waiting() {}, above: (print) => print(), finish() {} };
  }
  let planned: { tasks: number; operations: number } | undefined;
  let applied = 0;
  let writes = 0;
  let wait: { kind: RateLimitWait["kind"]; until: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let shown = false;

  const text = (): string => {
    const parts = [planned ? `${plural(planned.tasks, "task")} planned` : "reading the repository…"];
    if (planned) parts.push(`${applied} of ${plural(planned.operations, "operation")} applied`);
    if (writes > 0) parts.push(plural(writes, "write"));
    const left = wait ? Math.ceil((wait.until - now()) / 1000) : 0;
    if (wait && left > 0) parts.push(`${wait.kind.toLowerCase()} rate limit: waiting, ${left} s left`);
    const line = `taskmirror sync: ${parts.join(" · ")}`;
    const width = (stream.columns ?? 80) - 1;
    return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
  };
  const draw = () => {
    stream.write(`${CLEAR}${text()}`);
    shown = true;
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  draw();
  return {
    planned(counts) {
      planned = counts;
      draw();
    },
    applied(done) {
      applied = done;
      draw();
    },
    wrote() {
      writes += 1;
      draw();
    },
    waiting({ kind, seconds }) {
      wait = { kind, until: now() + seconds * 1000 };
      stopTimer();
      timer = setInterval(() => {
        draw();
        if (wait && wait.until <= now()) stopTimer();
      }, 1000);
      timer.unref();
      draw();
    },
    above(print) {
      if (shown) stream.write(CLEAR);
      print();
      draw();
    },
    finish() {
      stopTimer();
      if (shown) stream.write(CLEAR);
      shown = false;
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

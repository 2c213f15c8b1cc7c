import { describe, expect, it } from "vitest";
import { RepoQueue } from "../../../src/queue/repo-queue.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const silent = { error: () => {} };

describe("RepoQueue", () => {
  it("runs the jobs of one repository one at a time, in order", async () => {
    const queue = new RepoQueue();
    const events: string[] = [];
    const first = deferred();
    queue.enqueue("o/r", async () => {
      events.push("1 start");
      await first.promise;
      events.push("1 end");
    }, silent);
    queue.enqueue("o/r", async () => {
      events.push("2 start");
    }, silent);
    queue.enqueue("O/R", async () => {
      events.push("3 start");
    }, silent);
    await Promise.resolve();
    expect(events).toEqual(["1 start"]);
    first.resolve();
    await queue.onIdle();
    expect(events).toEqual(["1 start", "1 end", "2 start", "3 start"]);
  });

  it("runs different repositories in parallel", async () => {
    const queue = new RepoQueue();
    const events: string[] = [];
    const a = deferred();
    queue.enqueue("o/a", async () => {
      events.push("a start");
      await a.promise;
      events.push("a end");
    }, silent);
    queue.enqueue("o/b", async () => {
      events.push("b done");
    }, silent);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(["a start", "b done"]);
    expect(queue.busyRepositories).toBe(1);
    a.resolve();
    await queue.onIdle();
    expect(events).toEqual(["a start", "b done", "a end"]);
  });

  it("logs a failing job and still runs the next one of the same repository", async () => {
    const queue = new RepoQueue();
    const logged: { details: object; message: string }[] = [];
    const log = { error: (details: object, message: string) => logged.push({ details, message }) };
    const ran: string[] = [];
    const failure = new Error("boom");
    queue.enqueue("o/r", async () => {
      throw failure;
    }, log);
    queue.enqueue("o/r", async () => {
      ran.push("second");
    }, log);
    await queue.onIdle();
    expect(ran).toEqual(["second"]);
    expect(logged).toEqual([{ details: { err: failure, repo: "o/r" }, message: "taskmirror job failed" }]);
  });

  it("drops a lane when its last job settles and waits for jobs enqueued while waiting", async () => {
    const queue = new RepoQueue();
    const ran: string[] = [];
    queue.enqueue("o/r", async () => {
      ran.push("outer");
      queue.enqueue("o/other", async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push("inner");
      }, silent);
    }, silent);
    expect(queue.busyRepositories).toBeGreaterThanOrEqual(1);
    await queue.onIdle();
    expect(ran).toEqual(["outer", "inner"]);
    expect(queue.busyRepositories).toBe(0);
  });
});

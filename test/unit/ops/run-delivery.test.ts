import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { GitHub } from "../../../src/github/types.js";
import { isTransient } from "../../../src/github/request-errors.js";
import { runDelivery } from "../../../src/ops/run-delivery.js";
import { metricValue } from "./metric-value.js";

interface Line {
  level: number;
  msg: string;
}

/** An Octokit as far as `countRequests` needs one: a hook before each request. */
const octokit = { hook: { before: () => {} } } as unknown as GitHub;
const badGateway = () => Object.assign(new Error("Bad Gateway"), { status: 502 });

describe("runDelivery with a job queue that retries", () => {
  const run = async (id: string, retry: (error: unknown) => boolean) => {
    const lines: Line[] = [];
    const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
    const result = runDelivery({ id, event: "push", octokit }, log, async () => Promise.reject(badGateway()), { retry });
    return { result, lines };
  };

  it("rethrows a failure the queue will try again, without a summary line or a count", async () => {
    const before = await metricValue("taskmirror_webhook_deliveries_total", { event: "push", outcome: "failed" });
    const { result, lines } = await run("d1", isTransient);
    await expect(result).rejects.toThrow("Bad Gateway");
    expect(lines.map((line) => line.msg)).toEqual([]);
    expect(await metricValue("taskmirror_webhook_deliveries_total", { event: "push", outcome: "failed" })).toBe(before);
  });

  it("reports the last attempt's failure once and does not rethrow it", async () => {
    const before = await metricValue("taskmirror_webhook_deliveries_total", { event: "push", outcome: "failed" });
    const { result, lines } = await run("d2", () => false);
    await expect(result).resolves.toBeUndefined();
    expect(lines.map((line) => [line.level, line.msg])).toEqual([[50, "delivery failed: Bad Gateway"]]);
    expect((await metricValue("taskmirror_webhook_deliveries_total", { event: "push", outcome: "failed" })) - before).toBe(1);
  });
});

describe("isTransient", () => {
  it("holds for GitHub's 5xx, a 408 and a dropped connection, not for a 4xx or a bug", () => {
    const cases: Array<[unknown, boolean]> = [
      [Object.assign(new Error("x"), { status: 500 }), true],
      [Object.assign(new Error("x"), { status: 504 }), true],
      [Object.assign(new Error("x"), { status: 408 }), true],
      [Object.assign(new Error("x"), { code: "ECONNRESET" }), true],
      [Object.assign(new Error("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } }), true],
      [Object.assign(new Error("x"), { status: 404 }), false],
      [Object.assign(new Error("x"), { status: 422 }), false],
      [new TypeError("cannot read properties of undefined"), false],
    ];
    expect(cases.map(([error]) => isTransient(error))).toEqual(cases.map(([, expected]) => expected));
  });
});

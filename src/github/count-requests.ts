import { AsyncLocalStorage } from "node:async_hooks";
import type { GitHub } from "./types.js";

export interface RequestCounts {
  reads: number;
  writes: number;
}

const current = new AsyncLocalStorage<RequestCounts>();
const counting = new WeakMap<GitHub, Set<RequestCounts>>();

function countersOf(octokit: GitHub): Set<RequestCounts> {
  let counters = counting.get(octokit);
  if (!counters) {
    const all = new Set<RequestCounts>();
    counters = all;
    counting.set(octokit, all);
    octokit.hook.before("request", (options: { method?: string }) => {
      const read = options.method === "GET" || options.method === "HEAD";
      const scoped = current.getStore();
      for (const counts of scoped ? [scoped, ...all] : all) {
        if (read) counts.reads += 1;
        else counts.writes += 1;
      }
    });
  }
  return counters;
}

/**
 * Counts requests made through `octokit`: one per logical request (retries are not counted
 * again), reads being GET/HEAD.
 *
 * With `work`, only the requests `work` makes are counted — exact even when one client serves
 * several syncs at once (an installation client syncing several repositories in parallel).
 * Without it, every request on the client until `stop()`.
 */
export function countRequests(octokit: GitHub): Readonly<RequestCounts> & { stop: () => void };
export function countRequests<T>(octokit: GitHub, work: (counts: Readonly<RequestCounts>) => Promise<T>): Promise<T>;
export function countRequests<T>(
  octokit: GitHub,
  work?: (counts: Readonly<RequestCounts>) => Promise<T>,
): Promise<T> | (Readonly<RequestCounts> & { stop: () => void }) {
  const counters = countersOf(octokit);
  const counts: RequestCounts = { reads: 0, writes: 0 };
  if (work) return current.run(counts, () => work(counts));
  counters.add(counts);
  return {
    get reads() {
      return counts.reads;
    },
    get writes() {
      return counts.writes;
    },
    stop: () => counters.delete(counts),
  };
}

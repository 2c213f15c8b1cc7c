import { AsyncLocalStorage } from "node:async_hooks";
import type { GitHub } from "./types.js";

export interface RequestCounts {
  reads: number;
  writes: number;
}

/**
 * The installation-token request the auth strategy makes before a client's first request (and
 * when the token expires): authentication, not work — it changes nothing in a repository.
 */
const TOKEN_ROUTE = "/app/installations/{installation_id}/access_tokens";

/** The counts of every `countRequests(octokit, work)` this async context runs in, outermost first. */
const current = new AsyncLocalStorage<readonly RequestCounts[]>();

const counting = new WeakMap<GitHub, Set<RequestCounts>>();

function countersOf(octokit: GitHub): Set<RequestCounts> {
  let counters = counting.get(octokit);
  if (!counters) {
    const all = new Set<RequestCounts>();
    counters = all;
    counting.set(octokit, all);
    octokit.hook.before("request", (options: { method?: string; url?: string; query?: unknown }) => {
      if (options.url === TOKEN_ROUTE) return;
      const read = options.method === "GET" || options.method === "HEAD" || isGraphqlQuery(options);
      const scoped = current.getStore() ?? [];
      for (const counts of [...scoped, ...all]) {
        if (read) counts.reads += 1;
        else counts.writes += 1;
      }
    });
  }
  return counters;
}

/** A GraphQL query reads, whatever its HTTP method; a mutation (or a document not understood) writes. */
function isGraphqlQuery(options: { url?: string; query?: unknown }): boolean {
  // On GitHub Enterprise Server (and the fake) Octokit sends GraphQL to an absolute `…/api/graphql`.
  if (!/\/graphql$/.test(options.url ?? "") || typeof options.query !== "string") return false;
  const start = options.query.replace(/^(\s|#[^\n]*\n)+/, "");
  return start.startsWith("{") || /^query\b/.test(start);
}

/**
 * Counts requests made through `octokit`: one per logical request (retries are not counted
 * again), reads being GET/HEAD and GraphQL queries. Installation-token requests are not counted: they are neither
 * a read nor a write of the repository.
 *
 * With `work`, only the requests `work` makes are counted — exact even when one client serves
 * several syncs at once (an installation client syncing several repositories in parallel), and
 * nested counts (a delivery's, the sync's inside it) each see their own.
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
  if (work) return current.run([...(current.getStore() ?? []), counts], () => work(counts));
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

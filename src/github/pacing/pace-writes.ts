import type { ProbotOctokit } from "probot";
import { writePacer } from "./shared-write-pacer.js";
import { WriteBudgetSpent } from "./write-budget-spent.js";
import type { WritePacer } from "./write-pacer.js";
import { WriteSlice } from "./write-slice.js";

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[number];
type Fetch = typeof globalThis.fetch;

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * An Octokit plugin that sends every content-creating write through the pacer: each attempt
 * on the wire, retries included, because it is the fetch that is paced. A write is any
 * POST/PATCH/PUT/DELETE made with an installation or user token (GraphQL queries go out as
 * POSTs and are counted too: GitHub publishes no list, the fake takes the same reading);
 * requests signed with the app's JWT (installation tokens, redeliveries) create no content.
 * The key is the installation (Probot's clients carry its id), so all of an installation's
 * clients share one budget; a token client (the CLI, the Action) has its own.
 */
export function paceWrites(pacer: () => WritePacer = () => writePacer): OctokitPlugin {
  return (octokit, options) => {
    const installationId = (options as { auth?: { installationId?: unknown } }).auth?.installationId;
    const key = installationId !== undefined && installationId !== null ? `installation:${String(installationId)}` : "token";
    octokit.hook.wrap("request", async (send, options) => {
      const request = options as unknown as { request?: { fetch?: Fetch; retries?: number } & Record<string, unknown> };
      const inner = request.request?.fetch;
      if (inner && PACED.has(inner)) return send(options);
      // Read here, where the caller's async context still holds: a queued request's fetch may run in another's.
      const slice = WriteSlice.current();
      const operation = WriteSlice.currentOperation();
      const paced: Fetch = async (input, init) => {
        const fetch = inner ?? globalThis.fetch;
        if (!isContentCreating(init)) return fetch(input, init);
        let release: Awaited<ReturnType<WritePacer["acquire"]>>;
        try {
          release = await pacer().acquire(key, slice, operation);
        } catch (error) {
          // Octokit turns a failed fetch into a 500, which its retry plugin would send again.
          if (error instanceof WriteBudgetSpent && request.request) request.request.retries = 0;
          throw error;
        }
        try {
          return await fetch(input, init);
        } finally {
          await release();
        }
      };
      PACED.add(paced);
      request.request = { ...request.request, fetch: paced };
      try {
        return await send(options);
      } catch (error) {
        // The write was not sent: the caller gets the budget's answer, not a server error.
        const cause = (error as { cause?: unknown }).cause;
        throw cause instanceof WriteBudgetSpent ? cause : error;
      }
    });
    return {};
  };
}

const PACED = new WeakSet<Fetch>();

function isContentCreating(init: RequestInit | undefined): boolean {
  if (READS.has((init?.method ?? "GET").toUpperCase())) return false;
  const headers = (init?.headers ?? {}) as Record<string, string>;
  const authorization = String(headers.authorization ?? headers.Authorization ?? "");
  return !/^bearer /i.test(authorization);
}

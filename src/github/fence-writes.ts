import type { ProbotOctokit } from "probot";
import { writeFence } from "./write-fence.js";

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[number];

/** Authentication, not a write to a repository (see count-requests.ts). */
const TOKEN_ROUTE = "/app/installations/{installation_id}/access_tokens";

/**
 * An Octokit plugin that checks the running work's fence (`writeFence`) before every request
 * that is not a GET or HEAD (GraphQL queries included: telling them from mutations is not worth
 * the risk), and hands the fence's signal to the request, so that a write still waiting for the
 * write pacing or a retry when the hold is lost is never sent. Registered after the throttling
 * and retry plugins, this hook is their outer one: it runs once per logical request, in the
 * async context of the code that made it (the throttling's queue runs requests from other
 * contexts, so the fence is read here, never inside it).
 */
export const fenceWrites: OctokitPlugin = (octokit) => {
  octokit.hook.wrap("request", async (request, options) => {
    const method = (options.method ?? "GET").toUpperCase();
    const fence = writeFence.current();
    if (!fence || method === "GET" || method === "HEAD" || options.url === TOKEN_ROUTE) return request(options);
    await fence.check();
    const own = (options.request as { signal?: AbortSignal } | undefined)?.signal;
    const signal = own ? AbortSignal.any([own, fence.signal]) : fence.signal;
    try {
      return await request({ ...options, request: { ...options.request, signal } });
    } catch (error) {
      // A write aborted because the hold was lost reports the loss, not Octokit's abort error.
      if (fence.signal.aborted) await fence.check();
      throw error;
    }
  });
  return {};
};

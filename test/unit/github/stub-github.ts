import { pino } from "pino";
import type { GitHub, GitHubScope } from "../../../src/github/types.js";

export interface StubCall {
  route: string;
  params: Record<string, unknown>;
}

export type StubAnswer = (params: Record<string, unknown>) => unknown;

/** An HTTP-free Octokit: each route answers from `routes` (a thrown value is the error). */
export function stubGitHub(routes: Record<string, StubAnswer>): { scope: GitHubScope; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const answer = async (route: string, params: Record<string, unknown> = {}) => {
    const { owner: _o, repo: _r, request: _q, ...rest } = params;
    calls.push({ route, params: rest });
    const handler = routes[route];
    if (!handler) throw Object.assign(new Error(`no stub for ${route}`), { status: 404 });
    return handler(params);
  };
  const octokit = {
    request: async (route: string, params?: Record<string, unknown>) => ({ data: await answer(route, params) }),
    paginate: async (route: string, params?: Record<string, unknown>) => answer(route, params),
    // A GraphQL document is stubbed as `graphql <operation name>`; its answer is `data`.
    graphql: async (query: string, params?: Record<string, unknown>) => answer(`graphql ${/^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "?"}`, params),
    // Request counting (a delivery's summary line) hooks every client; the stub has nothing to hook.
    hook: { before: () => undefined },
  };
  return {
    scope: { octokit: octokit as unknown as GitHub, log: pino({ level: "silent" }), repo: { owner: "o", repo: "r" } },
    calls,
  };
}

/** A request error shaped like Octokit's. */
export function httpError(status: number, message: string, errors?: unknown[]): Error {
  return Object.assign(new Error(message), { status, response: { data: { message, ...(errors ? { errors } : {}) } } });
}

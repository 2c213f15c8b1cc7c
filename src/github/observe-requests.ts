import { AsyncLocalStorage } from "node:async_hooks";
import type { ProbotOctokit } from "probot";
import { metrics } from "../ops/metrics.js";

/** A route that names no template: a concrete URL outside a pagination (never a label value). */
export const UNTEMPLATED_ROUTE = "(untemplated)";

type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[number];
type Paginate = ((route: unknown, ...rest: unknown[]) => Promise<unknown>) & { iterator: (route: unknown, ...rest: unknown[]) => AsyncIterable<unknown> };

/** The template of the pagination running in this async context: its pages carry concrete URLs. */
const paginating = new AsyncLocalStorage<string>();

/**
 * An Octokit plugin that counts every request by method, route template and final status
 * (`metrics.githubRequest`). The label is the template (`/repos/{owner}/{repo}/issues`), never
 * the concrete path, so the number of series stays bounded however many repositories and
 * issues there are. Pagination resolves its route to a concrete URL before the first page (and
 * follows `link` headers after it), so `paginate` is wrapped to carry its template along.
 */
export const observeRequests: OctokitPlugin = (octokit) => {
  octokit.hook.wrap("request", async (request, options) => {
    const method = (options.method ?? "GET").toUpperCase();
    const route = routeOf(options.url);
    try {
      const response = await request(options);
      metrics.githubRequest(method, route, response.status);
      return response;
    } catch (error) {
      // Octokit reports a request that got no answer (a reset connection, a timeout) as status
      // 500 without a response: it is counted as `none`, not as a server error GitHub sent.
      const status = (error as { response?: { status?: unknown } }).response?.status;
      metrics.githubRequest(method, route, typeof status === "number" ? status : "none");
      throw error;
    }
  });
  const paginate = (octokit as unknown as { paginate?: Paginate }).paginate;
  if (paginate) {
    (octokit as unknown as { paginate: Paginate }).paginate = Object.assign((route: unknown, ...rest: unknown[]) => paginating.run(templateOf(route), () => paginate(route, ...rest)), {
      iterator: (route: unknown, ...rest: unknown[]): AsyncIterable<unknown> => {
        const pages = paginate.iterator(route, ...rest);
        const template = templateOf(route);
        return {
          [Symbol.asyncIterator]: () => {
            const inner = pages[Symbol.asyncIterator]();
            return { next: () => paginating.run(template, () => inner.next()) };
          },
        };
      },
    });
  }
  return {};
};

/**
 * taskmirror (and Probot) name every request by its template, relative to the API's base URL;
 * an absolute URL is a page of a pagination (or a `link` followed by hand).
 */
function routeOf(url: string | undefined): string {
  if (url !== undefined && !url.includes("://")) return url.split("?")[0]!;
  // GraphQL on GitHub Enterprise is an absolute URL (`https://host/api/graphql`, beside the REST
  // base `/api/v3`): one endpoint, labelled as on github.com.
  if (url !== undefined && /\/graphql$/.test(url.split("?")[0]!)) return "/graphql";
  return paginating.getStore() ?? UNTEMPLATED_ROUTE;
}

/** `"GET /repos/{owner}/{repo}/issues"` or an endpoint method (`octokit.rest.issues.listForRepo`). */
function templateOf(route: unknown): string {
  if (typeof route === "string") {
    const url = route.includes(" ") ? route.slice(route.indexOf(" ") + 1) : route;
    return url.includes("://") ? UNTEMPLATED_ROUTE : url.split("?")[0]!;
  }
  const defaults = (route as { endpoint?: { DEFAULTS?: { url?: string } } } | undefined)?.endpoint?.DEFAULTS?.url;
  return typeof defaults === "string" ? defaults : UNTEMPLATED_ROUTE;
}

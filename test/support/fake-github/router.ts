import type { IncomingHttpHeaders } from "node:http";
import { specOperation } from "./openapi-spec.js";
import type { Actor, Repo } from "./types.js";

export interface RouteRequest {
  method: string;
  template: string;
  params: Record<string, string>;
  /** Query values after coercion by the operation's parameter schemas. */
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The request path after the API prefix, still percent-encoded, without the query string. */
  path: string;
  /** `/api/v3` or "" — the prefix the request came in with, kept in `Link` headers. */
  prefix: string;
  actor: Actor;
  installationId: number | null;
  /** The repositories the installation token is restricted to (null: all of the installation's). */
  tokenRepoIds: Set<number> | null;
  /** The primary budget of the request's credentials before it was answered (`GET /rate_limit` reports it). */
  budget?: { limit: number; used: number; remaining: number; reset: number };
}

export interface RepoRouteRequest extends RouteRequest {
  repo: Repo;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (raw file content). */
  raw?: { contentType: string; data: Buffer | string };
  /** ISO time the resource last changed, sent as `Last-Modified` (GET answers only). */
  lastModified?: string;
}

export type AuthMode = "jwt" | "installation";

interface Route {
  method: string;
  template: string;
  auth: AuthMode;
  handler: (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;
}

/**
 * The routes the fake serves, keyed by GitHub's own (method, path template). Registering a
 * route the OpenAPI description lacks throws, so the fake can only serve what GitHub serves.
 */
export class Router {
  readonly #routes = new Map<string, Route>();

  on(method: string, template: string, handler: Route["handler"], auth: AuthMode = "installation"): void {
    if (specOperation(method, template) === undefined) throw new Error(`${method} ${template} is not an operation of GitHub's REST API`);
    this.#routes.set(`${method.toUpperCase()} ${template}`, { method: method.toUpperCase(), template, auth, handler });
  }

  /** A route under `/repos/{owner}/{repo}`: the server resolves the repository before the handler runs. */
  repo(method: string, template: string, handler: (request: RepoRouteRequest) => RouteResponse | Promise<RouteResponse>): void {
    if (!template.startsWith("/repos/{owner}/{repo}")) throw new Error(`${template} is not a repository route`);
    this.on(method, template, (request) => handler(request as RepoRouteRequest));
  }

  find(method: string, template: string): Route | undefined {
    return this.#routes.get(`${method.toUpperCase()} ${template}`);
  }

  routes(): Array<{ method: string; template: string }> {
    return [...this.#routes.values()].map(({ method, template }) => ({ method, template }));
  }
}

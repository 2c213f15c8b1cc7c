import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { readCredentials, verifyAppJwt } from "./app-auth.js";
import type { FakeContext } from "./context.js";
import { GitHubError } from "./github-error.js";
import type { OpenApiCheck } from "./openapi-check.js";
import { specOperation } from "./openapi-spec.js";
import type { RouteRequest, RouteResponse, Router } from "./router.js";
import type { Actor, FailNextRule, RecordedRequest, Repo, Violation } from "./types.js";

/** The primary rate limit of an installation token. */
const RATE_LIMIT = 5000;

export interface ApiServerHooks {
  latencyMs(): number;
  takeFailure(method: string, path: string): FailNextRule | undefined;
  recordRequest(request: RecordedRequest): void;
  recordViolation(violation: Violation): void;
  recordResponseProblem(problem: string): void;
  checkResponses: boolean;
  /** Seconds to wait when a write is over GitHub's secondary limit, else null. */
  admitWrite(key: string): number | null;
}

/** GitHub's default bodies for failures injected without one. */
function injectedBody(status: number): Record<string, unknown> {
  if (status === 403 || status === 429) {
    return {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
      documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      status: String(status),
    };
  }
  if (status === 409) return { message: "Git Repository is empty.", documentation_url: "https://docs.github.com/rest", status: "409" };
  if (status >= 500) return { message: "Server Error", status: String(status) };
  return { message: `Injected failure ${status}`, status: String(status) };
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function splitPrefix(pathname: string): { prefix: string; path: string } {
  if (pathname === "/api/v3" || pathname.startsWith("/api/v3/")) return { prefix: "/api/v3", path: pathname.slice("/api/v3".length) || "/" };
  return { prefix: "", path: pathname };
}

/**
 * The REST pipeline: match the route in GitHub's description, authenticate, check the request
 * against the description, apply an injected failure, run the handler, answer with GitHub's
 * headers and error bodies, and record it all.
 */
export class ApiServer {
  readonly #used = new Map<string, number>();
  #seq = 0;

  constructor(
    readonly ctx: FakeContext,
    readonly router: Router,
    readonly check: OpenApiCheck,
    readonly hooks: ApiServerHooks,
  ) {}

  /** Numbers every recorded request, REST and GraphQL alike. */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  async handle(incoming: IncomingMessage, outgoing: ServerResponse, rawBody: Buffer): Promise<void> {
    const started = Date.now();
    const url = new URL(incoming.url ?? "/", "http://fake.invalid");
    const { prefix, path } = splitPrefix(url.pathname);
    const method = (incoming.method ?? "GET").toUpperCase();
    const query: Record<string, string> = Object.fromEntries(url.searchParams.entries());
    const hasBody = rawBody.length > 0;
    let body: unknown;
    let by: string | null = null;
    let route: string | null = null;
    let injected = false;

    const violation = (kind: Violation["kind"], message: string): void => {
      this.hooks.recordViolation({ kind, method, path, route, message });
    };

    const respond = (response: RouteResponse, rateKey: string | null): void => {
      const headers: Record<string, string> = {
        "x-github-request-id": randomUUID().toUpperCase().slice(0, 23),
        "x-github-media-type": "github.v3; format=json",
        ...(rateKey === null ? {} : this.#rateHeaders(rateKey)),
        ...response.headers,
      };
      let payload: Buffer | string = "";
      if (response.raw !== undefined) {
        headers["content-type"] = response.raw.contentType;
        payload = response.raw.data;
      } else if (response.body !== undefined) {
        headers["content-type"] = "application/json; charset=utf-8";
        payload = JSON.stringify(response.body);
      }
      outgoing.writeHead(response.status, headers);
      outgoing.end(payload);
      this.hooks.recordRequest({
        seq: this.nextSeq(),
        at: new Date(started).toISOString(),
        method,
        path,
        route,
        query,
        body,
        status: response.status,
        by,
        durationMs: Date.now() - started,
        injected,
      });
    };

    const errorResponse = (status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): RouteResponse => {
      const operation = route === null ? undefined : specOperation(method, route);
      return {
        status,
        headers,
        body: { message, ...extra, documentation_url: extra.documentation_url ?? operation?.externalDocs?.url ?? "https://docs.github.com/rest", status: String(status) },
      };
    };

    if (hasBody) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        body = rawBody.toString("utf8");
        violation("invalid-json", "the request body is not JSON");
        respond(errorResponse(400, "Problems parsing JSON"), null);
        return;
      }
    }

    const latency = this.hooks.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const match = this.check.matchRoute(method, path);
    if (match.kind === "unknown-path") {
      violation("unknown-path", `${method} ${path} is not a path of GitHub's REST API`);
      respond(errorResponse(400, `fake GitHub: ${method} ${path} is not a path of GitHub's REST API`), null);
      return;
    }
    if (match.kind === "wrong-method") {
      route = match.template;
      violation("wrong-method", `${match.template} does not take ${method} (only ${match.allowed.join(", ")})`);
      respond(errorResponse(400, `fake GitHub: ${match.template} does not take ${method}`), null);
      return;
    }
    route = match.template;
    const registered = this.router.find(method, match.template);
    if (registered === undefined) {
      violation("not-implemented", `the fake does not serve ${method} ${match.template}`);
      respond(errorResponse(501, `fake GitHub does not implement ${method} ${match.template}`), null);
      return;
    }

    // Authentication, as GitHub answers it: 401 for missing or bad credentials, 404 for a
    // repository the installation cannot see.
    const credentials = readCredentials(incoming.headers.authorization);
    let actor: Actor;
    let installationId: number | null = null;
    let rateKey: string;
    if (registered.auth === "jwt") {
      if (credentials.kind !== "jwt") {
        respond(errorResponse(401, "A JSON web token could not be decoded"), null);
        return;
      }
      const refused = verifyAppJwt(credentials.token, this.ctx.app);
      if (refused !== null) {
        respond(errorResponse(401, refused), null);
        return;
      }
      by = "app";
      actor = { account: this.ctx.app.bot, viaApp: true };
      rateKey = "app";
    } else {
      const token = credentials.kind === "token" ? this.ctx.state.tokens.get(credentials.token) : undefined;
      if (token === undefined || token.expiresAt <= Date.now()) {
        respond(errorResponse(401, "Bad credentials"), null);
        return;
      }
      by = this.ctx.app.bot.login;
      actor = { account: this.ctx.app.bot, viaApp: true };
      installationId = token.installationId;
      rateKey = `installation:${token.installationId}`;
    }

    const params: Record<string, unknown> = { ...match.params };
    const coercedQuery: Record<string, unknown> = { ...query };
    const problems = this.check.checkRequest({ method, template: match.template, params, query: coercedQuery, body, hasBody });
    if (problems.length > 0) {
      for (const problem of problems) violation(problem.kind, problem.message);
      const overLimit = problems.every((problem) => problem.kind === "over-limit");
      const message = problems.map((problem) => problem.message).join("; ");
      respond(errorResponse(overLimit ? 422 : 400, overLimit ? `Invalid request.\n\n${message}` : `fake GitHub: ${message}`), rateKey);
      return;
    }

    let repo: Repo | undefined;
    if (match.template.startsWith("/repos/{owner}/{repo}")) {
      repo = this.ctx.state.repoByName(match.params.owner ?? "", match.params.repo ?? "");
      const token = credentials.kind === "token" ? this.ctx.state.tokens.get(credentials.token) : undefined;
      const installation = installationId === null ? undefined : this.ctx.state.installations.get(installationId);
      const visible =
        repo !== undefined &&
        (registered.auth === "jwt" || (installation?.repoIds.has(repo.id) === true && (token?.repoIds === null || token?.repoIds?.has(repo.id) === true)));
      if (!visible) {
        respond(errorResponse(404, "Not Found"), rateKey);
        return;
      }
    }

    if (method !== "GET" && registered.auth === "installation") {
      const retryAfter = this.hooks.admitWrite(rateKey);
      if (retryAfter !== null) {
        respond({ status: 403, headers: { "retry-after": String(retryAfter) }, body: injectedBody(403) }, rateKey);
        return;
      }
    }

    const failure = this.hooks.takeFailure(method, path);
    if (failure !== undefined) {
      injected = true;
      respond({ status: failure.status, headers: failure.headers, body: failure.body ?? injectedBody(failure.status) }, rateKey);
      return;
    }

    const routeRequest: RouteRequest & { repo?: Repo } = {
      method,
      template: match.template,
      params: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
      query: coercedQuery,
      body,
      headers: incoming.headers,
      path,
      prefix,
      actor,
      installationId,
      ...(repo === undefined ? {} : { repo }),
    };
    let response: RouteResponse;
    try {
      response = await registered.handler(routeRequest);
    } catch (error) {
      if (error instanceof GitHubError) {
        response = errorResponse(error.status, error.message, error.extra, error.headers);
      } else {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        this.hooks.recordResponseProblem(`${method} ${path}: fake crashed: ${message}`);
        response = errorResponse(500, `fake GitHub crashed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (this.hooks.checkResponses && response.raw === undefined) {
      for (const problem of this.check.checkResponse(method, match.template, response.status, response.body)) {
        this.hooks.recordResponseProblem(`${method} ${match.template} → ${response.status}: ${problem}`);
      }
    }
    respond(response, rateKey);
  }

  #rateHeaders(key: string): Record<string, string> {
    const used = (this.#used.get(key) ?? 0) + 1;
    this.#used.set(key, used);
    const hour = 3600;
    const reset = (Math.floor(Date.now() / 1000 / hour) + 1) * hour;
    return {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - used)),
      "x-ratelimit-reset": String(reset),
      "x-ratelimit-used": String(used),
      "x-ratelimit-resource": "core",
    };
  }
}

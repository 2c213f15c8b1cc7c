import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { readCredentials, verifyAppJwt } from "./app-auth.js";
import { entityTag, isNotModified, validatorHeaders } from "./conditional.js";
import type { FakeContext } from "./context.js";
import type { FaultDecision, FaultInjector, InjectedFault } from "./fault-injector.js";
import { GitHubError } from "./github-error.js";
import type { OpenApiCheck } from "./openapi-check.js";
import { specOperation } from "./openapi-spec.js";
import { SECONDARY_DOCS, isAdmission, secondaryMessage, type LimitKind, type RateBudgets } from "./rate-budgets.js";
import type { RouteRequest, RouteResponse, Router } from "./router.js";
import type { Actor, FailNextRule, RecordedRequest, Repo, Violation } from "./types.js";

export interface ApiServerHooks {
  latencyMs(): number;
  takeFailure(method: string, path: string): FailNextRule | undefined;
  recordRequest(request: RecordedRequest): void;
  recordViolation(violation: Violation): void;
  recordResponseProblem(problem: string): void;
  checkResponses: boolean;
  budgets: RateBudgets;
  /** The current fault mode, if any. */
  faults(): FaultInjector | undefined;
  recordFault(fault: Omit<InjectedFault, "n" | "at">): void;
}

/** GitHub's answer to a request it gave up on after 10 seconds ("Troubleshooting the REST API" → timeouts). */
const TIMEOUT_MESSAGE = "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.";

/** An id shaped like GitHub's `x-github-request-id` (`E198:4063:33BD6:375FF:652AAB04`). */
function requestId(): string {
  const hex = randomBytes(12).toString("hex").toUpperCase();
  return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 13), hex.slice(13, 18), hex.slice(18, 24)].join(":");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GitHub's bodies for failures injected without one (`failNext`) and for random faults. */
export function injectedBody(status: number, id: string): Record<string, unknown> {
  if (status === 403 || status === 429) return { message: secondaryMessage(id), documentation_url: SECONDARY_DOCS, status: String(status) };
  if (status === 409) return { message: "Git Repository is empty.", documentation_url: "https://docs.github.com/rest", status: "409" };
  if (status === 503) return { message: "Service Unavailable", status: "503" };
  if (status === 504) return { message: TIMEOUT_MESSAGE, status: "504" };
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
 * against the description, admit it within the budgets, apply an injected failure or a random
 * fault, run the handler, answer conditional requests, answer with GitHub's headers and error
 * bodies, and record it all.
 */
export class ApiServer {
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
    const id = requestId();
    const url = new URL(incoming.url ?? "/", "http://fake.invalid");
    const { prefix, path } = splitPrefix(url.pathname);
    const method = (incoming.method ?? "GET").toUpperCase();
    const query: Record<string, string> = Object.fromEntries(url.searchParams.entries());
    const hasBody = rawBody.length > 0;
    let body: unknown;
    let by: string | null = null;
    let route: string | null = null;
    let injected = false;
    let fault: FaultDecision | null = null;
    let limit: LimitKind | null = null;

    const violation = (kind: Violation["kind"], message: string): void => {
      this.hooks.recordViolation({ kind, method, path, route, message });
    };

    const record = (status: number): void => {
      this.hooks.recordRequest({
        seq: this.nextSeq(),
        at: new Date(started).toISOString(),
        method,
        path,
        route,
        query,
        body,
        status,
        by,
        durationMs: Date.now() - started,
        injected,
        fault: fault?.kind ?? null,
        limit,
        requestId: id,
      });
    };

    const respond = (response: RouteResponse, rateKey: string | null): void => {
      const { payload, contentType } = serialize(response);
      const headers: Record<string, string> = {
        "x-github-request-id": id,
        "x-github-media-type": "github.v3; format=json",
        // A 304 is free ("Best practices for using the REST API"); every other answer costs one.
        ...(rateKey === null ? {} : this.hooks.budgets.headers(rateKey, response.status !== 304)),
        ...response.headers,
      };
      if (contentType !== undefined) headers["content-type"] = contentType;
      outgoing.writeHead(response.status, headers);
      outgoing.end(payload);
      record(response.status);
    };

    /** Ends the connection without an answer, as a reset or a lost response does. */
    const drop = (): void => {
      incoming.socket.destroy();
      record(0);
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
    const template = match.template;
    const registered = this.router.find(method, template);
    if (registered === undefined) {
      violation("not-implemented", `the fake does not serve ${method} ${template}`);
      respond(errorResponse(501, `fake GitHub does not implement ${method} ${template}`), null);
      return;
    }

    // Authentication, as GitHub answers it: 401 for missing or bad credentials, 404 for a
    // repository the installation cannot see.
    const credentials = readCredentials(incoming.headers.authorization);
    let actor: Actor;
    let installationId: number | null = null;
    let tokenRepoIds: Set<number> | null = null;
    let workflowToken = false;
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
      actor = { account: token.actor ?? this.ctx.app.bot, viaApp: true };
      by = actor.account.login;
      installationId = token.installationId;
      tokenRepoIds = token.repoIds;
      workflowToken = token.actor !== undefined;
      rateKey = `installation:${token.installationId}`;
    }

    const params: Record<string, unknown> = { ...match.params };
    const coercedQuery: Record<string, unknown> = { ...query };
    const problems = this.check.checkRequest({ method, template, params, query: coercedQuery, body, hasBody });
    if (problems.length > 0) {
      for (const problem of problems) violation(problem.kind, problem.message);
      const overLimit = problems.every((problem) => problem.kind === "over-limit");
      const message = problems.map((problem) => problem.message).join("; ");
      respond(errorResponse(overLimit ? 422 : 400, overLimit ? `Invalid request.\n\n${message}` : `fake GitHub: ${message}`), rateKey);
      return;
    }

    let repo: Repo | undefined;
    if (template.startsWith("/repos/{owner}/{repo}")) {
      repo = this.ctx.state.repoByName(match.params.owner ?? "", match.params.repo ?? "");
      const installation = installationId === null ? undefined : this.ctx.state.installations.get(installationId);
      // A workflow token (it acts as its own bot) reaches its repository without the app installed.
      const installed = (id: number) => workflowToken || installation?.repoIds.has(id) === true;
      const visible =
        repo !== undefined && (registered.auth === "jwt" || (installed(repo.id) && (tokenRepoIds === null || tokenRepoIds.has(repo.id))));
      if (!visible) {
        respond(errorResponse(404, "Not Found"), rateKey);
        return;
      }
    }

    const admission = this.hooks.budgets.admit({ key: rateKey, installationId, method, path, route: template, auth: registered.auth, requestId: id });
    if (!isAdmission(admission)) {
      limit = admission.kind;
      respond({ status: admission.status, headers: admission.headers, body: { ...admission.body, status: String(admission.status) } }, rateKey);
      return;
    }
    try {
      const latency = this.hooks.latencyMs();
      if (latency > 0) await sleep(latency);

      const failure = this.hooks.takeFailure(method, path);
      if (failure !== undefined) {
        injected = true;
        respond({ status: failure.status, headers: failure.headers, body: failure.body ?? injectedBody(failure.status, id) }, rateKey);
        return;
      }

      fault = this.hooks.faults()?.decide(method, path, template) ?? null;
      const noteFault = (status: number | null, applied: boolean): void => {
        if (fault !== null) this.hooks.recordFault({ method, path, route: template, kind: fault.kind, status, applied });
      };
      if (fault !== null) {
        const answered = await this.#fault(fault, { method, template, path, id, body, incoming, outgoing });
        if (answered === "dropped") {
          noteFault(null, false);
          drop();
          return;
        }
        if (answered !== "continue") {
          noteFault(answered.status, false);
          respond(answered, rateKey);
          return;
        }
      }

      admission.commit();
      const routeRequest: RouteRequest & { repo?: Repo } = {
        method,
        template,
        params: Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])),
        query: coercedQuery,
        body,
        headers: incoming.headers,
        path,
        prefix,
        actor,
        installationId,
        tokenRepoIds,
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
      if (fault?.kind === "lost-response") {
        // GitHub did the work; the answer never reaches the client.
        noteFault(null, response.status < 400);
        drop();
        return;
      }
      if (method === "GET" && response.status === 200) response = conditional(response, incoming);
      if (this.hooks.checkResponses && response.raw === undefined && response.status !== 304) {
        for (const problem of this.check.checkResponse(method, template, response.status, response.body)) {
          this.hooks.recordResponseProblem(`${method} ${template} → ${response.status}: ${problem}`);
        }
      }
      if (fault?.kind === "slow") noteFault(response.status, true);
      respond(response, rateKey);
    } finally {
      admission.release();
    }
  }

  /**
   * Acts out a random fault that precedes the handler: the answer to send instead, "dropped"
   * (no answer), or "continue" (slow and lost-response go on to the handler).
   */
  async #fault(
    fault: FaultDecision,
    request: { method: string; template: string; path: string; id: string; body: unknown; incoming: IncomingMessage; outgoing: ServerResponse },
  ): Promise<RouteResponse | "dropped" | "continue"> {
    switch (fault.kind) {
      case "reset":
        return "dropped";
      case "slow":
        await sleep(fault.delayMs ?? 0);
        return "continue";
      case "lost-response":
        return "continue";
      case "server-error":
        return { status: fault.status, body: injectedBody(fault.status, request.id) };
      case "secondary-rate-limit":
        return { status: fault.status, headers: { "retry-after": String(fault.retryAfterSeconds) }, body: injectedBody(fault.status, request.id) };
      case "conflict":
        return conflictAnswer(request.method, request.template, request.path, request.body);
      case "timeout": {
        const gaveUp = await holdUnlessClosed(request.outgoing, fault.delayMs);
        return gaveUp ? "dropped" : { status: 504, body: injectedBody(504, request.id) };
      }
    }
  }
}


function serialize(response: RouteResponse): { payload: Buffer | string; contentType: string | undefined } {
  if (response.raw !== undefined) return { payload: response.raw.data, contentType: response.raw.contentType };
  if (response.body !== undefined) return { payload: JSON.stringify(response.body), contentType: "application/json; charset=utf-8" };
  return { payload: "", contentType: undefined };
}

/** A GET answer with its validators, or a 304 when the client's copy is current. */
function conditional(response: RouteResponse, incoming: IncomingMessage): RouteResponse {
  const { payload, contentType } = serialize(response);
  const etag = entityTag(payload, response.headers?.link, contentType ?? "");
  const validators = validatorHeaders(etag, response.lastModified);
  if (isNotModified(incoming.headers, etag, response.lastModified)) {
    return { status: 304, headers: { ...validators, ...(response.headers?.link === undefined ? {} : { link: response.headers.link }) } };
  }
  return { ...response, headers: { ...response.headers, ...validators } };
}

/** What GitHub answers a write that lost a race with a push. */
function conflictAnswer(method: string, template: string, path: string, body: unknown): RouteResponse {
  if (template === "/repos/{owner}/{repo}/git/refs/{ref}") {
    return { status: 422, body: { message: "Update is not a fast forward", documentation_url: "https://docs.github.com/rest/git/refs#update-a-reference", status: "422" } };
  }
  const file = decodeURIComponent(path.replace(/^\/repos\/[^/]+\/[^/]+\/contents\/?/, ""));
  const sha = (body as { sha?: unknown } | undefined)?.sha;
  const documentation = method === "DELETE" ? "https://docs.github.com/rest/repos/contents#delete-a-file" : "https://docs.github.com/rest/repos/contents#create-or-update-file-contents";
  return { status: 409, body: { message: `${file} does not match ${typeof sha === "string" ? sha : "the branch head"}`, documentation_url: documentation, status: "409" } };
}

/** Holds a request for `ms` (null: forever); true when the client went away first. */
export function holdUnlessClosed(outgoing: ServerResponse, ms: number | null): Promise<boolean> {
  return new Promise((resolve) => {
    if (outgoing.destroyed) {
      resolve(true);
      return;
    }
    const timer = ms === null ? undefined : setTimeout(() => {
      outgoing.off("close", onClose);
      resolve(false);
    }, ms);
    function onClose(): void {
      clearTimeout(timer);
      resolve(true);
    }
    outgoing.once("close", onClose);
  });
}

import { isAdmission, type LimitKind } from "./rate-budgets.js";
import { answerViewerQuery } from "./graphql-viewer.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import {
  defaultTypeResolver,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import { holdUnlessClosed, injectedBody, type ApiServerHooks } from "./api-server.js";
import { readCredentials } from "./app-auth.js";
import type { FakeContext } from "./context.js";
import type { GraphqlContext } from "./graphql-context.js";
import { operationCost } from "./graphql-cost.js";
import { GitHubError } from "./github-error.js";
import { formatError, GraphqlFault, NotImplementedFault } from "./graphql-errors.js";
import { MUTATIONS } from "./graphql-mutations.js";
import { RESOLVERS } from "./graphql-resolvers.js";
import { loadGraphqlSchema } from "./graphql-schema.js";
import type { FaultKind } from "./fault-injector.js";
import type { RecordedRequest } from "./types.js";

/** GraphQL's primary limit for an installation: 5,000 points an hour, a bucket apart from REST's. */
export const GRAPHQL_POINTS_PER_HOUR = 5000;

const DOCS = "https://docs.github.com/graphql";

/** GitHub serves GraphQL at `/graphql` (api.github.com) and `/api/graphql` (GitHub Enterprise Server). */
export function isGraphqlPath(pathname: string): boolean {
  return pathname === "/graphql" || pathname === "/api/graphql";
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * graphql-js's validation messages in GitHub's words where the two differ for the mistakes an
 * app makes most (an unknown field or argument, a missing argument), with GitHub's `code`.
 */
function githubValidationError(error: GraphQLError): Record<string, unknown> {
  const base = { locations: error.locations };
  let match = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (match !== null) return { ...base, extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] }, message: `Field '${match[1]}' doesn't exist on type '${match[2]}'` };
  match = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(error.message);
  if (match !== null) return { ...base, extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] }, message: `Field '${match[1]}' is missing required arguments: ${match[2]}` };
  match = /^Unknown argument "([^"]+)" on field "[^."]+\.([^"]+)"\./.exec(error.message);
  if (match !== null) return { ...base, extensions: { code: "argumentNotAccepted", name: match[2], typeName: "Field", argumentName: match[1] }, message: `Field '${match[2]}' doesn't accept argument '${match[1]}'` };
  return { ...base, message: error.message };
}

/**
 * `POST /graphql`: authenticate as the REST routes do, parse and validate the document against
 * GitHub's schema (a refusal is HTTP 200 with `errors` only, and a violation), apply GitHub's
 * pagination and node limits, charge the points, count mutations as writes against the
 * secondary limit, then execute with graphql-js over the fake's state.
 */
export class GraphqlServer {
  readonly #used = new Map<number, { window: number; points: number }>();

  constructor(
    readonly ctx: FakeContext,
    readonly hooks: ApiServerHooks,
    readonly nextSeq: () => number,
  ) {}

  async handle(incoming: IncomingMessage, outgoing: ServerResponse, rawBody: Buffer): Promise<void> {
    const started = Date.now();
    const method = (incoming.method ?? "GET").toUpperCase();
    const path = "/graphql";
    let body: unknown;
    let by: string | null = null;
    let injected = false;
    let meta: RecordedRequest["graphql"];
    let rateHeaders: Record<string, string> = {};
    let limit: LimitKind | null = null;
    let faultKind: FaultKind | null = null;
    const requestId = randomUUID().toUpperCase().slice(0, 23);

    const violation = (kind: "graphql-invalid" | "not-implemented" | "invalid-json", message: string): void => {
      this.hooks.recordViolation({ kind, method, path, route: path, message });
    };
    const record = (status: number): void => {
      this.hooks.recordRequest({
        seq: this.nextSeq(),
        at: new Date(started).toISOString(),
        method,
        path,
        route: path,
        query: {},
        body,
        status,
        by,
        durationMs: Date.now() - started,
        injected,
        fault: faultKind,
        limit,
        requestId,
        ...(meta === undefined ? {} : { graphql: meta }),
      });
    };
    /** No answer at all: the connection is dropped, as a reset or a lost response is. */
    const drop = (): void => {
      incoming.socket.destroy();
      record(0);
    };
    const respond = (answer: Answer): void => {
      const headers = { "x-github-request-id": requestId, "x-github-media-type": "github.v4; format=json", ...rateHeaders, ...answer.headers, "content-type": "application/json; charset=utf-8" };
      outgoing.writeHead(answer.status, headers);
      outgoing.end(JSON.stringify(answer.body));
      record(answer.status);
    };

    if (method !== "POST") {
      respond({ status: 404, body: { message: "Not Found", documentation_url: DOCS } });
      return;
    }
    try {
      body = rawBody.length === 0 ? undefined : JSON.parse(rawBody.toString("utf8"));
    } catch {
      body = rawBody.toString("utf8");
      violation("invalid-json", "the request body is not JSON");
      respond({ status: 400, body: { message: "Problems parsing JSON", documentation_url: DOCS } });
      return;
    }

    const latency = this.hooks.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    // GraphQL takes an installation (or user) token; an app's JWT is refused as on GitHub.
    const credentials = readCredentials(incoming.headers.authorization);
    const token = credentials.kind === "token" ? this.ctx.state.tokens.get(credentials.token) : undefined;
    // A workflow's GITHUB_TOKEN acts as github-actions[bot] outside any installation of this app:
    // of GraphQL it is asked only who it is.
    if (token?.actor !== undefined && token.expiresAt > Date.now()) {
      by = token.actor.login;
      const answer = answerViewerQuery(token.actor, body);
      if (answer === null) violation("not-implemented", "the fake answers a workflow token's GraphQL query { viewer { login } } only");
      respond(answer === null ? { status: 200, body: { errors: [{ type: "NOT_IMPLEMENTED", message: "fake GitHub answers a workflow token's { viewer { login } } only" }] } } : { status: answer.status, body: answer.body });
      return;
    }
    const installation = token === undefined ? undefined : this.ctx.state.installations.get(token.installationId);
    if (token === undefined || installation === undefined || token.expiresAt <= Date.now()) {
      const message = credentials.kind === "none" ? "This endpoint requires you to be authenticated." : "Bad credentials";
      respond({ status: 401, body: { message, documentation_url: `${DOCS}/guides/forming-calls-with-graphql#authenticating-with-graphql` } });
      return;
    }
    by = this.ctx.app.bot.login;
    const bucket = this.#bucket(installation.id);

    const request = body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (request === undefined || typeof request !== "object" || typeof request.query !== "string") {
      violation("graphql-invalid", "the request has no query");
      respond({ status: 200, body: { errors: [{ message: "A query attribute must be specified and must be a string." }] } });
      return;
    }
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    const operationName = typeof request.operationName === "string" ? request.operationName : null;

    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (error) {
      const syntax = error as GraphQLError;
      violation("graphql-invalid", syntax.message);
      respond({ status: 200, body: { errors: [{ locations: syntax.locations, message: `Parse error: ${syntax.message}` }] } });
      return;
    }
    const schema = loadGraphqlSchema();
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((candidate) => candidate.name?.value === operationName);
    const rootFields = operation?.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : [])) ?? [];
    meta = { operationName: operation?.name?.value ?? operationName, operation: operation?.operation ?? null, rootFields, cost: 0 };
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      for (const error of invalid) violation("graphql-invalid", error.message);
      respond({ status: 200, body: { errors: invalid.map(githubValidationError) } });
      return;
    }
    if (operation === undefined) {
      const message = operationName === null ? "An operation name is required when the document has several operations" : `No operation named "${operationName}"`;
      violation("graphql-invalid", message);
      respond({ status: 200, body: { errors: [{ message }] } });
      return;
    }
    const fragments = new Map(document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
    const cost = operationCost(schema, operation, fragments, variables);
    meta.cost = cost.points;
    if (cost.problems.length > 0) {
      for (const problem of cost.problems) violation("graphql-invalid", problem.message);
      respond({ status: 200, body: { errors: cost.problems.map((problem) => ({ type: problem.type, path: problem.path, message: problem.message })) } });
      return;
    }

    if (bucket.points + cost.points > GRAPHQL_POINTS_PER_HOUR) {
      rateHeaders = this.#rateHeaders(bucket);
      respond({ status: 200, body: { errors: [{ type: "RATE_LIMITED", message: `API rate limit exceeded for installation ID ${installation.id}.` }] } });
      return;
    }
    bucket.points += cost.points;
    rateHeaders = this.#rateHeaders(bucket);

    // Each mutation creates or changes content: GitHub counts it against the secondary limit
    // on content-creating requests, as the REST fake counts every non-GET request.
    // https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits
    if (operation.operation === "mutation") {
      for (let index = 0; index < rootFields.length; index += 1) {
        const admission = this.hooks.budgets.admit({
          key: `installation:${installation.id}`,
          installationId: installation.id,
          method,
          path,
          route: path,
          auth: "installation",
          requestId,
        });
        if (!isAdmission(admission)) {
          limit = admission.kind;
          respond({ status: admission.status, headers: admission.headers, body: admission.body });
          return;
        }
        admission.commit();
        admission.release();
      }
    }

    const failure = this.hooks.takeFailure(method, path);
    if (failure !== undefined) {
      injected = true;
      respond({ status: failure.status, body: failure.body ?? { message: `Injected failure ${failure.status}` }, ...(failure.headers === undefined ? {} : { headers: failure.headers }) });
      return;
    }

    // Random faults (setFaults) reach GraphQL as they reach REST, on the route "/graphql": a
    // mutation whose answer is lost was done all the same (README, "Faults").
    const fault = this.hooks.faults()?.decide(method, path, path, operation.operation) ?? null;
    const noteFault = (status: number | null, applied: boolean): void => {
      if (fault !== null) this.hooks.recordFault({ method, path, route: path, kind: fault.kind, status, applied });
    };
    if (fault !== null) {
      faultKind = fault.kind;
      if (fault.kind === "reset") {
        noteFault(null, false);
        drop();
        return;
      }
      if (fault.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
      if (fault.kind === "server-error" || fault.kind === "secondary-rate-limit") {
        noteFault(fault.status, false);
        const headers = fault.kind === "secondary-rate-limit" ? { "retry-after": String(fault.retryAfterSeconds) } : undefined;
        respond({ status: fault.status, body: injectedBody(fault.status, requestId), ...(headers === undefined ? {} : { headers }) });
        return;
      }
      if (fault.kind === "timeout") {
        const gaveUp = await holdUnlessClosed(outgoing, fault.delayMs);
        noteFault(gaveUp ? null : 504, false);
        if (gaveUp) record(0);
        else respond({ status: 504, body: injectedBody(504, requestId) });
        return;
      }
    }

    const context: GraphqlContext = {
      fake: this.ctx,
      actor: { account: this.ctx.app.bot, viaApp: true },
      installation,
      token,
      rateLimit: {
        cost: cost.points,
        limit: GRAPHQL_POINTS_PER_HOUR,
        remaining: GRAPHQL_POINTS_PER_HOUR - bucket.points,
        used: bucket.points,
        resetAt: new Date(this.#resetSeconds(bucket) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        nodeCount: cost.nodes,
      },
    };
    const result = await execute({
      schema,
      document,
      variableValues: variables,
      operationName: operation.name?.value ?? null,
      contextValue: context,
      fieldResolver: this.#fieldResolver,
      typeResolver: this.#typeResolver,
    });
    for (const error of result.errors ?? []) {
      if (error.originalError instanceof NotImplementedFault) violation("not-implemented", error.originalError.message);
      else if (result.data === undefined) violation("graphql-invalid", error.message);
      else if (!(error.originalError instanceof GraphqlFault) && !(error.originalError instanceof GitHubError)) {
        // A crash of a resolver, or a non-null field the fake answered null for: the fake is wrong.
        this.hooks.recordResponseProblem(`POST /graphql: ${error.message} at ${JSON.stringify(error.path)}`);
      }
    }
    const errors = result.errors?.map(formatError);
    if (fault?.kind === "lost-response") {
      noteFault(null, result.data !== undefined && result.data !== null);
      drop();
      return;
    }
    if (fault?.kind === "slow") noteFault(200, true);
    respond({ status: 200, body: { ...(result.data === undefined ? {} : { data: result.data }), ...(errors === undefined ? {} : { errors }) } });
  }

  /** Fields resolve through the fake's resolver maps; a field without one is reported, never guessed. */
  readonly #fieldResolver: GraphQLFieldResolver<unknown, GraphqlContext> = (source, args, context, info) => {
    const type = info.parentType.name;
    const resolver = type === "Mutation" ? MUTATIONS[info.fieldName] : RESOLVERS[type]?.[info.fieldName];
    if (resolver !== undefined) return resolver(source, args, context, info);
    if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) return (source as Record<string, unknown>)[info.fieldName];
    throw new NotImplementedFault(`${type}.${info.fieldName}`);
  };

  readonly #typeResolver: GraphQLTypeResolver<unknown, GraphqlContext> = (value, context, info, abstractType) => {
    if (value !== null && typeof value === "object" && typeof (value as { __typename?: unknown }).__typename === "string") return (value as { __typename: string }).__typename;
    return defaultTypeResolver(value, context, info, abstractType);
  };

  #bucket(installationId: number): { window: number; points: number } {
    const window = Math.floor(Date.now() / 3_600_000);
    let bucket = this.#used.get(installationId);
    if (bucket === undefined || bucket.window !== window) {
      bucket = { window, points: 0 };
      this.#used.set(installationId, bucket);
    }
    return bucket;
  }

  #resetSeconds(bucket: { window: number }): number {
    return (bucket.window + 1) * 3600;
  }

  #rateHeaders(bucket: { window: number; points: number }): Record<string, string> {
    return {
      "x-ratelimit-limit": String(GRAPHQL_POINTS_PER_HOUR),
      "x-ratelimit-remaining": String(Math.max(0, GRAPHQL_POINTS_PER_HOUR - bucket.points)),
      "x-ratelimit-reset": String(this.#resetSeconds(bucket)),
      "x-ratelimit-used": String(bucket.points),
      "x-ratelimit-resource": "graphql",
    };
  }
}


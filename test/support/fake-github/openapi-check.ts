import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import {
  HTTP_METHODS,
  loadOpenApiSpec,
  resolveSpecRef,
  specOperation,
  type OpenApiOperation,
} from "./openapi-spec.js";
import type { ViolationKind } from "./types.js";

export type RouteMatch =
  | { kind: "ok"; template: string; params: Record<string, string> }
  | { kind: "unknown-path" }
  | { kind: "wrong-method"; template: string; allowed: string[] };

export interface RequestProblem {
  kind: ViolationKind;
  message: string;
}

interface CompiledTemplate {
  template: string;
  regex: RegExp;
  names: string[];
  literalSegments: number;
  greedyParams: number;
  methods: Set<string>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}

/**
 * Parameters GitHub lets carry raw slashes (`contents/docs/a.md`, `git/ref/heads/feature/x`);
 * Octokit sends them as `%2F`, other clients do not, and GitHub takes both.
 */
const SLASHED_PARAMS = new Set(["path", "ref", "branch", "basehead", "tree_sha"]);

/**
 * Keywords whose failure means a well-formed request that is over one of GitHub's limits:
 * GitHub answers those with 422 rather than treating them as malformed.
 */
const LIMIT_KEYWORDS = new Set(["maxItems", "maxLength", "minItems", "minLength", "maximum", "minimum"]);

/**
 * Places where GitHub's description contradicts what GitHub sends. GET /app/installations
 * declares `account` as `allOf: [simple-user, enterprise]`, which no real account satisfies
 * (the `installation` component itself says `anyOf`).
 */
const SPEC_INACCURACIES: Array<{ method: string; template: string; instancePath: RegExp }> = [
  { method: "GET", template: "/app/installations", instancePath: /^\/\d+\/account(\/|$)/ },
];

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

let sharedAjv: { body: Ajv; params: Ajv } | undefined;

/**
 * OpenAPI 3.0 marks null with `nullable`, which Ajv only understands next to a `type`; rewrite
 * it as JSON Schema, and point `#/...` references at the shared `spec` document.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (typeof out.$ref === "string" && out.$ref.startsWith("#/")) out.$ref = `spec${out.$ref}`;
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  if (out.nullable === false) delete out.nullable;
  return out;
}

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    coerceTypes,
  });
  ajv.addFormat("date-time", ISO_DATE_TIME);
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
  for (const format of ["uri-template", "int64", "int32", "double", "timestamp", "repo.nwo", "binary"]) {
    ajv.addFormat(format, true);
  }
  return ajv;
}

function ajvInstances(): { body: Ajv; params: Ajv } {
  if (sharedAjv === undefined) {
    const spec = loadOpenApiSpec();
    const document = toJsonSchema({ components: spec.components, "x-webhooks": spec["x-webhooks"] });
    const body = createAjv(false);
    body.addSchema(document as object, "spec");
    const params = createAjv(true);
    params.addSchema(document as object, "spec");
    sharedAjv = { body, params };
  }
  return sharedAjv;
}

function pointer(...parts: string[]): string {
  return parts.map((part) => encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");
}

function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => `${root}${error.instancePath} ${error.message ?? error.keyword}`)
    .join("; ");
}

/** Top-level property names a body schema allows, across `oneOf`/`anyOf`/`allOf` branches. */
function knownBodyFields(schema: unknown): Set<string> | "any" {
  const resolved = resolveSpecRef(schema as object) as Record<string, unknown>;
  const names = new Set<string>();
  let sawObject = false;
  const visit = (node: Record<string, unknown>): void => {
    if (node.properties !== undefined) {
      sawObject = true;
      for (const name of Object.keys(node.properties as object)) names.add(name);
    }
    if (node.additionalProperties === true || (typeof node.additionalProperties === "object" && node.additionalProperties !== null)) {
      names.add("*");
    }
    for (const key of ["oneOf", "anyOf", "allOf"]) {
      const branches = node[key];
      if (Array.isArray(branches)) for (const branch of branches) visit(resolveSpecRef(branch as object) as Record<string, unknown>);
    }
  };
  visit(resolved);
  return !sawObject || names.has("*") ? "any" : names;
}

/**
 * GitHub's OpenAPI description as the judge of every request the app sends and every answer
 * the fake gives: a route the description lacks, a parameter or body field it does not list, or
 * a body its schema refuses, is a mistake the real GitHub would also refuse.
 */
export class OpenApiCheck {
  readonly #templates: CompiledTemplate[] = [];
  readonly #validators = new Map<string, ValidateFunction | null>();

  constructor() {
    for (const [template, item] of Object.entries(loadOpenApiSpec().paths)) {
      const names: string[] = [];
      let literalSegments = 0;
      let greedyParams = 0;
      const source = template
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (param === null) {
            if (/\{/.test(segment)) {
              // Segments like `{owner}.github.io` do not occur in the routes the fake serves.
              return segment.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
                names.push(name);
                return "([^/]+)";
              });
            }
            literalSegments += 1;
            return segment.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
          }
          const name = param[1] as string;
          names.push(name);
          if (SLASHED_PARAMS.has(name)) {
            greedyParams += 1;
            return name === "path" ? "(.*)" : "(.+)";
          }
          return "([^/]+)";
        })
        .join("/");
      const methods = new Set<string>(HTTP_METHODS.filter((method) => item[method] !== undefined));
      // Octokit sends an empty `path` as `.../contents` (no slash); GitHub lists the root for it.
      const regex = new RegExp(`^${source.endsWith("/(.*)") ? `${source.slice(0, -"/(.*)".length)}(?:/(.*))?` : source}$`);
      this.#templates.push({ template, regex, names, literalSegments, greedyParams, methods });
    }
  }

  /** Finds the spec's path template for a request path (still percent-encoded). */
  matchRoute(method: string, rawPath: string): RouteMatch {
    const trimmed = rawPath.length > 1 ? rawPath.replace(/\/+$/, "") : rawPath;
    let best: { compiled: CompiledTemplate; values: string[] } | undefined;
    for (const compiled of this.#templates) {
      const found = compiled.regex.exec(trimmed) ?? compiled.regex.exec(rawPath);
      if (found === null) continue;
      if (
        best === undefined ||
        compiled.literalSegments > best.compiled.literalSegments ||
        (compiled.literalSegments === best.compiled.literalSegments && compiled.greedyParams < best.compiled.greedyParams)
      ) {
        best = { compiled, values: found.slice(1) };
      }
    }
    if (best === undefined) return { kind: "unknown-path" };
    const { compiled, values } = best;
    if (!compiled.methods.has(method.toLowerCase())) {
      return { kind: "wrong-method", template: compiled.template, allowed: [...compiled.methods].map((m) => m.toUpperCase()) };
    }
    const params: Record<string, string> = {};
    compiled.names.forEach((name, index) => {
      const raw = values[index] ?? "";
      let decoded = raw;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        decoded = raw;
      }
      params[name] = decoded;
    });
    return { kind: "ok", template: compiled.template, params };
  }

  /**
   * Checks path parameters, query parameters and body against the operation. Query and path
   * values are coerced in place (`"30"` → 30) the way GitHub reads them.
   */
  checkRequest(input: {
    method: string;
    template: string;
    params: Record<string, unknown>;
    query: Record<string, unknown>;
    body: unknown;
    hasBody: boolean;
  }): RequestProblem[] {
    const operation = specOperation(input.method, input.template) as OpenApiOperation;
    const problems: RequestProblem[] = [];
    const parameters = this.#parameters(input.template, operation);

    for (const [location, values] of [
      ["path", input.params],
      ["query", input.query],
    ] as const) {
      const declared = parameters.filter((p) => p.in === location);
      for (const name of Object.keys(values)) {
        if (!declared.some((p) => p.name === name)) {
          problems.push({ kind: location === "query" ? "unknown-query" : "invalid-path-param", message: `unknown ${location} parameter "${name}"` });
        }
      }
      for (const parameter of declared) {
        const kind = location === "query" ? "invalid-query" : "invalid-path-param";
        if (values[parameter.name] === undefined) {
          if (parameter.required === true) problems.push({ kind, message: `missing required ${location} parameter "${parameter.name}"` });
          continue;
        }
        if (parameter.schema === undefined) continue;
        // Wrapped in an object so that Ajv's coercion can replace the value in place.
        const holder = { value: values[parameter.name] };
        const wrapped = this.#compile(`param:${input.method}:${input.template}:${location}:${parameter.name}`, { type: "object", properties: { value: parameter.schema } }, "params");
        if (wrapped !== null && !wrapped(holder)) {
          problems.push({
            kind,
            message: `${location} parameter "${parameter.name}": ${describeErrors(wrapped.errors, "").replace(/^\/value ?/, "")}`,
          });
        } else {
          values[parameter.name] = holder.value;
        }
      }
    }

    const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
    if (bodySchema === undefined) {
      if (input.hasBody && !(typeof input.body === "object" && input.body !== null && Object.keys(input.body).length === 0)) {
        problems.push({ kind: "unexpected-body", message: `${input.method} ${input.template} takes no request body` });
      }
      return problems;
    }
    if (!input.hasBody) {
      if (operation.requestBody?.required === true) problems.push({ kind: "missing-body-field", message: "a request body is required" });
      return problems;
    }
    const resolved = resolveSpecRef(bodySchema as object) as { required?: string[] };
    if (typeof input.body === "object" && input.body !== null && !Array.isArray(input.body)) {
      const body = input.body as Record<string, unknown>;
      for (const name of resolved.required ?? []) {
        if (body[name] === undefined) problems.push({ kind: "missing-body-field", message: `body field "${name}" is required` });
      }
      const known = knownBodyFields(bodySchema);
      if (known !== "any") {
        for (const name of Object.keys(body)) {
          if (!known.has(name)) problems.push({ kind: "unknown-body-field", message: `body field "${name}" is not a parameter of ${input.method} ${input.template}` });
        }
      }
    }
    if (problems.length > 0) return problems;
    const validate = this.#compile(`body:${input.method}:${input.template}`, bodySchema, "body");
    if (validate !== null && !validate(input.body)) {
      const errors = validate.errors ?? [];
      const limitOnly = errors.length > 0 && errors.every((error) => LIMIT_KEYWORDS.has(error.keyword));
      problems.push({ kind: limitOnly ? "over-limit" : "invalid-body", message: `body ${describeErrors(errors, "")}`.replace(/body {2}/, "body ") });
    }
    return problems;
  }

  /** Errors of a response body against the operation's schema for that status ([] when fine). */
  checkResponse(method: string, template: string, status: number, body: unknown): string[] {
    const operation = specOperation(method, template);
    if (operation === undefined) return [`no operation ${method} ${template}`];
    const response = operation.responses[String(status)];
    if (response === undefined) {
      // The description leaves out many error statuses GitHub does answer (422 on check runs);
      // an error body still has to be GitHub's `{ message }`.
      if (status >= 400) return typeof (body as { message?: unknown } | undefined)?.message === "string" ? [] : [`error ${status} without a message`];
      return [`${method} ${template} does not document status ${status}`];
    }
    const content = (resolveSpecRef(response as object) as { content?: Record<string, { schema?: unknown }> }).content;
    const schema = content?.["application/json"]?.schema;
    if (schema === undefined) return [];
    const validate = this.#compile(`response:${method}:${template}:${status}`, schema, "body");
    if (validate === null || validate(body)) return [];
    // GitHub's error schemas overlap (`basic-error` and `repository-rule-violation-error` are
    // both `oneOf` branches and a plain error fits both); matching more than one is fine.
    const inaccurate = SPEC_INACCURACIES.filter((entry) => entry.method === method && entry.template === template);
    const errors = (validate.errors ?? [])
      .filter((error) => !(error.keyword === "oneOf" && Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas)))
      .filter((error) => !inaccurate.some((entry) => entry.instancePath.test(error.instancePath)));
    return errors.slice(0, 20).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }

  /** Errors of a webhook payload against the spec's `x-webhooks` schema for event + action. */
  checkWebhook(event: string, action: string | undefined, payload: unknown): string[] {
    const key = [event, action].filter((part) => part !== undefined).join("-").replace(/_/g, "-");
    const hook = loadOpenApiSpec()["x-webhooks"][key];
    if (hook === undefined) return [`no webhook schema ${key}`];
    const validate = this.#compile(`webhook:${key}`, { $ref: `#/x-webhooks/${pointer(key, "post", "requestBody", "content", "application/json", "schema")}` }, "body");
    if (validate === null || validate(payload)) return [];
    return (validate.errors ?? []).slice(0, 20).map((error) => `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
  }

  #parameters(template: string, operation: OpenApiOperation): Parameter[] {
    const item = loadOpenApiSpec().paths[template] as { parameters?: unknown[] };
    return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => resolveSpecRef(p as object) as Parameter);
  }

  #compile(key: string, schema: unknown, kind: "body" | "params"): ValidateFunction | null {
    if (this.#validators.has(key)) return this.#validators.get(key) ?? null;
    if (schema === undefined) {
      this.#validators.set(key, null);
      return null;
    }
    const ajv = ajvInstances()[kind];
    const validate = ajv.compile(toJsonSchema(schema) as object);
    this.#validators.set(key, validate);
    return validate;
  }
}

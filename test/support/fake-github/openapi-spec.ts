import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The parts of GitHub's OpenAPI description the fake reads. */
export interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components: Record<string, Record<string, unknown>>;
  "x-webhooks": Record<string, { post: OpenApiOperation }>;
}

export interface OpenApiOperation {
  operationId: string;
  externalDocs?: { url: string };
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
}

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

let cached: OpenApiSpec | undefined;

/**
 * GitHub's own description of api.github.com (13 MB): read once per process, because every
 * fake started in a test file shares it.
 */
export function loadOpenApiSpec(): OpenApiSpec {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
    cached = JSON.parse(readFileSync(file, "utf8")) as OpenApiSpec;
  }
  return cached;
}

/** The operation of a (method, path template) pair, or undefined when the spec has none. */
export function specOperation(method: string, template: string): OpenApiOperation | undefined {
  const item = loadOpenApiSpec().paths[template];
  const operation = item?.[method.toLowerCase()];
  return operation === undefined ? undefined : (operation as OpenApiOperation);
}

/** Follows `#/components/...` references inside the spec. */
export function resolveSpecRef<T>(node: T | { $ref: string }): T {
  let current: unknown = node;
  while (current !== null && typeof current === "object" && "$ref" in current) {
    const ref = (current as { $ref: string }).$ref;
    let target: unknown = loadOpenApiSpec();
    for (const part of ref.replace(/^#\//, "").split("/")) {
      const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
      target = (target as Record<string, unknown>)[key];
    }
    current = target;
  }
  return current as T;
}

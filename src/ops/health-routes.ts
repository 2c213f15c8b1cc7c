import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "./metrics.js";
import type { Readiness } from "./readiness.js";

export interface HealthRoutesOptions {
  readiness: Readiness;
  /** When set, `/metrics` answers only `Authorization: Bearer <token>` (401 otherwise). */
  metricsToken?: string | undefined;
}

/** A handler for Probot's server (`addHandler`): true when it answered the request. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * The operations endpoints on the app's own port, beside the webhook path:
 * - `GET /healthz` — liveness: the process answers (200);
 * - `GET /readyz` — readiness (`Readiness`): 200, or 503 with the reason as JSON;
 * - `GET /metrics` — Prometheus text format, behind a bearer token when METRICS_TOKEN is set.
 */
export function healthRoutes(options: HealthRoutesOptions): RouteHandler {
  const expected = options.metricsToken ? Buffer.from(`Bearer ${options.metricsToken}`) : null;
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const path = (request.url ?? "").split("?")[0];
    switch (path) {
      case "/healthz":
        json(response, 200, { status: "ok" });
        return true;
      case "/readyz": {
        const state = await options.readiness.check();
        json(response, state.ready ? 200 : 503, state.ready ? { status: "ready" } : { status: "not ready", reason: state.reason });
        return true;
      }
      case "/metrics": {
        if (expected && !matches(request.headers.authorization, expected)) {
          response.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' }).end("unauthorized\n");
          return true;
        }
        const { contentType, body } = await metrics.render();
        response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body);
        return true;
      }
      default:
        return false;
    }
  };
}

function json(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(`${JSON.stringify(body)}\n`);
}

/** Compared in constant time: the time a wrong token takes to refuse tells nothing about the right one. */
function matches(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

import type { FakeContext } from "./context.js";
import { GitHubError, notFound } from "./github-error.js";
import type { RouteRequest, Router } from "./router.js";
import type { Delivery } from "./types.js";

/** GitHub caps `per_page` at 100. */
const PER_PAGE_MAX = 100;

/** A delivery as the list shows it (`hook-delivery-item`). */
function renderDeliveryItem(delivery: Delivery): Record<string, unknown> {
  return {
    id: delivery.id,
    guid: delivery.guid,
    delivered_at: delivery.at.replace(/\.\d{3}Z$/, "Z"),
    redelivery: delivery.redelivery,
    duration: delivery.durationMs / 1000,
    status: delivery.statusText,
    status_code: delivery.statusCode,
    event: delivery.event,
    action: delivery.action,
    installation_id: delivery.installationId,
    repository_id: delivery.repositoryId,
    throttled_at: null,
  };
}

/** The cursor names the first delivery of the page; GitHub's are opaque too. */
function encodeCursor(id: number): string {
  return Buffer.from(`v1_${id}`).toString("base64url");
}

function decodeCursor(cursor: string): number {
  const match = /^v1_(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (match === null) throw new GitHubError(422, "Invalid cursor", { errors: [{ resource: "HookDelivery", field: "cursor", code: "invalid" }] });
  return Number(match[1]);
}

/** `status=success` is a `status_code` of 200–399, `failure` one of 400–599 (the parameter's own description). */
function statusFilter(request: RouteRequest): (delivery: Delivery) => boolean {
  const wanted = request.query.status;
  if (wanted === "success") return (delivery) => delivery.statusCode >= 200 && delivery.statusCode <= 399;
  if (wanted === "failure") return (delivery) => delivery.statusCode >= 400 && delivery.statusCode <= 599;
  return () => true;
}

/**
 * The app's webhook delivery log (REST "Webhooks → App webhooks": list deliveries, get a
 * delivery, redeliver), all with the app's JWT, newest first with cursor pagination.
 * "Handling failed webhook deliveries": GitHub does not redeliver by itself; a delivery
 * that failed has a `status` other than "OK", and the app redelivers it with
 * `POST /app/hook/deliveries/{delivery_id}/attempts`, which sends the event again with the
 * same GUID and `redelivery: true`. Note that a timed-out delivery has `status_code` 0, so a
 * `status=failure` filter (400–599) does not list it: look at `status`, not only the filter.
 */
export function deliveryRoutes(router: Router, ctx: FakeContext): void {
  router.on(
    "GET",
    "/app/hook/deliveries",
    (request) => {
      const perPage = Math.min(PER_PAGE_MAX, Math.max(1, Number(request.query.per_page ?? 30)));
      // A delivery is in the log once it was answered or timed out, not while it is on its way
      // ("Viewing webhook deliveries": each entry has its response or its error).
      const all = ctx.webhooks
        .deliveries()
        .filter((delivery) => !ctx.webhooks.isInFlight(delivery.id))
        .filter(statusFilter(request))
        .sort((a, b) => b.id - a.id);
      const cursor = typeof request.query.cursor === "string" && request.query.cursor !== "" ? decodeCursor(request.query.cursor) : undefined;
      const start = cursor === undefined ? 0 : all.findIndex((delivery) => delivery.id <= cursor);
      const page = start === -1 ? [] : all.slice(start, start + perPage);
      const next = start === -1 ? undefined : all[start + perPage];
      const headers: Record<string, string> = {};
      if (next !== undefined) {
        const params = new URLSearchParams();
        for (const [key, value] of Object.entries(request.query)) if (key !== "cursor" && value !== undefined) params.set(key, String(value));
        params.set("cursor", encodeCursor(next.id));
        headers.link = `<${ctx.urls.base}${request.prefix}${request.path}?${params.toString()}>; rel="next"`;
      }
      return { status: 200, body: page.map(renderDeliveryItem), headers };
    },
    "jwt",
  );

  router.on(
    "GET",
    "/app/hook/deliveries/{delivery_id}",
    (request) => {
      const found = ctx.webhooks.delivery(Number(request.params.delivery_id));
      if (found === undefined) throw notFound();
      const { delivery, exchange } = found;
      return {
        status: 200,
        body: {
          ...renderDeliveryItem(delivery),
          url: delivery.url ?? "",
          request: { headers: exchange.requestHeaders, payload: delivery.payload },
          response: { headers: exchange.responseHeaders, payload: exchange.responseBody },
        },
      };
    },
    "jwt",
  );

  router.on(
    "POST",
    "/app/hook/deliveries/{delivery_id}/attempts",
    (request) => {
      const id = Number(request.params.delivery_id);
      if (!ctx.webhooks.has(id)) throw notFound();
      // Accepted: the redelivery is queued behind the deliveries already waiting, like GitHub's.
      ctx.webhooks.redeliver(id).catch(() => undefined);
      return { status: 202, body: {} };
    },
    "jwt",
  );
}

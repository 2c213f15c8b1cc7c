import type { Context, Probot } from "probot";
import { deliveryScope } from "./delivery-scope.js";
import { eventOf } from "./event-of.js";
import { metrics } from "./metrics.js";

type EventName = Extract<Parameters<Probot["on"]>[0], string>;

/** `app.on`, with every delivery counted once by event and outcome. */
export type ObservedOn = <E extends EventName>(events: E | readonly E[], handler: (context: Context<E>) => Promise<void>) => void;

/**
 * Counts every webhook delivery in `taskmirror_webhook_deliveries_total`: an event no handler
 * is registered for is `ignored` at once; a handled one is `ignored` when its handler queued
 * nothing, `failed` when the handler threw (Probot answers 500), and otherwise counted by the
 * queued work itself when it ends (`runDelivery`: done, ignored or failed).
 */
export function observeDeliveries(app: Probot): ObservedOn {
  const handled = new Set<string>();
  app.onAny((context) => {
    const event = eventOf(context);
    if (!handled.has(context.name) && !handled.has(event)) metrics.webhookDelivery(event, "ignored");
  });
  return (events, handler) => {
    const names: readonly EventName[] = typeof events === "string" ? [events] : events;
    for (const name of names) {
      handled.add(name);
      metrics.webhookEventSeen(name);
    }
    app.on([...names], async (context) => {
      const event = eventOf(context);
      try {
        const { queued } = await deliveryScope.run(() => handler(context as Context<(typeof names)[number]>));
        if (!queued) metrics.webhookDelivery(event, "ignored");
      } catch (error) {
        metrics.webhookDelivery(event, "failed");
        throw error;
      }
    });
  };
}

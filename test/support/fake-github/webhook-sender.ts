import { createHmac, randomUUID } from "node:crypto";
import type { Delivery, WebhookConfig } from "./types.js";

/**
 * GitHub gives up on a delivery that is not answered within 10 seconds ("Handling failed
 * webhook deliveries": "if your server is down or takes longer than 10 seconds to respond,
 * GitHub will record the delivery as a failure").
 */
const DELIVERY_TIMEOUT_MS = 10_000;

/** Delivery ids are large, like GitHub's, and never look like an issue number. */
const DELIVERY_ID_BASE = 13_000_000_000;

/** What the single-delivery view (`GET /app/hook/deliveries/{delivery_id}`) adds. */
export interface DeliveryExchange {
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
}

interface StoredDelivery extends Delivery {
  raw: string;
  exchange: DeliveryExchange;
}

function idOf(value: unknown): number | null {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === "number" ? id : null;
}

/**
 * Delivers webhooks the way GitHub does: a signed JSON POST per event, one at a time in the
 * order the events happened, each recorded with GitHub's status text ("OK", "Invalid HTTP
 * Response: 500", "failed to connect to host", "timed out"). GitHub never redelivers by
 * itself; `redeliver(id)` is the "Redeliver" button and the REST redelivery.
 */
export class WebhookSender {
  #config: WebhookConfig | undefined;
  readonly #deliveries: StoredDelivery[] = [];
  /** Deliveries sent and not yet answered (or timed out): GitHub lists a delivery once it is done. */
  readonly #inFlight = new Set<number>();
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;

  constructor(
    readonly appId: number,
    config: WebhookConfig | undefined,
    readonly onActivity: () => void,
  ) {
    this.#config = config;
  }

  setConfig(config: WebhookConfig): void {
    this.#config = config;
  }

  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Resolves once every queued delivery has been answered. */
  async idle(): Promise<void> {
    while (this.#pending > 0) await this.#queue;
  }

  /** Whether the delivery is still on its way (not yet in GitHub's delivery log). */
  isInFlight(id: number): boolean {
    return this.#inFlight.has(id);
  }

  deliveries(): Delivery[] {
    return this.#deliveries.map((delivery) => this.#public(delivery));
  }

  /** One delivery with what was sent and answered, or undefined. */
  delivery(id: number): { delivery: Delivery; exchange: DeliveryExchange } | undefined {
    const found = this.#deliveries.find((delivery) => delivery.id === id);
    return found === undefined ? undefined : { delivery: this.#public(found), exchange: structuredClone(found.exchange) };
  }

  /** Queues one event; resolves when it was delivered (null when the app is not subscribed to it). */
  send(event: string, payload: Record<string, unknown>): Promise<Delivery | null> {
    const events = this.#config?.events;
    if (events !== undefined && !events.includes(event)) return Promise.resolve(null);
    const raw = JSON.stringify(payload);
    return this.#enqueue(event, raw, randomUUID(), false);
  }

  /** Sends a recorded delivery again, with its original delivery GUID, as GitHub's "Redeliver". */
  redeliver(id: number): Promise<Delivery> {
    const original = this.#deliveries.find((delivery) => delivery.id === id);
    if (original === undefined) return Promise.reject(new Error(`no delivery ${id}`));
    return this.#enqueue(original.event, original.raw, original.guid, true) as Promise<Delivery>;
  }

  has(id: number): boolean {
    return this.#deliveries.some((delivery) => delivery.id === id);
  }

  #enqueue(event: string, raw: string, guid: string, redelivery: boolean): Promise<Delivery | null> {
    this.#pending += 1;
    this.onActivity();
    const run = this.#queue.then(() => this.#deliver(event, raw, guid, redelivery));
    this.#queue = run.catch(() => undefined);
    return run.finally(() => {
      this.#pending -= 1;
      this.onActivity();
    });
  }

  async #deliver(event: string, raw: string, guid: string, redelivery: boolean): Promise<Delivery> {
    const payload = JSON.parse(raw) as Record<string, unknown>;
    const config = this.#config;
    const requestHeaders: Record<string, string> = {
      accept: "*/*",
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/f4k3e00",
      "x-github-event": event,
      "x-github-delivery": guid,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-id": String(this.appId),
      "x-github-hook-installation-target-type": "integration",
    };
    if (config !== undefined) {
      requestHeaders["x-hub-signature"] = `sha1=${createHmac("sha1", config.secret).update(raw).digest("hex")}`;
      requestHeaders["x-hub-signature-256"] = `sha256=${createHmac("sha256", config.secret).update(raw).digest("hex")}`;
    }
    const record: StoredDelivery = {
      id: DELIVERY_ID_BASE + this.#deliveries.length + 1,
      guid,
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      payload,
      status: null,
      error: null,
      statusText: "failed to connect to host",
      statusCode: 502,
      redelivery,
      at: new Date().toISOString(),
      durationMs: 0,
      installationId: idOf(payload.installation),
      repositoryId: idOf(payload.repository),
      url: config?.url ?? null,
      raw,
      exchange: { requestHeaders, responseHeaders: null, responseBody: null },
    };
    this.#deliveries.push(record);
    if (config === undefined || config.url === null) {
      // The app is down: GitHub still records the event as a failed delivery.
      record.error = config === undefined ? "no webhook URL configured" : "the webhook is switched off (the app is down)";
      return this.#public(record);
    }
    const started = Date.now();
    this.#inFlight.add(record.id);
    try {
      const response = await fetch(config.url, {
        method: "POST",
        headers: requestHeaders,
        body: raw,
        signal: AbortSignal.timeout(config.timeoutMs ?? DELIVERY_TIMEOUT_MS),
      });
      const text = await response.text();
      record.status = response.status;
      record.statusCode = response.status;
      record.statusText = response.ok ? "OK" : `Invalid HTTP Response: ${response.status}`;
      record.exchange.responseHeaders = Object.fromEntries(response.headers.entries());
      record.exchange.responseBody = text;
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (error instanceof Error && error.name === "TimeoutError") {
        record.statusText = "timed out";
        record.statusCode = 0;
      }
    }
    record.durationMs = Date.now() - started;
    this.#inFlight.delete(record.id);
    return this.#public(record);
  }

  #public(record: StoredDelivery): Delivery {
    const { raw: _raw, exchange: _exchange, ...delivery } = record;
    return structuredClone(delivery);
  }
}

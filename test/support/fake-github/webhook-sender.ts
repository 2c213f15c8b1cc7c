import { createHmac, randomUUID } from "node:crypto";
import type { Delivery, WebhookConfig } from "./types.js";

/** GitHub gives up on a delivery that is not answered within 10 seconds. */
const DELIVERY_TIMEOUT_MS = 10_000;

interface StoredDelivery extends Delivery {
  raw: string;
}

/**
 * Delivers webhooks the way GitHub does: a signed JSON POST per event, one at a time in the
 * order the events happened, each recorded with the status the receiver answered.
 */
export class WebhookSender {
  #config: WebhookConfig | undefined;
  readonly #deliveries: StoredDelivery[] = [];
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

  deliveries(): Delivery[] {
    return this.#deliveries.map(({ raw: _raw, ...delivery }) => structuredClone(delivery));
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
    const record: StoredDelivery = {
      id: this.#deliveries.length + 1,
      guid,
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      payload,
      status: null,
      error: null,
      redelivery,
      at: new Date().toISOString(),
      durationMs: 0,
      raw,
    };
    this.#deliveries.push(record);
    const config = this.#config;
    if (config === undefined) {
      record.error = "no webhook URL configured";
      return this.#public(record);
    }
    const started = Date.now();
    try {
      const response = await fetch(config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/f4k3e00",
          "x-github-event": event,
          "x-github-delivery": guid,
          "x-github-hook-id": "1",
          "x-github-hook-installation-target-id": String(this.appId),
          "x-github-hook-installation-target-type": "integration",
          "x-hub-signature": `sha1=${createHmac("sha1", config.secret).update(raw).digest("hex")}`,
          "x-hub-signature-256": `sha256=${createHmac("sha256", config.secret).update(raw).digest("hex")}`,
        },
        body: raw,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      record.status = response.status;
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    record.durationMs = Date.now() - started;
    return this.#public(record);
  }

  #public(record: StoredDelivery): Delivery {
    const { raw: _raw, ...delivery } = record;
    return structuredClone(delivery);
  }
}

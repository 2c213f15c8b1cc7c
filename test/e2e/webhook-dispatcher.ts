import { createServer, type IncomingHttpHeaders } from "node:http";

export interface WebhookDispatcher {
  /** Where the fake GitHub sends its webhooks. */
  url: string;
  /** Resolves when every copy of every delivery was handed to an instance. */
  idle(): Promise<void>;
  /** Copies not yet handed over. */
  pending(): number;
  /** Copies handed over, and to which instance (by index). */
  forwarded(): Array<{ guid: string; event: string; instance: number }>;
  close(): Promise<void>;
}

export interface DispatcherOptions {
  /** The instances' webhook URLs; an instance that refuses the connection is skipped. */
  targets: () => string[];
  /** Seed of the choices (instance, copies, delays), so that a failing run can be replayed. */
  seed: number;
  /** Copies of each delivery (as redeliveries): 1 to this many. */
  maxCopies?: number;
  /** Each copy waits up to this long, so deliveries overtake each other. */
  maxDelayMs?: number;
}

/** Mulberry32: a small seeded generator, enough to pick instances and delays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FORWARDED_HEADERS = ["content-type", "user-agent", "x-github-event", "x-github-delivery", "x-github-hook-id", "x-github-hook-installation-target-id", "x-github-hook-installation-target-type", "x-hub-signature", "x-hub-signature-256"];

/**
 * A load balancer in front of several app instances, at its worst: it answers GitHub at once,
 * then hands each signed delivery (bytes and signature untouched) to a random instance, 1 to
 * `maxCopies` times (GitHub redelivering it), each copy after a random delay, so deliveries
 * arrive out of order and a redelivery can reach another instance than the original. A copy
 * that no instance accepts (all down or refusing) is tried again on another.
 */
export async function startWebhookDispatcher(options: DispatcherOptions): Promise<WebhookDispatcher> {
  const next = random(options.seed);
  const maxCopies = options.maxCopies ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 300;
  const pending = new Set<Promise<void>>();
  const log: Array<{ guid: string; event: string; instance: number }> = [];

  const forward = async (body: Buffer, headers: IncomingHttpHeaders, delayMs: number, first: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const sent = Object.fromEntries(FORWARDED_HEADERS.flatMap((name) => (typeof headers[name] === "string" ? [[name, headers[name]]] : [])));
    for (let tries = 0; tries < 60; tries += 1) {
      const targets = options.targets();
      const instance = (first + tries) % targets.length;
      const answered = await fetch(targets[instance]!, { method: "POST", headers: sent, body, signal: AbortSignal.timeout(10_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) {
        log.push({ guid: String(headers["x-github-delivery"]), event: String(headers["x-github-event"]), instance });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no instance took delivery ${String(headers["x-github-delivery"])}`);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      response.writeHead(202).end();
      const body = Buffer.concat(chunks);
      const copies = 1 + Math.floor(next() * maxCopies);
      for (let copy = 0; copy < copies; copy += 1) {
        const job = forward(body, request.headers, Math.floor(next() * maxDelayMs), Math.floor(next() * 1000));
        const tracked: Promise<void> = job.finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    pending: () => pending.size,
    forwarded: () => [...log],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

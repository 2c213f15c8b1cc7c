import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SmeeRelay {
  /** The channel: GitHub (the fake) posts deliveries to it, smee-client listens on it. */
  url: string;
  /** Clients listening on the channel now. */
  listeners(): number;
  /** Deliveries posted to the channel. */
  relayed(): number;
  close(): Promise<void>;
}

/**
 * A local stand-in for smee.io (https://github.com/probot/smee.io): a POST to the channel is
 * sent to every listener as a server-sent event whose data is the delivery's headers, `body`
 * (the parsed JSON) and `query` — the shape smee-client reads and re-posts to the app.
 */
export async function startSmeeRelay(): Promise<SmeeRelay> {
  const listeners = new Set<ServerResponse>();
  let relayed = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "GET") {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      response.write(": ready\n\n");
      listeners.add(response);
      request.on("close", () => listeners.delete(response));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => /^(x-github-|x-hub-|user-agent$)/.test(name)));
      const data = JSON.stringify({ ...headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown, query: {} });
      for (const listener of listeners) listener.write(`data: ${data}\n\n`);
      relayed += 1;
      response.writeHead(200, { "content-type": "text/plain" }).end("relayed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/taskmirror-channel`,
    listeners: () => listeners.size,
    relayed: () => relayed,
    close: () =>
      new Promise((resolve) => {
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

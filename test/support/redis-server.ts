import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./free-port.js";

export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A real redis-server on a free loopback port, without persistence; stopped by `stop()`. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Commands wait in the client's offline queue until the server accepts connections.
  const probe = new Redis({ port, host: "127.0.0.1", retryStrategy: () => 50, lazyConnect: false });
  probe.on("error", () => undefined);
  await probe.ping();
  await probe.quit();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

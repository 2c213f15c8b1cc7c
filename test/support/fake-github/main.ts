import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Quirks } from "./context.js";
import type { FaultOptions } from "./fault-injector.js";
import type { LimitOptions } from "./rate-budgets.js";
import { startFakeGitHub } from "./start-fake-github.js";

/**
 * Runs the fake GitHub as its own process, for the demo and for anything that drives it over
 * HTTP (`FakeGitHubClient`). Prints one JSON line when ready:
 * `{ "url", "apiUrl", "host", "appId", "appSlug", "privateKeyFile", "webhookSecret" }`.
 *
 *   npx tsx test/support/fake-github/main.ts --port 0 [--webhook-url URL] [--webhook-secret S]
 *     [--latency MS] [--app-slug SLUG] [--faults JSON] [--limits github|JSON] [--clock-scale N]
 *     [--quirks JSON]
 *
 * `--faults '{"seed":1,"rate":0.05,"methods":["POST"]}'` (FaultOptions), `--limits github` (all
 * of GitHub's budgets) or `--limits '{"contentPerMinute":80}'` (LimitOptions), `--clock-scale 60`
 * (an hour of budget per real minute), `--quirks '{"creatorFilterIgnoresBots":true}'`.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    latency: { type: "string", default: "0" },
    "app-slug": { type: "string" },
    faults: { type: "string" },
    limits: { type: "string" },
    "clock-scale": { type: "string" },
    quirks: { type: "string" },
  },
});

function json<T>(flag: string, value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`fake GitHub: --${flag} must be JSON (got ${value})`);
  }
}

const webhookUrl = values["webhook-url"];
const fake = await startFakeGitHub({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  ...(values["app-slug"] === undefined ? {} : { appSlug: values["app-slug"] }),
  ...(values.faults === undefined ? {} : { faults: json<FaultOptions>("faults", values.faults) as FaultOptions }),
  ...(values.limits === undefined ? {} : { limits: values.limits === "github" ? true : (json<LimitOptions>("limits", values.limits) as LimitOptions) }),
  ...(values["clock-scale"] === undefined ? {} : { clock: { scale: Number(values["clock-scale"]) } }),
  ...(values.quirks === undefined ? {} : { quirks: json<Quirks>("quirks", values.quirks) as Quirks }),
  ...(webhookUrl === undefined ? {} : { webhook: { url: webhookUrl, secret: values["webhook-secret"] ?? "fake-github-secret" } }),
});
const dir = mkdtempSync(join(tmpdir(), "fake-github-"));
const privateKeyFile = join(dir, "app.private-key.pem");
writeFileSync(privateKeyFile, fake.app.privateKey, { mode: 0o600 });

process.stdout.write(
  `${JSON.stringify({
    url: fake.url,
    apiUrl: fake.apiUrl,
    host: fake.host,
    appId: fake.app.id,
    appSlug: fake.app.slug,
    privateKeyFile,
    webhookSecret: fake.app.webhookSecret,
  })}\n`,
);

const stop = (): void => {
  void fake.close().finally(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startFakeGitHub } from "./start-fake-github.js";

/**
 * Runs the fake GitHub as its own process, for the demo and for anything that drives it over
 * HTTP (`FakeGitHubClient`). Prints one JSON line when ready:
 * `{ "url", "apiUrl", "host", "appId", "appSlug", "privateKeyFile", "webhookSecret" }`.
 *
 *   npx tsx test/support/fake-github/main.ts --port 0 [--webhook-url URL] [--webhook-secret S]
 *     [--latency MS] [--app-slug SLUG]
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "webhook-url": { type: "string" },
    "webhook-secret": { type: "string" },
    latency: { type: "string", default: "0" },
    "app-slug": { type: "string" },
  },
});

const webhookUrl = values["webhook-url"];
const fake = await startFakeGitHub({
  port: Number(values.port),
  latencyMs: Number(values.latency),
  ...(values["app-slug"] === undefined ? {} : { appSlug: values["app-slug"] }),
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

import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "./app-harness.js";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const EVENTS = ["push", "issues", "pull_request", "check_run", "check_suite", "installation", "installation_repositories"];
const groups = (createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[]).filter((group) =>
  EVENTS.includes(group.name),
);
const deliveries = groups.flatMap((group) =>
  group.examples.map((payload, index) => ({ name: group.name, action: payload.action as string | undefined, index, payload })),
);

/**
 * Every real payload GitHub documents for the events the app subscribes to. They point at
 * repositories and installations the fake GitHub does not have: the app must log and move
 * on — no crash, no write.
 */
describe("real webhook payloads from @octokit/webhooks-examples", () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it("covers every subscribed event", () => {
    expect(groups.map((group) => group.name).sort()).toEqual([...EVENTS].sort());
    expect(deliveries.length).toBeGreaterThanOrEqual(90);
  });

  it.each(deliveries)("$name.$action #$index is received without a crash or a write", async ({ name, index, payload }) => {
    const from = harness.fake.requests().length;
    await expect(
      harness.probot.receive({ id: `example-${name}-${index}`, name, payload } as Parameters<typeof harness.probot.receive>[0]),
    ).resolves.toBeUndefined();
    await harness.settle();
    expect(harness.writesSince(from)).toEqual([]);
    expect(harness.fake.violations()).toEqual([]);
  });
});

/**
 * The same payloads aimed at a repository the app is installed on (the examples' own
 * `Codertocat/Hello-World`, without task documents): every handler runs against real data
 * this time, and still nothing may be written.
 */
describe("real webhook payloads for an installed repository without task documents", () => {
  let harness: AppHarness;
  let installationId: number;
  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.fake.createRepo({ owner: "Codertocat", name: "Hello-World", defaultBranch: "master", files: { "README.md": "# Hello World\n" } });
    ({ installationId } = await harness.fake.installApp({ owner: "Codertocat", repos: ["Hello-World"] }));
    await harness.settle();
  });
  afterAll(async () => {
    await harness.close();
  });

  it.each(deliveries)("$name.$action #$index writes nothing", async ({ name, index, payload }) => {
    const rewritten = structuredClone(payload) as { installation?: { id: number } };
    if (rewritten.installation) rewritten.installation.id = installationId;
    const from = harness.fake.requests().length;
    await expect(
      harness.probot.receive({ id: `installed-${name}-${index}`, name, payload: rewritten } as Parameters<typeof harness.probot.receive>[0]),
    ).resolves.toBeUndefined();
    await harness.settle();
    expect(harness.writesSince(from)).toEqual([]);
    expect(harness.fake.violations()).toEqual([]);
  });
});

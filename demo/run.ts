/**
 * `npm run demo`: taskmirror without GitHub. Starts the fake GitHub and the app as two local
 * processes, creates a repository whose default branch holds the seed documents (or --docs DIR),
 * installs the app with signed webhooks, waits until the work settles and prints the issues.
 * Then the tour: a tick in an issue reaches the file and a tick in the file reaches the issue;
 * a pull request with a broken task document gets its check run.
 *
 *   npm run demo -- [--docs DIR] [--state FILE] [--requests FILE] [--resync]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startAppProcess } from "../test/e2e/app-process.js";
import { FakeGitHubClient } from "../test/support/fake-github/fake-github-client.js";
import { demoDocuments } from "./demo-documents.js";
import type { DemoRepo } from "./demo-repo.js";
import { heading } from "./heading.js";
import { printIssues } from "./print-issues.js";
import { showPullRequestCheck } from "./show-pull-request-check.js";
import { showRoundTrip } from "./show-round-trip.js";
import { startFakeProcess } from "./start-fake-process.js";

const root = join(import.meta.dirname, "..");
const OWNER = "acme";
const REPO = "platform";
/** The app's default: ticks arriving within it are written as one commit. */
const TICK_DEBOUNCE_MS = 1500;

const { values } = parseArgs({
  options: {
    docs: { type: "string" },
    state: { type: "string" },
    requests: { type: "string" },
    resync: { type: "boolean" },
  },
});

/** Writes the app made: a GraphQL query is a POST that writes nothing. */
function countWrites(requests: Array<{ method: string; by: string | null; graphql?: { operation: string | null } }>): number {
  return requests.filter((r) => r.method !== "GET" && r.graphql?.operation !== "query" && r.by !== null && r.by !== "app").length;
}

if (!existsSync(join(root, "dist/main.js"))) {
  console.log("Building the app (npm run build)…");
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const fake = await startFakeProcess();
const github = new FakeGitHubClient(fake.info.url);
const app = await startAppProcess({
  appId: fake.info.appId,
  privateKey: readFileSync(fake.info.privateKeyFile, "utf8"),
  webhookSecret: fake.info.webhookSecret,
  gheHost: fake.info.host,
  env: { TASKMIRROR_TICK_DEBOUNCE_MS: String(TICK_DEBOUNCE_MS) },
});
const repo: DemoRepo = {
  github,
  owner: OWNER,
  name: REPO,
  // A tick waits out the debounce without a request, and a busy machine parses for a second or
  // more without one: quiet for longer than both means the app is done.
  settle: () => github.waitForQuiet({ quietMs: TICK_DEBOUNCE_MS + 1500, timeoutMs: 60_000 }),
  state: async () => (await github.snapshot()).repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!,
};
try {
  await github.setWebhook({ url: app.webhookUrl, secret: fake.info.webhookSecret });
  const files = demoDocuments(values.docs);
  console.log(`Fake GitHub at ${fake.info.url}; the app listens at ${app.webhookUrl}.`);
  console.log(`Creating ${OWNER}/${REPO} with ${Object.keys(files).length} documents and installing the app…`);
  await github.createRepo({ owner: OWNER, name: REPO, files });
  await github.installApp({ owner: OWNER, repos: [REPO] });
  // The first installation token and the initial parse take a few seconds before the writes start.
  await github.waitForQuiet({ quietMs: 5000, timeoutMs: 240_000 });

  console.log(heading("The issues after the initial sync"));
  const synced = await repo.state();
  printIssues(synced);
  const requests = await github.requests();
  const issueCount = synced.issues.filter((i) => !i.pull_request).length;
  console.log(`\n${issueCount} issues, ${synced.labels.length} labels; the app made ${requests.length} requests (${countWrites(requests)} writes).`);

  if (values.resync) {
    console.log(heading("Resync: the same content pushed again"));
    const before = (await github.requests()).length;
    await github.push({ owner: OWNER, repo: REPO, files, message: "Push the same content again" });
    await github.waitForQuiet({ quietMs: 5000, timeoutMs: 120_000 });
    const after = (await github.requests()).slice(before);
    console.log(`Push of unchanged content: ${after.length} requests, ${countWrites(after)} writes (no file changed: the app reads nothing).`);
    // A redelivered installation makes the app sync every document again: all reads, no writes.
    const install = (await github.deliveries()).find((d) => d.event === "installation");
    const from = (await github.requests()).length;
    await github.redeliver(install!.id);
    await github.waitForQuiet({ quietMs: 5000, timeoutMs: 120_000 });
    const resynced = (await github.requests()).slice(from);
    console.log(`Full resync (installation redelivered): ${resynced.length} requests, ${countWrites(resynced)} writes (expected: 0 writes).`);
  }

  const roundTrip = await showRoundTrip(repo);
  const checked = await showPullRequestCheck(repo);
  const violations = await github.violations();
  if (violations.length > 0) console.log(`\n✗ ${violations.length} requests GitHub would have refused: ${JSON.stringify(violations.slice(0, 3))}`);
  const errors = app.output().split("\n").filter((line) => /"level":(50|60)/.test(line));
  if (errors.length > 0) console.log(`\n✗ The app logged ${errors.length} errors; the first: ${errors[0]}`);
  if (!roundTrip || !checked || violations.length > 0 || errors.length > 0) process.exitCode = 1;

  if (values.state !== undefined) {
    await github.writeState(values.state);
    console.log(`\nState written to ${values.state}.`);
  }
  if (values.requests !== undefined) {
    await github.writeRequests(values.requests);
    console.log(`\nRequests written to ${values.requests}.`);
  }
} finally {
  await app.stop();
  fake.stop();
}

/**
 * `npm run demo`: taskmirror without GitHub. Starts the fake GitHub and the app as two local
 * processes, creates a repository whose default branch holds the seed documents (or --docs DIR),
 * installs the app with signed webhooks, waits until the work settles and prints the issues.
 *
 *   npm run demo -- [--docs DIR] [--state FILE] [--requests FILE] [--resync]
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { join, relative, sep } from "node:path";
import { parseArgs } from "node:util";
import { startAppProcess } from "../test/e2e/app-process.js";
import { FakeGitHubClient } from "../test/support/fake-github/fake-github-client.js";

const root = join(import.meta.dirname, "..");
const OWNER = "acme";
const REPO = "platform";

/** Where each seed document lives in the demo repository: paths the default globs pick up. */
const SEED_PATHS: Record<string, string> = {
  "000_d033895dcf2ad89a.txt": "docs/tasks/TASKS-000-template.md",
  "001_4b80d5d6467c2eb4.txt": "docs/tasks/TASK-technical-template.md",
  "002_9b44147aba6dd40d.txt": ".kiro/specs/platform/tasks.md",
  "003_350c1e53366d76d6.txt": "plans/e2e-traceability.tasks.md",
  "004_a9430548ce7eef10.txt": "plans/feature-phases.tasks.md",
};

const { values } = parseArgs({
  options: {
    docs: { type: "string" },
    state: { type: "string" },
    requests: { type: "string" },
    resync: { type: "boolean" },
  },
});

function documents(): Record<string, string> {
  if (values.docs === undefined) {
    const seeds = join(root, "test/fixtures/seeds");
    return Object.fromEntries(Object.entries(SEED_PATHS).map(([seed, path]) => [path, readFileSync(join(seeds, seed), "utf8")]));
  }
  const dir = values.docs;
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return Object.fromEntries(walk(dir).map((file) => [relative(dir, file).split(sep).join("/"), readFileSync(file, "utf8")]));
}

async function startFake(): Promise<{ info: { url: string; host: string; appId: number; privateKeyFile: string; webhookSecret: string }; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "test/support/fake-github/main.ts"), "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the fake GitHub exited with ${code}`)));
  });
  return { info: JSON.parse(line), stop: () => child.kill("SIGTERM") };
}

function countWrites(requests: Array<{ method: string; by: string | null }>): number {
  return requests.filter((r) => r.method !== "GET" && r.by !== null && r.by !== "app").length;
}

if (!existsSync(join(root, "dist/main.js"))) {
  console.log("Building the app (npm run build)…");
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const fake = await startFake();
const github = new FakeGitHubClient(fake.info.url);
const app = await startAppProcess({
  appId: fake.info.appId,
  privateKey: readFileSync(fake.info.privateKeyFile, "utf8"),
  webhookSecret: fake.info.webhookSecret,
  gheHost: fake.info.host,
});
try {
  await github.setWebhook({ url: app.webhookUrl, secret: fake.info.webhookSecret });
  const files = documents();
  console.log(`Fake GitHub at ${fake.info.url}; the app listens at ${app.webhookUrl}.`);
  console.log(`Creating ${OWNER}/${REPO} with ${Object.keys(files).length} documents and installing the app…\n`);
  await github.createRepo({ owner: OWNER, name: REPO, files });
  await github.installApp({ owner: OWNER, repos: [REPO] });
  // The first installation token and the initial parse take a few seconds before the writes start.
  await github.waitForQuiet({ quietMs: 5000, timeoutMs: 240_000 });

  const snapshot = await github.snapshot();
  const repo = snapshot.repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!;
  const issues = repo.issues.filter((i) => !i.pull_request);
  for (const issue of issues) {
    const extra = [
      issue.parent ? `parent ${issue.parent}` : "",
      issue.blocked_by.length ? `blocked by ${issue.blocked_by.join(", ")}` : "",
      issue.state === "closed" ? `closed (${issue.state_reason})` : "",
    ].filter(Boolean);
    console.log(`#${String(issue.number).padEnd(3)} ${issue.title}`);
    console.log(`     labels: ${issue.labels.join(", ")}${extra.length ? `\n     ${extra.join("; ")}` : ""}`);
  }
  const requests = await github.requests();
  console.log(`\n${issues.length} issues, ${repo.labels.length} labels; the app made ${requests.length} requests (${countWrites(requests)} writes).`);

  if (values.resync) {
    const before = (await github.requests()).length;
    await github.push({ owner: OWNER, repo: REPO, files, message: "Push the same content again" });
    await github.waitForQuiet({ quietMs: 5000, timeoutMs: 120_000 });
    const after = (await github.requests()).slice(before);
    console.log(`Resync of unchanged content: ${after.length} requests, ${countWrites(after)} writes (expected: 0 writes).`);
  }
  if (values.state !== undefined) {
    await github.writeState(values.state);
    console.log(`State written to ${values.state}.`);
  }
  if (values.requests !== undefined) {
    await github.writeRequests(values.requests);
    console.log(`Requests written to ${values.requests}.`);
  }
} finally {
  await app.stop();
  fake.stop();
}

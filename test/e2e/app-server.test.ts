import { fixturePath } from "../support/fixtures.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { startFakeAndApp, type AppProcess } from "./app-process.js";
import { waitFor } from "./wait-for.js";

const seeds = fixturePath("seeds");
const seed = (name: string) => readFileSync(join(seeds, name), "utf8");

/** The seed documents, at paths the default globs select. */
const SEED_FILES: Record<string, string> = {
  "docs/tasks/TASKS-000.md": seed("000_d033895dcf2ad89a.txt"),
  "docs/tasks/TASK-technical.md": seed("001_4b80d5d6467c2eb4.txt"),
  ".kiro/specs/platform/tasks.md": seed("002_9b44147aba6dd40d.txt"),
  "plans/e2e-traceability.tasks.md": seed("003_350c1e53366d76d6.txt"),
  "plans/feature-phases.tasks.md": seed("004_a9430548ce7eef10.txt"),
};
const TRACEABILITY = "plans/e2e-traceability.tasks.md";
const OPERATIONS = "plans/operations.tasks.md";
const OWNER = "acme";
const REPO = "platform";
/**
 * Tasks the reader finds in the seed documents (test/integration/seed-sync.test.ts measures
 * the same sync in-process); a change to the reader that finds more or fewer changes this.
 */
const EXPECTED_SEED_ISSUES = 97;

/** A `### TASK-nnn:` block of the traceability plan, up to the `---` rule that ends it. */
function taskBlock(text: string, id: string): string {
  const match = new RegExp(`### ${id}:[\\s\\S]*?\\n---\\n\\n`).exec(text);
  if (!match) throw new Error(`no block for ${id}`);
  return match[0];
}

/**
 * The real server process (`node dist/main.js`, as `npm start` runs it) against the fake
 * GitHub over HTTP: signed webhooks in, REST requests out. One app and one repository for
 * the whole story, each step starting where the previous one left off.
 */
describe("the app server end to end", () => {
  let fake: FakeGitHub;
  let app: AppProcess;
  let plan = SEED_FILES[TRACEABILITY]!;

  const issues = () =>
    fake
      .snapshot()
      .repositories.find((r) => r.full_name === `${OWNER}/${REPO}`)!
      .issues.filter((issue) => !issue.pull_request);
  const issueOf = (id: string) => {
    const found = issues().filter((issue) => issue.title.startsWith(`${id}:`));
    expect(found.map((issue) => issue.title)).toHaveLength(1);
    return found[0]!;
  };
  /** Waits for the effect a step expects, then until nothing more happens. */
  const settle = async (effect: () => boolean, what: string) => {
    await waitFor(effect, what);
    await fake.waitForQuiet({ quietMs: 500, timeoutMs: 60_000 });
  };
  const writesSince = (from: number) =>
    fake
      .requests()
      .slice(from)
      .filter((r) => r.method !== "GET" && !/\/access_tokens$/.test(r.path));
  const push = async (files: Record<string, string | null>, effect: () => boolean, what: string) => {
    await fake.push({ owner: OWNER, repo: REPO, files });
    await settle(effect, what);
  };

  beforeAll(async () => {
    ({ fake, app } = await startFakeAndApp());
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it("mirrors every seed task on install, and a reinstall delivery writes nothing", async () => {
    await fake.createRepo({ owner: OWNER, name: REPO, files: SEED_FILES });
    await fake.installApp({ owner: OWNER, repos: [REPO] });
    await settle(() => issues().length >= EXPECTED_SEED_ISSUES, `${EXPECTED_SEED_ISSUES} issues`);
    expect(fake.deliveries().every((d) => d.status === 200)).toBe(true);
    const mirrored = issues();
    expect(mirrored.length).toBe(EXPECTED_SEED_ISSUES);
    expect(mirrored.every((issue) => issue.state === "open" || issue.state_reason === "completed")).toBe(true);
    expect(issueOf("TASK-002").blocked_by).toEqual([`#${issueOf("TASK-001").number}`]);

    const install = fake.deliveries().find((d) => d.event === "installation")!;
    const from = fake.requests().length;
    await fake.redeliver(install.id);
    await settle(() => fake.requests().length > from, "the reinstall's reads");
    expect(writesSince(from)).toEqual([]);
    expect(fake.violations()).toEqual([]);
    expect(app.output()).not.toMatch(/"level":(50|60)/);
  });

  it("updates the title and priority of an edited task", async () => {
    const before = issueOf("TASK-002");
    plan = plan.replace("### TASK-002: Configure NGINX OpenTelemetry Integration\n**Priority**: P0", "### TASK-002: Configure NGINX tracing\n**Priority**: P1");
    const from = fake.requests().length;
    await push({ [TRACEABILITY]: plan }, () => issueOf("TASK-002").title !== before.title, "the new title");
    const after = issueOf("TASK-002");
    expect([after.number, after.title]).toEqual([before.number, "TASK-002: Configure NGINX tracing"]);
    expect(after.labels).toContain("priority: P1");
    expect(after.labels).not.toContain("priority: P0");
    // The issue's one update, and the push's sync report on the pushed commit.
    expect(writesSince(from).map((r) => `${r.method} ${r.route}`)).toEqual(["PATCH /repos/{owner}/{repo}/issues/{issue_number}", "POST /repos/{owner}/{repo}/check-runs"]);
  });

  it("closes a removed task as not planned, with a comment", async () => {
    const block = taskBlock(plan, "TASK-034");
    plan = plan.replace(block, "");
    await push({ [TRACEABILITY]: plan }, () => issueOf("TASK-034").state === "closed", "TASK-034 closed");
    const removed = issueOf("TASK-034");
    expect([removed.state, removed.state_reason, removed.comments.length]).toEqual(["closed", "not_planned", 1]);

    // Moved to another file: the same issue, reopened, not a new one.
    await push({ [OPERATIONS]: `# Operations\n\n${block}` }, () => issueOf("TASK-034").state === "open", "TASK-034 reopened");
    const moved = issueOf("TASK-034");
    expect([moved.number, moved.state]).toEqual([removed.number, "open"]);
    expect(moved.body).toContain(`"path":"${OPERATIONS}"`);

    // Re-added where it was: still the same issue, still open.
    plan = plan.replace("### TASK-035:", `${block}### TASK-035:`);
    await push({ [OPERATIONS]: null, [TRACEABILITY]: plan }, () => issueOf("TASK-034").body?.includes(`"path":"${TRACEABILITY}"`) === true, "TASK-034 back");
    const back = issueOf("TASK-034");
    expect([back.number, back.state]).toEqual([removed.number, "open"]);
    expect(back.body).toContain(`"path":"${TRACEABILITY}"`);
    expect(issues().length).toBe(EXPECTED_SEED_ISSUES);
    expect(fake.violations()).toEqual([]);
  });

  it("writes nothing when a push is delivered again", async () => {
    const last = fake.deliveries().filter((d) => d.event === "push").at(-1)!;
    const from = fake.requests().length;
    await fake.redeliver(last.id);
    await settle(() => fake.requests().length > from, "the redelivery's reads");
    expect(writesSince(from)).toEqual([]);
  });

  it("ends at the later of two quick pushes", async () => {
    const first = plan.replace("### TASK-001: Create NGINX Docker Image with OpenTelemetry", "### TASK-001: First edit");
    plan = plan.replace("### TASK-001: Create NGINX Docker Image with OpenTelemetry", "### TASK-001: Second edit");
    await Promise.all([
      fake.push({ owner: OWNER, repo: REPO, files: { [TRACEABILITY]: first } }),
      fake.push({ owner: OWNER, repo: REPO, files: { [TRACEABILITY]: plan } }),
    ]);
    await settle(() => issueOf("TASK-001").title === "TASK-001: Second edit", "the second title");
    expect(issueOf("TASK-001").title).toBe("TASK-001: Second edit");
    expect(issues().length).toBe(EXPECTED_SEED_ISSUES);
    expect(fake.violations()).toEqual([]);
    expect(app.output()).not.toMatch(/"level":(50|60)/);
  });
});

import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { verify } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { OpenApiCheck } from "../../support/fake-github/openapi-check.js";
import { useHarness, WEBHOOK_SECRET, type ReceivedHook } from "./fake-harness.js";

const h = useHarness();

const repo = { owner: "acme", repo: "widgets" };

interface WebhookExample {
  name: string;
  examples: Array<Record<string, unknown>>;
}

function realExamples(name: string): Array<Record<string, unknown>> {
  const require = createRequire(import.meta.url);
  const all = require("@octokit/webhooks-examples/api.github.com/index.json") as WebhookExample[];
  return all.find((entry) => entry.name === name)?.examples ?? [];
}

function hooks(event: string, action?: string): ReceivedHook[] {
  return h.receiver.received.filter((hook) => hook.headers["x-github-event"] === event && (action === undefined || hook.payload.action === action));
}

function keys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}

describe("webhook deliveries", () => {
  it("are signed with the app's secret (sha256 and sha1) and carry GitHub's headers", async () => {
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": "- [x] TASK-1 Write it\n" } });
    expect(h.receiver.received.length).toBeGreaterThan(1);
    for (const hook of h.receiver.received) {
      const signature = String(hook.headers["x-hub-signature-256"]);
      expect(await verify(WEBHOOK_SECRET, hook.raw, signature)).toBe(true);
      expect(signature).toBe(`sha256=${createHmac("sha256", WEBHOOK_SECRET).update(hook.raw).digest("hex")}`);
      expect(hook.headers["x-hub-signature"]).toBe(`sha1=${createHmac("sha1", WEBHOOK_SECRET).update(hook.raw).digest("hex")}`);
      expect(await verify("another secret", hook.raw, signature)).toBe(false);
      expect(String(hook.headers["user-agent"])).toMatch(/^GitHub-Hookshot\//);
      expect(String(hook.headers["x-github-delivery"])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(hook.headers["content-type"]).toBe("application/json");
    }
    expect(h.events()).toEqual(["installation.created", "push", "check_suite.requested"]);
    expect(h.fake.deliveries().map((delivery) => [delivery.event, delivery.status])).toEqual([
      ["installation", 202],
      ["push", 202],
      ["check_suite", 202],
    ]);
  });

  it("shape push like GitHub's own example payload", async () => {
    const sha = await h.fake.push({ owner: "acme", repo: "widgets", files: { "docs/tasks.md": "- [x] TASK-1 Write it\n", "README.md": null, "docs/new.md": "new\n" }, message: "Tick", author: "alice" });
    const [push] = hooks("push");
    const example = realExamples("push").find((candidate) => "installation" in candidate && Array.isArray(candidate.commits) && candidate.commits.length > 0) as Record<string, unknown>;
    expect(keys(push?.payload)).toEqual(keys(example));
    const commits = push?.payload.commits as Array<Record<string, unknown>>;
    const exampleCommit = (example.commits as Array<Record<string, unknown>>)[0];
    expect(keys(commits[0])).toEqual(keys(exampleCommit));
    expect(keys(push?.payload.head_commit)).toEqual(keys(example.head_commit));
    expect(keys(push?.payload.repository).filter((key) => !(key in (example.repository as object)))).toEqual(["allow_forking", "has_discussions"]);
    expect(keys(example.repository).filter((key) => !(key in (push?.payload.repository as object)))).toEqual([]);
    expect(push?.payload).toMatchObject({
      ref: "refs/heads/main",
      after: sha,
      created: false,
      deleted: false,
      forced: false,
      base_ref: null,
      pusher: { name: "alice" },
      installation: { id: h.installationId },
      head_commit: { id: sha, message: "Tick", added: ["docs/new.md"], removed: ["README.md"], modified: ["docs/tasks.md"], author: { username: "alice" } },
    });
    expect((push?.payload.repository as { default_branch: string; created_at: unknown }).default_branch).toBe("main");
    expect(typeof (push?.payload.repository as { created_at: unknown }).created_at).toBe("number");
  });

  it("validate against the webhook schemas of GitHub's OpenAPI description", async () => {
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1", body: "- [ ] a" });
    await h.fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, body: "- [x] a", sender: "alice" });
    await h.fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, state: "closed", sender: "alice" });
    await h.fake.editIssue({ owner: "acme", repo: "widgets", number: issue.number, state: "open", sender: "alice" });
    await h.fake.createRepo({ owner: "acme", name: "gadgets", files: { "tasks.md": "- [ ] x\n" } });
    await h.fake.addRepos(h.installationId, ["gadgets"]);
    await h.fake.push({ owner: "acme", repo: "widgets", branch: "feature", files: { "docs/tasks.md": "- [ ] TASK-1 Write it!\n" } });
    const number = await h.fake.openPullRequest({ owner: "acme", repo: "widgets", head: "feature" });
    await h.fake.pushToPullRequest({ owner: "acme", repo: "widgets", number, files: { "docs/b.md": "b\n" } });
    await h.octokit.pulls.update({ ...repo, pull_number: number, state: "closed" });
    await h.octokit.pulls.update({ ...repo, pull_number: number, state: "open" });
    const sha = (await h.octokit.git.getRef({ ...repo, ref: "heads/main" })).data.object.sha;
    const run = await h.octokit.checks.create({ ...repo, name: "taskmirror", head_sha: sha, conclusion: "success", output: { title: "ok", summary: "ok" } });
    await h.fake.rerequestCheckRun({ owner: "acme", repo: "widgets", checkRunId: run.data.id });
    await h.fake.rerequestCheckSuite({ owner: "acme", repo: "widgets", checkSuiteId: run.data.check_suite?.id ?? 0 });
    await h.fake.waitForQuiet({ quietMs: 50 });

    const check = new OpenApiCheck();
    const wanted = [
      "installation.created",
      "installation_repositories.added",
      "push",
      "issues.opened",
      "issues.edited",
      "issues.closed",
      "issues.reopened",
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.closed",
      "pull_request.reopened",
      "check_suite.requested",
      "check_suite.rerequested",
      "check_run.created",
      "check_run.completed",
      "check_run.rerequested",
    ];
    const seen = new Set(h.events());
    expect(wanted.filter((event) => !seen.has(event))).toEqual([]);
    const problems = h.receiver.received.flatMap((hook) => {
      const event = String(hook.headers["x-github-event"]);
      const action = typeof hook.payload.action === "string" ? hook.payload.action : undefined;
      return check.checkWebhook(event, action, hook.payload).map((problem) => `${event}.${action ?? ""}: ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it("announce the app's own writes with the bot as sender and the app as performer", async () => {
    const { data: issue } = await h.octokit.issues.create({ ...repo, title: "TASK-1", body: "- [ ] a" });
    await h.octokit.issues.update({ ...repo, issue_number: issue.number, body: "- [x] a" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    const edited = hooks("issues", "edited")[0];
    expect(edited?.payload.sender).toMatchObject({ login: "taskmirror[bot]", type: "Bot", id: expect.any(Number) });
    expect(edited?.payload.changes).toEqual({ body: { from: "- [ ] a" } });
    expect((edited?.payload.issue as { performed_via_github_app: { id: number; slug: string } }).performed_via_github_app).toMatchObject({ id: h.fake.app.id, slug: "taskmirror" });
    await h.octokit.issues.update({ ...repo, issue_number: issue.number, body: "- [x] a" });
    await h.fake.waitForQuiet({ quietMs: 50 });
    expect(hooks("issues", "edited")).toHaveLength(1);
  });

  it("redeliver a delivery with its original GUID and body", async () => {
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "a.md": "a\n" } });
    const push = h.fake.deliveries().find((delivery) => delivery.event === "push");
    const again = await h.fake.redeliver(push?.id ?? 0);
    expect([again.event, again.guid, again.redelivery, again.status]).toEqual(["push", push?.guid, true, 202]);
    const received = hooks("push");
    expect(received).toHaveLength(2);
    expect(received[1]?.raw).toBe(received[0]?.raw);
    expect(received[1]?.headers["x-github-delivery"]).toBe(received[0]?.headers["x-github-delivery"]);
  });

  it("deliver only the events the app subscribes to", async () => {
    h.fake.setWebhook({ url: h.receiver.url, secret: WEBHOOK_SECRET, events: ["push"] });
    await h.fake.push({ owner: "acme", repo: "widgets", files: { "a.md": "a\n" } });
    expect(h.events()).toEqual(["installation.created", "push"]);
  });
});

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiServer, readBody, type ApiServerHooks } from "./api-server.js";
import { generateAppKeys, issueWorkflowToken } from "./app-auth.js";
import { appRoutes } from "./app-routes.js";
import { checkRoutes } from "./check-routes.js";
import { contentsRoutes } from "./contents-routes.js";
import { Urls, type AppIdentity, type FakeContext, type Quirks } from "./context.js";
import { handleControl } from "./control-routes.js";
import { deliveryRoutes } from "./delivery-routes.js";
import { FakeClock, type ClockOptions } from "./fake-clock.js";
import { FakeState } from "./fake-state.js";
import { FaultInjector, type FaultOptions, type InjectedFault } from "./fault-injector.js";
import { gitRoutes } from "./git-routes.js";
import { GraphqlServer, isGraphqlPath } from "./graphql-server.js";
import { issueRoutes } from "./issue-routes.js";
import { issueTypeRoutes } from "./issue-type-routes.js";
import { labelRoutes } from "./label-routes.js";
import { OpenApiCheck } from "./openapi-check.js";
import { PersonActions, type CreateRepoInput, type EditIssueInput, type PushInput } from "./person-actions.js";
import type { CreateProjectInput, IssueTypeInput } from "./planning-actions.js";
import { PlanningPersonActions, type CreatedProject, type ProjectItemRef, type ProjectView } from "./planning-person-actions.js";
import { pullRoutes } from "./pull-routes.js";
import { RateBudgets, type LimitHit, type LimitOptions, type RateLimitStatus } from "./rate-budgets.js";
import { relationRoutes } from "./relation-routes.js";
import { repoRoutes } from "./repo-routes.js";
import { Router } from "./router.js";
import { snapshotState, type Snapshot } from "./snapshot-state.js";
import type { Delivery, FailNextRule, RecordedRequest, RepoPermission, Violation, WebhookConfig } from "./types.js";
import { WebhookSender } from "./webhook-sender.js";
import { CONTENT_CREATION_LIMITS } from "./write-rate-limiter.js";

export interface FakeGitHubOptions {
  port?: number;
  latencyMs?: number;
  webhook?: WebhookConfig;
  appSlug?: string;
  /** Validate every JSON answer against GitHub's response schemas (see `responseProblems()`). */
  checkResponses?: boolean;
  /**
   * Enforce only GitHub's secondary limit on content creation per installation (`true`: 80 a
   * minute, 500 an hour): writes over it get 403 with `retry-after`. Off by default. Kept for
   * older tests; `limits` covers it and GitHub's other budgets.
   */
  secondaryRateLimit?: boolean | { perMinute?: number; perHour?: number };
  /**
   * Enforce GitHub's budgets per installation (`true`: all of them at GitHub's figures; see
   * `LimitOptions`). Off by default: nothing is refused, but `x-ratelimit-*` headers are true.
   */
  limits?: boolean | LimitOptions;
  /** The fake's time for budgets (`{ scale: 60 }`: an hour of budget in a real minute). */
  clock?: ClockOptions;
  /**
   * Seeded random faults (see `FaultOptions`). Without this option, the `FAKE_GITHUB_FAULTS`
   * environment variable (the same options as JSON) turns them on, so that any test that starts
   * a fake can be run under faults: `FAKE_GITHUB_FAULTS='{"seed":1,"rate":0.05}' npx vitest …`.
   */
  faults?: FaultOptions;
  /** Behaviours of a real GitHub that differ from its documentation. */
  quirks?: Quirks;
  /**
   * The installation permissions of the app (default: APP_PERMISSIONS). Leave out
   * `organization_projects` to see GraphQL's "Resource not accessible by integration" on an
   * organization's projects.
   */
  appPermissions?: Record<string, string>;
}

/** `FakeGitHubOptions.limits` and the older `secondaryRateLimit` as budgets to enforce (null: none). */
export function limitsFrom(limits: FakeGitHubOptions["limits"], secondary?: FakeGitHubOptions["secondaryRateLimit"]): LimitOptions | null {
  if (limits !== undefined && limits !== false) return limits === true ? {} : limits;
  if (secondary === undefined || secondary === false) return null;
  const content = { ...CONTENT_CREATION_LIMITS, ...(secondary === true ? {} : secondary) };
  return { primaryPerHour: false, pointsPerMinute: false, concurrent: false, contentPerMinute: content.perMinute, contentPerHour: content.perHour };
}

function faultsFromEnvironment(): FaultOptions | undefined {
  const raw = process.env.FAKE_GITHUB_FAULTS;
  if (raw === undefined || raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw) as FaultOptions;
  } catch {
    throw new Error(`fake GitHub: FAKE_GITHUB_FAULTS is not JSON fault options: ${raw}`);
  }
}

const APP_ID = 31_337;
/**
 * Installation permissions the app asks for; `organization_projects` is what keeping an
 * organization's project (v2) in step needs (issue 12).
 */
const APP_PERMISSIONS = { checks: "write", contents: "write", issues: "write", metadata: "read", organization_projects: "write", pull_requests: "write" };
/**
 * Events the app subscribes to (installation events are always sent and are not listed).
 * `projects_v2_item` is delivered too, but not listed: the webhook schemas' enum of an app's
 * `events` predates it, and payloads embed this list.
 */
const APP_EVENTS = ["check_run", "check_suite", "issue_comment", "issues", "pull_request", "push"];

/** Every route the fake serves, registered against GitHub's description. */
export function buildRouter(ctx: FakeContext): Router {
  const router = new Router();
  appRoutes(router, ctx);
  repoRoutes(router, ctx);
  contentsRoutes(router, ctx);
  gitRoutes(router, ctx);
  issueRoutes(router, ctx);
  labelRoutes(router, ctx);
  relationRoutes(router, ctx);
  issueTypeRoutes(router, ctx);
  checkRoutes(router, ctx);
  pullRoutes(router, ctx);
  deliveryRoutes(router, ctx);
  return router;
}

/**
 * An in-memory GitHub on a local port: the REST API the app calls (under `/api/v3`, as on
 * GitHub Enterprise Server, and at the root), signed webhooks to the app, and the actions a
 * person takes, as methods here and as `POST /_fake/<method>` for other processes.
 */
export class FakeGitHub {
  readonly url: string;
  readonly apiUrl: string;
  readonly host: string;
  readonly ctx: FakeContext;
  readonly router: Router;
  readonly #server: Server;
  readonly #actions: PersonActions;
  readonly #planning: PlanningPersonActions;
  readonly #requests: RecordedRequest[] = [];
  readonly #violations: Violation[] = [];
  readonly #responseProblems: string[] = [];
  readonly #failures: FailNextRule[] = [];
  readonly #faults: InjectedFault[] = [];
  #faultInjector: FaultInjector | undefined;
  readonly budgets: RateBudgets;
  #latencyMs: number;
  #inFlight = 0;
  #lastActivity = Date.now();

  constructor(server: Server, ctx: FakeContext, router: Router, latencyMs: number, budgets: RateBudgets) {
    this.#server = server;
    this.budgets = budgets;
    this.ctx = ctx;
    this.router = router;
    this.url = ctx.urls.base;
    this.apiUrl = ctx.urls.api;
    this.host = new URL(ctx.urls.base).host;
    this.#latencyMs = latencyMs;
    this.#actions = new PersonActions(ctx);
    this.#planning = new PlanningPersonActions(ctx);
  }

  get app(): { id: number; slug: string; privateKey: string; webhookSecret: string } {
    const { id, slug, privateKey, webhookSecret } = this.ctx.app;
    return { id, slug, privateKey, webhookSecret };
  }

  /** Marks activity for `waitForQuiet`. */
  touch(): void {
    this.#lastActivity = Date.now();
  }

  beginRequest(): void {
    this.#inFlight += 1;
    this.touch();
  }

  endRequest(): void {
    this.#inFlight -= 1;
    this.touch();
  }

  recordRequest(request: RecordedRequest): void {
    this.#requests.push(request);
  }

  recordViolation(violation: Violation): void {
    this.#violations.push(violation);
  }

  recordResponseProblem(problem: string): void {
    this.#responseProblems.push(problem);
  }

  takeFailure(method: string, path: string): FailNextRule | undefined {
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      decoded = path;
    }
    const index = this.#failures.findIndex(
      (rule) =>
        (rule.method === "*" || rule.method.toUpperCase() === method) &&
        (typeof rule.path === "string" ? rule.path === decoded || rule.path === path : rule.path.test(decoded)),
    );
    if (index === -1) return undefined;
    const rule = this.#failures[index] as FailNextRule;
    const left = (rule.times ?? 1) - 1;
    if (left <= 0) this.#failures.splice(index, 1);
    else rule.times = left;
    return rule;
  }

  latencyMs(): number {
    return this.#latencyMs;
  }

  /** Where webhooks go; `url: null` switches them off (the app is down) — GitHub records each event as a failed delivery. */
  setWebhook(config: WebhookConfig): void {
    this.ctx.webhooks.setConfig(config);
    this.ctx.app.webhookSecret = config.secret;
  }

  createRepo(input: CreateRepoInput): ReturnType<PersonActions["createRepo"]> {
    this.touch();
    return this.#actions.createRepo(input);
  }

  installApp(input: { owner: string; repos: string[] }): ReturnType<PersonActions["installApp"]> {
    this.touch();
    return this.#actions.installApp(input);
  }

  addRepos(installationId: number, repos: string[]): Promise<void> {
    this.touch();
    return this.#actions.addRepos(installationId, repos);
  }

  push(input: PushInput): Promise<string> {
    this.touch();
    return this.#actions.push(input);
  }

  renameFile(input: Parameters<PersonActions["renameFile"]>[0]): Promise<string> {
    this.touch();
    return this.#actions.renameFile(input);
  }

  createFork(input: Parameters<PersonActions["createFork"]>[0]): ReturnType<PersonActions["createFork"]> {
    this.touch();
    return this.#actions.createFork(input);
  }

  openPullRequest(input: Parameters<PersonActions["openPullRequest"]>[0]): Promise<number> {
    this.touch();
    return this.#actions.openPullRequest(input);
  }

  pushToPullRequest(input: Parameters<PersonActions["pushToPullRequest"]>[0]): Promise<string> {
    this.touch();
    return this.#actions.pushToPullRequest(input);
  }

  mergePullRequest(input: Parameters<PersonActions["mergePullRequest"]>[0]): Promise<string> {
    this.touch();
    return this.#actions.mergePullRequest(input);
  }

  createIssue(input: Parameters<PersonActions["createIssue"]>[0]): Promise<number> {
    this.touch();
    return this.#actions.createIssue(input);
  }

  editIssue(input: EditIssueInput): Promise<void> {
    this.touch();
    return this.#actions.editIssue(input);
  }

  commentOnIssue(input: Parameters<PersonActions["commentOnIssue"]>[0]): Promise<number> {
    this.touch();
    return this.#actions.commentOnIssue(input);
  }

  setPermission(owner: string, repo: string, login: string, permission: RepoPermission): Promise<void> {
    return this.#actions.setPermission(owner, repo, login, permission);
  }

  protectBranch(owner: string, repo: string, branch: string, enabled = true): Promise<void> {
    return this.#actions.protectBranch(owner, repo, branch, enabled);
  }

  rerequestCheckSuite(input: Parameters<PersonActions["rerequestCheckSuite"]>[0]): Promise<void> {
    this.touch();
    return this.#actions.rerequestCheckSuite(input);
  }

  rerequestCheckRun(input: Parameters<PersonActions["rerequestCheckRun"]>[0]): Promise<void> {
    this.touch();
    return this.#actions.rerequestCheckRun(input);
  }

  /** A person pressing one of a check run's buttons (`actions`): `check_run.requested_action`. */
  pressCheckRunAction(input: Parameters<PersonActions["pressCheckRunAction"]>[0]): Promise<void> {
    this.touch();
    return this.#actions.pressCheckRunAction(input);
  }

  /** Sets an organization's issue types (replacing the ones it had; a name kept keeps its id). */
  defineIssueTypes(org: string, types: IssueTypeInput[]): Promise<Array<{ id: string; databaseId: number; name: string }>> {
    this.touch();
    return this.#planning.defineIssueTypes(org, types);
  }

  /** Creates a project (v2) of an organization or a user, with GitHub's built-in fields and `fields`. */
  createProject(input: CreateProjectInput): Promise<CreatedProject> {
    this.touch();
    return this.#planning.createProject(input);
  }

  /** A person adds an issue to a project; returns the item's node id. */
  addProjectItem(input: ProjectItemRef & { sender: string }): Promise<string> {
    this.touch();
    return this.#planning.addProjectItem(input);
  }

  /** A person sets an item's field on the board (org projects send `projects_v2_item.edited`). */
  setProjectItemField(input: ProjectItemRef & { field: string; value: string | number | null; sender: string }): Promise<void> {
    this.touch();
    return this.#planning.setProjectItemField(input);
  }

  /** A project as its board shows it: fields, and each item's values by field name. */
  project(owner: string, number: number): ProjectView {
    return this.#planning.project(owner, number);
  }

  /** Makes the next matching request(s) fail with this status, headers and body. */
  /** A workflow run's `GITHUB_TOKEN` for one repository: it acts as `github-actions[bot]`. */
  issueWorkflowToken(input: { owner: string; repo: string }): string {
    const repo = this.ctx.state.repoByName(input.owner, input.repo);
    if (repo === undefined) throw new Error(`fake GitHub: no repository ${input.owner}/${input.repo}`);
    return issueWorkflowToken(this.ctx.state, repo.id).token;
  }

  failNext(rule: FailNextRule): void {
    this.#failures.push({ ...rule, times: rule.times ?? 1 });
  }

  /** Extra latency of every answer to an authenticated, well-formed request. */
  setLatency(ms: number): void {
    this.#latencyMs = ms;
  }

  /** Turns the seeded fault mode on with these options (a fresh sequence), or off with null. */
  setFaults(options: FaultOptions | null): void {
    this.#faultInjector = options === null ? undefined : new FaultInjector(options);
  }

  faultInjector(): FaultInjector | undefined {
    return this.#faultInjector;
  }

  recordFault(fault: Omit<InjectedFault, "n" | "at">): void {
    this.#faults.push({ n: this.#faults.length + 1, at: new Date().toISOString(), ...fault });
  }

  /** Every fault injected so far, in order (`setFaults` does not clear it). */
  faults(): InjectedFault[] {
    return structuredClone(this.#faults);
  }

  /** Enforces GitHub's budgets (`true` or `LimitOptions`), or stops enforcing them (`false`/null); counts are kept. */
  setLimits(limits: boolean | LimitOptions | null): void {
    this.budgets.configure(limitsFrom(limits ?? false));
  }

  /** Every request a budget refused (a test that paces itself asserts `[]`). */
  limitHits(): LimitHit[] {
    return this.budgets.hits();
  }

  /** An installation's primary budget as the headers state it (no id: the app's JWT budget). */
  rateLimit(installationId?: number): RateLimitStatus {
    return this.budgets.status(installationId === undefined ? "app" : `installation:${installationId}`);
  }

  setQuirks(quirks: Quirks): void {
    this.ctx.quirks = { ...quirks };
  }

  snapshot(): Snapshot {
    return snapshotState(this.ctx);
  }

  requests(): RecordedRequest[] {
    return structuredClone(this.#requests);
  }

  /** Every request as one JSON line. */
  writeRequests(file: string): void {
    writeFileSync(file, this.#requests.map((request) => JSON.stringify(request)).join("\n") + (this.#requests.length > 0 ? "\n" : ""));
  }

  writeState(file: string): void {
    writeFileSync(file, `${JSON.stringify(this.snapshot(), null, 2)}\n`);
  }

  deliveries(): Delivery[] {
    return this.ctx.webhooks.deliveries();
  }

  redeliver(id: number): Promise<Delivery> {
    this.touch();
    return this.ctx.webhooks.redeliver(id);
  }

  /** Requests GitHub would have refused as malformed (tests end with `toEqual([])`). */
  violations(): Violation[] {
    return structuredClone(this.#violations);
  }

  /** Answers of the fake that do not match GitHub's response schemas, and fake crashes. */
  responseProblems(): string[] {
    return [...this.#responseProblems];
  }

  /** Resolves once no request and no webhook delivery happened for `quietMs`: the app is settled. */
  async waitForQuiet(options: { quietMs?: number; timeoutMs?: number } = {}): Promise<void> {
    const quietMs = options.quietMs ?? 300;
    const timeoutMs = options.timeoutMs ?? 20_000;
    const started = Date.now();
    for (;;) {
      const quiet = this.#inFlight === 0 && !this.ctx.webhooks.busy && Date.now() - this.#lastActivity >= quietMs;
      if (quiet) return;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`fake GitHub: not quiet after ${timeoutMs} ms (${this.#inFlight} requests in flight, webhooks ${this.ctx.webhooks.busy ? "busy" : "idle"})`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(50, quietMs / 4))));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error === undefined ? resolve() : reject(error)));
      this.#server.closeAllConnections();
    });
  }
}

/** Starts a fake GitHub on 127.0.0.1 (port 0: any free port). */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const state = new FakeState();
  const slug = options.appSlug ?? "taskmirror";
  const keys = generateAppKeys();
  const appOwner = state.account("taskmirror-dev");
  const bot = state.account(`${slug}[bot]`, "Bot");
  const app: AppIdentity = {
    id: APP_ID,
    nodeId: `A_kwDO${Buffer.from(slug).toString("base64url")}`,
    slug,
    name: slug,
    clientId: `Iv1.${randomBytes(8).toString("hex")}`,
    owner: appOwner,
    bot,
    privateKey: keys.privateKey,
    publicKey: keys.publicKey,
    webhookSecret: options.webhook?.secret ?? randomBytes(16).toString("hex"),
    createdAt: state.now(),
    permissions: options.appPermissions ?? APP_PERMISSIONS,
    events: APP_EVENTS,
  };
  let fake: FakeGitHub | undefined;
  const webhooks = new WebhookSender(app.id, options.webhook, () => fake?.touch());
  const ctx: FakeContext = { state, app, urls: new Urls(`http://127.0.0.1:${port}`), webhooks, quirks: { ...options.quirks } };
  const router = buildRouter(ctx);
  const budgets = new RateBudgets(new FakeClock(options.clock), limitsFrom(options.limits, options.secondaryRateLimit));
  const created = new FakeGitHub(server, ctx, router, options.latencyMs ?? 0, budgets);
  fake = created;
  const faults = options.faults ?? faultsFromEnvironment();
  if (faults !== undefined) created.setFaults(faults);
  const hooks: ApiServerHooks = {
    latencyMs: () => created.latencyMs(),
    takeFailure: (method, path) => created.takeFailure(method, path),
    recordRequest: (request) => created.recordRequest(request),
    recordViolation: (violation) => created.recordViolation(violation),
    recordResponseProblem: (problem) => created.recordResponseProblem(problem),
    checkResponses: options.checkResponses ?? false,
    budgets,
    faults: () => created.faultInjector(),
    recordFault: (fault) => created.recordFault(fault),
  };
  const api = new ApiServer(ctx, router, new OpenApiCheck(), hooks);
  const graphql = new GraphqlServer(ctx, hooks, () => api.nextSeq());
  server.on("request", (incoming, outgoing) => {
    const pathname = new URL(incoming.url ?? "/", "http://fake.invalid").pathname;
    // Control calls (`/_fake/*`, waitForQuiet among them) are not the app's activity.
    const control = pathname.startsWith("/_fake/");
    if (!control) created.beginRequest();
    void (async () => {
      try {
        const body = await readBody(incoming);
        if (control) await handleControl(created, pathname.slice("/_fake/".length), body, outgoing);
        else if (isGraphqlPath(pathname)) await graphql.handle(incoming, outgoing, body);
        else await api.handle(incoming, outgoing, body);
      } catch (error) {
        created.recordResponseProblem(`fake crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        outgoing.end(JSON.stringify({ message: "fake GitHub crashed" }));
      } finally {
        if (!control) created.endRequest();
      }
    })();
  });
  return created;
}

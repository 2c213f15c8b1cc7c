import type { FaultKind } from "./fault-injector.js";
import type { LimitKind } from "./rate-budgets.js";

/**
 * The fake's in-memory model of GitHub and the public shapes of its test API. Objects here
 * are internal records; what the REST API and webhooks send is rendered from them by the
 * `render-*.ts` files in GitHub's own JSON shapes.
 */

export type AccountType = "User" | "Organization" | "Bot";

export interface Account {
  login: string;
  id: number;
  nodeId: string;
  type: AccountType;
}

/** Who did something: a person, or the app through an installation token. */
export interface Actor {
  account: Account;
  viaApp: boolean;
}

export interface GitIdentity {
  name: string;
  email: string;
  date: string;
}

export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /** Every file at this commit: path → blob sha. */
  files: ReadonlyMap<string, string>;
}

export type RepoPermission = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface Repo {
  id: number;
  nodeId: string;
  owner: Account;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  /** The repository this one was forked from. */
  parentId: number | null;
  /** Repositories of one fork network share their commits. */
  networkId: number;
  branches: Map<string, string>;
  protectedBranches: Set<string>;
  /** Issues and pull requests share one number sequence, as on GitHub. */
  issueNumbers: Map<number, number>;
  nextNumber: number;
  labels: Map<string, Label>;
  milestones: Map<number, Milestone>;
  nextMilestoneNumber: number;
  pulls: Map<number, Pull>;
  permissions: Map<string, RepoPermission>;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

export type IssueStateReason = "completed" | "not_planned" | "reopened" | "duplicate";

export interface Issue {
  id: number;
  nodeId: string;
  repoId: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: IssueStateReason | null;
  labelIds: number[];
  assigneeIds: number[];
  milestoneNumber: number | null;
  user: Account;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: Account | null;
  parentId: number | null;
  subIssueIds: number[];
  blockedByIds: number[];
  commentIds: number[];
  /** Set when this issue is the issue side of a pull request. */
  pullNumber: number | null;
}

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
}

export interface Milestone {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  description: string | null;
  state: "open" | "closed";
  dueOn: string | null;
  creator: Account;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface Comment {
  id: number;
  nodeId: string;
  issueId: number;
  body: string;
  user: Account;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CheckSuite {
  id: number;
  nodeId: string;
  repoId: number;
  headSha: string;
  headBranch: string | null;
  before: string | null;
  after: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRun {
  id: number;
  nodeId: string;
  repoId: number;
  suiteId: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Annotation[];
  /** The buttons the app asked for ("Using the REST API to interact with checks" → requested actions). */
  actions?: Array<{ label: string; description: string; identifier: string }>;
}

export interface Pull {
  id: number;
  nodeId: string;
  number: number;
  issueId: number;
  headRepoId: number;
  headRef: string;
  headSha: string;
  baseRef: string;
  draft: boolean;
  maintainerCanModify: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
}

export interface Installation {
  id: number;
  account: Account;
  repoIds: Set<number>;
  createdAt: string;
}

export interface InstallationToken {
  token: string;
  installationId: number;
  expiresAt: number;
  /** Restricted to these repositories when the token request named some. */
  repoIds: Set<number> | null;
  /**
   * The bot the token acts as when it is not the app's: a workflow's `GITHUB_TOKEN` is an
   * installation token of the GitHub Actions app, acting as `github-actions[bot]` on the one
   * repository of the workflow, whether or not the app under test is installed there.
   */
  actor?: Account;
}

export type ViolationKind =
  | "unknown-path"
  | "wrong-method"
  | "not-implemented"
  | "unknown-query"
  | "invalid-query"
  | "invalid-path-param"
  | "invalid-json"
  | "unexpected-body"
  | "missing-body-field"
  | "unknown-body-field"
  | "invalid-body"
  | "over-limit"
  /** A GraphQL document GitHub refuses: syntax, schema validation, pagination boundaries, node limit. */
  | "graphql-invalid";

/** A request GitHub would refuse as malformed: the app has a bug. */
export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  route: string | null;
  message: string;
}

export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  route: string | null;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** `app` (JWT), the bot login (installation token), or null (no or bad credentials). */
  by: string | null;
  durationMs: number;
  /** Answered by a `failNext` rule. */
  injected: boolean;
  /** The random fault injected into this request (fault mode), if any. */
  fault: FaultKind | null;
  /** The budget that refused this request, if any. */
  limit: LimitKind | null;
  /** The `x-github-request-id` of the answer. */
  requestId: string;
  /** For `POST /graphql`: what the document asked for, so that tests can tell queries from mutations. */
  graphql?: { operationName: string | null; operation: "query" | "mutation" | "subscription" | null; rootFields: string[]; cost: number };
}

export interface Delivery {
  /** This delivery attempt; `redeliver(id)` and `POST /app/hook/deliveries/{id}/attempts` take it. */
  id: number;
  /** X-GitHub-Delivery: the same for a redelivery, as on GitHub. */
  guid: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  /** The HTTP status the app answered, or null when it did not answer. */
  status: number | null;
  /** Why no answer came (connection refused, timeout, no URL), or null. */
  error: string | null;
  /** GitHub's `status` text: "OK", "Invalid HTTP Response: 500", "failed to connect to host", "timed out". */
  statusText: string;
  /** GitHub's `status_code`: the app's status; 502 when it could not connect, 0 when it timed out. */
  statusCode: number;
  redelivery: boolean;
  at: string;
  durationMs: number;
  installationId: number | null;
  repositoryId: number | null;
  /** Where it was sent; null while the webhook was switched off (`setWebhook({ url: null })`). */
  url: string | null;
}

export interface FailNextRule {
  method: string;
  path: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times?: number;
}

export interface WebhookConfig {
  /** Null: the app is down — every delivery is recorded as failed ("failed to connect to host"), as GitHub does. */
  url: string | null;
  secret: string;
  /** Events the app is subscribed to; all when omitted. */
  events?: string[];
  /** How long a delivery may take before it is recorded as "timed out"; GitHub's 10 s when omitted. */
  timeoutMs?: number;
}

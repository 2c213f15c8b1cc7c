import type { ParsedConfig } from "../core/config/parse-config.js";
import type { Config } from "../core/config/schema.js";
import { PAGE_SIZE_MAX } from "../core/limits.js";
import { issuesByPlanKey } from "../core/plan/issues-by-plan-key.js";
import { planSync } from "../core/plan/plan-sync.js";
import { parseProjectUrl } from "../core/project/parse-project-url.js";
import type { Diagnostic } from "../core/model/types.js";
import type { MirroredIssue, Operation, Plan, Rename } from "../core/plan/types.js";
import { metrics } from "../ops/metrics.js";
import { parsePool } from "../ops/parse-pool.js";
import { applyPlan, type ApplyCounts, type BlockedByLink, type Deferred, type Replan } from "./apply-plan.js";
import { applyFileToggles, type FileToggleCounts } from "./write-back/apply-file-toggles.js";
import { countRequests } from "./count-requests.js";
import { listMirroredIssues } from "./list-mirrored-issues.js";
import { loadConfig } from "./load-config.js";
import { loadDocuments } from "./load-documents.js";
import { keepIssueTypes } from "./issue-type/keep-issue-types.js";
import { loadNativeTypes } from "./issue-type/load-native-types.js";
import { keepProject } from "./project/keep-project.js";
import type { ProjectStamp } from "./repository-tag-store.js";
import { reportInvalidConfig } from "./report-invalid-config.js";
import type { GitHubScope } from "./types.js";

export interface SyncOptions {
  /** The app's login (`slug[bot]`): it created every mirrored issue. */
  botLogin: string;
  /** Web address for permalinks (`https://github.com`). */
  serverUrl: string;
  /** The branch to mirror; the repository's default branch (one read) when not given. */
  branch?: string;
  /** The repository's default branch when the caller knows it (ticks are written back only there). */
  defaultBranch?: string;
  /** The config when the caller already read it (a push handler needed it to filter). */
  config?: ParsedConfig;
  /** Commit to report an invalid config on (the pushed head); the synced head otherwise. */
  reportSha?: string;
  /** Plan, but write nothing. */
  dryRun?: boolean;
  /** Documents the push renamed or moved (its compare): their tasks keep their issues. */
  renames?: readonly Rename[];
  /**
   * false: ticks made in issues are planned (and kept in the issues) but not written into the
   * files — a workflow's token cannot act for the person who ticked.
   */
  writeBack?: boolean;
  /** Hears how far the sync has got (the CLI's progress line on a terminal). */
  progress?: SyncProgress;
  /** Blocked-by links an earlier slice left (its markers name them already): made unless planned. */
  pendingBlockedBy?: readonly BlockedByLink[];
}

export interface SyncProgress {
  planned?: (counts: { documents: number; tasks: number; operations: number }) => void;
  applied?: (done: number, total: number) => void;
}

export interface SyncResult {
  outcome: "applied" | "planned" | "invalid-config";
  /** The config the sync ran with (null when it is invalid). */
  config: Config | null;
  branch: string;
  sha: string;
  plan: Plan | null;
  /** The config's problems when it is invalid, else the documents' diagnostics. */
  diagnostics: Diagnostic[];
  documents: number;
  tasks: number;
  /** The mirrored issues the plan was made against. */
  issues: MirroredIssue[];
  reads: number;
  writes: number;
  /** Operations of the plan that changed something on GitHub (ticks written into files included). */
  applied: number;
  counts: ApplyCounts | null;
  /** Ticks made in issues written into the files (null: none to write, or a dry run). */
  toggles: FileToggleCounts | null;
  /** What the sync's log line says: the counts an operator reads. */
  summary: Record<string, number>;
  /** What changed, operation by operation, with the issue each is about (the sync report links them). */
  changes: ChangedIssue[];
  /** Set when a budgeted slice ran out of the write budget: what is left, and when it fits. */
  deferred: Deferred | null;
  /**
   * The configured project's `updatedAt` as this sync read the board (a reconcile keeps it);
   * null when it cannot tell a later change: GitHub's timestamps are whole seconds, so one in
   * the second the board was read may hide a move made just after.
   */
  projectStamp?: ProjectStamp | null;
}

export interface ChangedIssue {
  kind: Operation["kind"];
  issue: number | undefined;
}

/** Planner notes written to the log as warnings (the others are in the plan, the CLI and the check run). */
const LOGGED_NOTES = new Set(["unsure-match", "frozen-document", "duplicate-issue"]);

/**
 * Mirrors every task of a branch into issues, at the branch's CURRENT head — not at the sha a
 * webhook named, so a late or redelivered push cannot roll issues back to older documents.
 */
export async function syncRepository(scope: GitHubScope, options: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await sync(scope, options);
    metrics.syncFinished(result.outcome, seconds());
    return result;
  } catch (error) {
    metrics.syncFinished("failed", seconds());
    throw error;
  }
}

async function sync(scope: GitHubScope, options: SyncOptions): Promise<SyncResult> {
  const { octokit, repo } = scope;
  return countRequests(octokit, async (requests) => {
    // 1. Config (and the branch it is read from).
    // Read at most once, and only when needed: for the branch to sync, or to know whether ticks
    // may be written back to the branch synced.
    let known: Promise<string> | undefined;
    const defaultBranch = () =>
      (known ??= options.defaultBranch !== undefined
        ? Promise.resolve(options.defaultBranch)
        : octokit.request("GET /repos/{owner}/{repo}", { ...repo }).then(({ data }) => data.default_branch));
    const branch = options.branch ?? (await defaultBranch());
    const log = scope.log.child({ branch });
    const parsed = options.config ?? (await loadConfig(scope, branch));

    // 2. The head to sync.
    const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...repo, ref: `heads/${branch}` });
    const sha = ref.object.sha;
    const result = { config: parsed.config, branch, sha, plan: null, diagnostics: parsed.diagnostics, documents: 0, tasks: 0, issues: [], applied: 0, counts: null, toggles: null, summary: {}, changes: [], deferred: null };
    if (parsed.config === null) {
      log.error({ diagnostics: parsed.diagnostics.map((d) => `${d.path}:${d.line}: ${d.message}`) }, "invalid .github/taskmirror.yml: not syncing");
      if (!options.dryRun) await reportInvalidConfig(scope, options.reportSha ?? sha, parsed.diagnostics);
      return { ...result, outcome: "invalid-config", reads: requests.reads, writes: requests.writes };
    }
    const config = parsed.config;

    // 3. Documents.
    const { documents, fetched } = await loadDocuments(scope, sha, config);

    // 4. Validate (on the parse pool: thousands of tasks take a while).
    const diagnostics = await parsePool.validate(documents, config);

    // 5. Mirrored issues, labels and milestones.
    const [issues, milestones, nativeTypes] = await Promise.all([
      listMirroredIssues(scope, options.botLogin),
      config.milestones ? listMilestones(scope) : Promise.resolve(undefined),
      loadNativeTypes({ ...scope, log }, config, documents),
    ]);

    // 6. Plan.
    const planInput = {
      documents,
      issues,
      config,
      source: { serverUrl: options.serverUrl, owner: repo.owner, repo: repo.repo, sha },
      diagnostics,
      ...(milestones ? { existingMilestones: [...milestones.keys()] } : {}),
      ...(options.renames ? { renames: options.renames } : {}),
      ...(nativeTypes.length > 0 ? { nativeTypes } : {}),
    };
    const plan = withPendingLinks(await withoutExistingLabels(scope, planSync(planInput)), options.pendingBlockedBy);
    // What the matching was unsure of and what it could not read reach the log as well as
    // the check run: each is a decision a person may want to undo.
    for (const note of plan.notes) {
      if (LOGGED_NOTES.has(note.code)) log.warn({ code: note.code, path: note.path, line: note.line }, note.message);
    }
    options.progress?.planned?.({
      documents: documents.length,
      tasks: documents.reduce((sum, doc) => sum + doc.tasks.length, 0),
      operations: plan.operations.length,
    });

    // 7. Apply. An issue a person edited since step 5 is planned again against its new body,
    // and one made since step 5 (the applier found it before creating its task's) as if listed.
    const replan: Replan = (fresh) =>
      planSync({
        ...planInput,
        issues: issues.some((issue) => issue.number === fresh.number) ? issues.map((issue) => (issue.number === fresh.number ? fresh : issue)) : [...issues, fresh],
      }).operations.find(
        (operation): operation is Extract<Operation, { kind: "update" }> => operation.kind === "update" && operation.number === fresh.number,
      );
    let applied = 0;
    let numbers = new Map<string, number>();
    const changes: ChangedIssue[] = [];
    let deferred: Deferred | null = null;
    const onChanged = (operation: Operation, issue: number | undefined) => {
      applied += 1;
      changes.push({ kind: operation.kind, issue });
    };
    const counts = options.dryRun
      ? null
      : await applyPlan({ ...scope, log }, plan, issues, options.botLogin, {
          replan,
          onChanged,
          onIndexed: (indexed) => void (numbers = indexed),
          onDeferred: (left) => void (deferred = left),
          onApplied: (done, total) => options.progress?.applied?.(done, total),
          ...(milestones ? { knownMilestones: milestones } : {}),
        });

    // 7b. The project, when configured: every task's issue an item, its fields following the task.
    // A done move a person made on the board (a user's project sends no webhook) is written to
    // the file like a close of the issue; not where ticks are not written back.
    const boardDone =
      options.writeBack === false ? {} : { boardDone: { botLogin: options.botLogin, issues, writeBranch: async () => (branch === (await defaultBranch()) ? branch : null) } };
    // (Not while the write budget is spent: the continuation keeps them.)
    const project = options.dryRun || deferred !== null ? null : await keepProject({ ...scope, log }, { config, documents, numbers, sha, ...boardDone });
    const projectRef = config.project ? parseProjectUrl(config.project.url) : null;
    const board = project?.board;
    const projectStamp =
      projectRef && board?.updatedAt !== undefined
        ? Date.parse(board.updatedAt) + 1000 <= (board.readAt ?? 0)
          ? { ...projectRef, updatedAt: board.updatedAt }
          : null
        : undefined;
    if (project?.boardDone) {
      applied += project.boardDone.written;
      metrics.operationApplied("toggle-file", project.boardDone.written);
    }
    const typed = options.dryRun || deferred !== null || nativeTypes.length === 0 ? null : await keepIssueTypes({ ...scope, log }, { config, types: nativeTypes, documents, numbers, issues });

    // 8. Ticks made in issues that the file has not got yet: written back, on the default branch only.
    // (Not while the write budget is spent: the continuation writes them.)
    const pending = deferred === null && plan.operations.some((operation) => operation.kind === "toggle-file");
    const toggles =
      options.dryRun || options.writeBack === false || !pending || branch !== (await defaultBranch())
        ? null
        : await applyFileToggles({ ...scope, log }, plan.operations, {
            config,
            defaultBranch: branch,
            botLogin: options.botLogin,
            issueNumbers: new Map([...issuesByPlanKey(issues, plan.operations)].map(([key, issue]) => [key, issue.number])),
          });

    if (toggles) {
      applied += toggles.written;
      metrics.operationApplied("toggle-file", toggles.written);
    }

    // 9. What the sync did: the delivery's summary line carries it (a dry run logs its own).
    const tasks = documents.reduce((sum, doc) => sum + doc.tasks.length, 0);
    const summary = {
      documents: documents.length,
      blobsFetched: fetched,
      tasks,
      issues: issues.length,
      diagnostics: diagnostics.length,
      operations: plan.operations.length,
      reads: requests.reads,
      writes: requests.writes,
      ...counts,
      ...(typed ? { issueTypesSet: typed.set } : {}),
      ...(project ? { projectAdded: project.added, projectSet: project.set + project.cleared, projectProblems: project.diagnostics.length } : {}),
      ...(project?.boardDone && project.boardDone.written + project.boardDone.refused + project.boardDone.unknown > 0
        ? { boardDoneWritten: project.boardDone.written, boardDoneRefused: project.boardDone.refused, boardDoneUnknown: project.boardDone.unknown }
        : {}),
      ...(toggles ? { commits: toggles.commits, ticksWritten: toggles.written, ticksFailed: toggles.failed, ticksReverted: toggles.reverted, ticksUnconfirmed: toggles.unconfirmed } : {}),
      ...(deferred ? { deferred: (deferred as Deferred).operations } : {}),
    };
    if ((counts && counts.failed > 0) || (toggles && toggles.failed > 0)) log.warn(summary, "sync finished with failures");
    else if (options.dryRun) log.info(summary, "sync planned (dry run)");
    else log.debug(summary, "sync done");
    return {
      ...result,
      outcome: options.dryRun ? "planned" : "applied",
      plan,
      diagnostics: project ? [...diagnostics, ...project.diagnostics] : diagnostics,
      documents: documents.length,
      tasks,
      issues,
      reads: requests.reads,
      writes: requests.writes,
      applied,
      counts,
      toggles,
      summary,
      changes,
      deferred,
      ...(projectStamp !== undefined ? { projectStamp } : {}),
    };
  });
}

/** The plan with the blocked-by links a slice left that it does not make itself (a link already there is a no-op). */
function withPendingLinks(plan: Plan, pending: readonly BlockedByLink[] | undefined): Plan {
  if (!pending || pending.length === 0) return plan;
  const planned = new Set(plan.operations.flatMap((op) => (op.kind === "add-blocked-by" ? [`${op.key}\n${op.blockerKey}`] : [])));
  const extra = pending.filter((link) => !planned.has(`${link.key}\n${link.blockerKey}`)).map((link) => ({ kind: "add-blocked-by" as const, ...link }));
  return { ...plan, operations: [...plan.operations, ...extra] };
}

/**
 * The plan without the labels the repository already has. The planner knows the labels on
 * mirrored issues; only when it still wants one created are the repository's labels listed (a
 * person may have made it, or removed it from every issue), so a sync whose labels are all in
 * use reads none.
 */
async function withoutExistingLabels({ octokit, repo }: GitHubScope, plan: Plan): Promise<Plan> {
  if (!plan.operations.some((operation) => operation.kind === "ensure-label")) return plan;
  const labels = await octokit.paginate("GET /repos/{owner}/{repo}/labels", { ...repo, per_page: PAGE_SIZE_MAX });
  const existing = new Set(labels.map((label) => label.name.toLowerCase()));
  return { ...plan, operations: plan.operations.filter((operation) => operation.kind !== "ensure-label" || !existing.has(operation.name.toLowerCase())) };
}

async function listMilestones({ octokit, repo }: GitHubScope): Promise<Map<string, number>> {
  const milestones = await octokit.paginate("GET /repos/{owner}/{repo}/milestones", { ...repo, state: "all", per_page: PAGE_SIZE_MAX });
  return new Map(milestones.map((milestone) => [milestone.title, milestone.number]));
}

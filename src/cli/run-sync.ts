import { pino } from "pino";
import type { CliIo } from "../cli.js";
import { renderPlan } from "../core/render/render-plan.js";
import { loadTokenLogin } from "../github/load-token-login.js";
import { serverUrlOf } from "../github/server-url.js";
import { syncRepository, type SyncResult } from "../github/sync-repository.js";
import type { GitHub } from "../github/types.js";
import { TaskmirrorOctokit } from "../octokit.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { syncProgress } from "./sync-progress.js";

export interface SyncValues {
  repo?: string | undefined;
  token?: string | undefined;
  "api-url"?: string | undefined;
  ref?: string | undefined;
  "dry-run"?: boolean | undefined;
  json?: boolean | undefined;
  targets?: string[];
}

const USAGE = `Usage: taskmirror sync --repo OWNER/NAME [--token TOKEN] [--dry-run] [--api-url URL] [--ref BRANCH] [--json]

Mirrors the task documents of a repository's branch (default: its default branch) into its
issues. The token comes from --token or GITHUB_TOKEN; --api-url (or GITHUB_API_URL) points at
GitHub Enterprise. --dry-run prints the plan and writes nothing. On a terminal, a progress
line on stderr shows the tasks planned, the operations applied and rate-limit waits.
`;

/**
 * `taskmirror sync`: the app's sync, run once with a token (a workflow's GITHUB_TOKEN, a
 * personal token). Same Octokit, same throttling, same pipeline as the app.
 */
export async function runSync(values: SyncValues, io: CliIo): Promise<number> {
  const [owner, name, extra] = (values.repo ?? "").split("/");
  const token = values.token ?? io.env.GITHUB_TOKEN;
  if (!owner || !name || extra !== undefined || (values.targets ?? []).length > 0 || !token) {
    const problem = !token ? "sync needs a token (--token or GITHUB_TOKEN)" : "sync takes --repo OWNER/NAME and no other argument";
    io.stderr(`taskmirror: ${problem}\n\n${USAGE}`);
    return 2;
  }
  const apiUrl = (values["api-url"] ?? io.env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, "");
  const progress = syncProgress(io.progress);
  const log = pino({ level: io.env.LOG_LEVEL ?? "warn", base: undefined }, { write: (line: string) => progress.above(() => io.stderr(line)) });
  const octokit: GitHub = new TaskmirrorOctokit({ auth: { token }, baseUrl: apiUrl, log, onRateLimitWait: progress.waiting });
  octokit.hook.after("request", (_response, options) => {
    // A GraphQL query is a POST that writes nothing (the token's login, node ids); a mutation writes.
    const graphql = /\/graphql$/.test(options.url);
    const mutation = graphql && /^\s*mutation\b/.test(String((options as { query?: unknown }).query ?? ""));
    if (options.method !== "GET" && options.method !== "HEAD" && (!graphql || mutation)) progress.wrote();
  });
  const dryRun = values["dry-run"] === true;
  let result: SyncResult;
  try {
    result = await syncRepository(
      { octokit, log, repo: { owner, repo: name } },
      {
        botLogin: await loadTokenLogin(octokit),
        serverUrl: io.env.GITHUB_SERVER_URL ?? serverUrlOf(apiUrl),
        dryRun,
        progress,
        ...(values.ref ? { branch: values.ref.replace(/^refs\/heads\//, "") } : {}),
      },
    );
  } finally {
    progress.finish();
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(toJson(result), null, 2)}\n`);
  } else {
    io.stdout(report(`${owner}/${name}`, result));
  }
  if (result.outcome === "invalid-config") return 1;
  return (result.counts && result.counts.failed > 0) || (result.toggles && result.toggles.failed > 0) ? 1 : 0;
}

function report(repository: string, result: SyncResult): string {
  const where = `${repository}@${result.branch} (${result.sha.slice(0, 7)})`;
  if (result.outcome === "invalid-config") {
    return `Invalid configuration: nothing synced for ${where}.\n${formatDiagnostics(result.diagnostics, "pretty")}`;
  }
  const plan = result.plan ? renderPlan(result.plan, { format: "text", issues: result.issues }) : "";
  const head = `${result.documents} documents, ${result.tasks} tasks, ${result.issues.length} mirrored issues at ${where}.`;
  if (result.outcome === "planned") return `${head}\n\n${plan}${plan.endsWith("\n") ? "" : "\n"}Dry run: nothing was written.\n`;
  const c = result.counts;
  const done = c
    ? `created ${c.created}, updated ${c.updated}, closed ${c.closed}, reopened ${c.reopened}, linked ${c.linked}, unlinked ${c.unlinked}, labels ${c.labels}` +
      (c.failed > 0 ? `, FAILED ${c.failed}` : "") +
      (c.skipped > 0 ? `, skipped ${c.skipped}` : "")
    : "";
  const t = result.toggles;
  const ticks = t ? `; ticks written back ${t.written} in ${t.commits} commits` + (t.failed > 0 ? `, FAILED ${t.failed} documents` : "") : "";
  return `${head}\nSynced: ${done}${ticks}; ${result.reads} reads, ${result.writes} writes.\n`;
}

function toJson(result: SyncResult) {
  return {
    outcome: result.outcome,
    branch: result.branch,
    sha: result.sha,
    documents: result.documents,
    tasks: result.tasks,
    issues: result.issues.length,
    reads: result.reads,
    writes: result.writes,
    counts: result.counts,
    toggles: result.toggles,
    diagnostics: result.diagnostics,
    operations: result.plan?.operations ?? [],
  };
}

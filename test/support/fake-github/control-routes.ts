import type { ServerResponse } from "node:http";
import { GitHubError } from "./github-error.js";
import type { FakeGitHub } from "./start-fake-github.js";

/** The methods of `FakeGitHub` that other processes may call as `POST /_fake/<method>`. */
export const CONTROL_METHODS = [
  "setWebhook",
  "createRepo",
  "installApp",
  "addRepos",
  "push",
  "renameFile",
  "createFork",
  "openPullRequest",
  "pushToPullRequest",
  "mergePullRequest",
  "createIssue",
  "editIssue",
  "commentOnIssue",
  "setPermission",
  "protectBranch",
  "rerequestCheckSuite",
  "rerequestCheckRun",
  "pressCheckRunAction",
  "issueWorkflowToken",
  "defineIssueTypes",
  "createProject",
  "addProjectItem",
  "setProjectItemField",
  "project",
  "failNext",
  "setLatency",
  "setFaults",
  "faults",
  "setLimits",
  "limitHits",
  "rateLimit",
  "setQuirks",
  "snapshot",
  "requests",
  "writeRequests",
  "writeState",
  "deliveries",
  "redeliver",
  "violations",
  "responseProblems",
  "waitForQuiet",
  "close",
] as const;

export type ControlMethod = (typeof CONTROL_METHODS)[number];

/** A RegExp travels over JSON as `{ $regexp, flags }`. */
export function encodeArg(value: unknown): unknown {
  if (value instanceof RegExp) return { $regexp: value.source, flags: value.flags };
  if (Array.isArray(value)) return value.map(encodeArg);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encodeArg(inner)]));
  return value;
}

export function decodeArg(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeArg);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.$regexp === "string") return new RegExp(record.$regexp, typeof record.flags === "string" ? record.flags : "");
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, decodeArg(inner)]));
  }
  return value;
}

function send(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  outgoing.end(JSON.stringify(body));
}

/** `POST /_fake/<method>` with the JSON array of arguments; answers `{ result }` or `{ error }`. */
export async function handleControl(fake: FakeGitHub, name: string, rawBody: Buffer, outgoing: ServerResponse): Promise<void> {
  if (!(CONTROL_METHODS as readonly string[]).includes(name)) {
    send(outgoing, 404, { error: `no control method ${name}; known: ${CONTROL_METHODS.join(", ")}` });
    return;
  }
  let args: unknown[];
  try {
    const parsed: unknown = rawBody.length === 0 ? [] : JSON.parse(rawBody.toString("utf8"));
    args = (Array.isArray(parsed) ? parsed : [parsed]).map(decodeArg);
  } catch {
    send(outgoing, 400, { error: "the body must be a JSON array of arguments" });
    return;
  }
  if (name === "close") {
    send(outgoing, 200, { result: null });
    await fake.close();
    return;
  }
  try {
    const method = (fake as unknown as Record<string, (...values: unknown[]) => unknown>)[name] as (...values: unknown[]) => unknown;
    const result: unknown = await method.apply(fake, args);
    send(outgoing, 200, { result: result === undefined ? null : result });
  } catch (error) {
    send(outgoing, error instanceof GitHubError ? error.status : 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

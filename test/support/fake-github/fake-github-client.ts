import { encodeArg, type ControlMethod } from "./control-routes.js";
import type { FakeGitHub } from "./start-fake-github.js";

type Method<K extends ControlMethod> = FakeGitHub[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/**
 * `FakeGitHub`'s actions over HTTP, for a fake running in another process (`main.ts`): each
 * method is `POST /_fake/<method>` with the JSON array of its arguments.
 */
export class FakeGitHubClient {
  constructor(readonly url: string) {}

  /** Typed by each method's declaration below, which mirrors `FakeGitHub`'s. */
  async #call(name: ControlMethod, args: unknown[]): Promise<never> {
    const response = await fetch(`${this.url.replace(/\/+$/, "")}/_fake/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(args.map(encodeArg)),
    });
    const body = (await response.json()) as { result?: unknown; error?: string };
    if (!response.ok) throw new Error(`fake GitHub ${name}: ${response.status} ${body.error ?? ""}`);
    return (body.result === null ? undefined : body.result) as never;
  }

  setWebhook: Method<"setWebhook"> = (...args) => this.#call("setWebhook", args);
  createRepo: Method<"createRepo"> = (...args) => this.#call("createRepo", args);
  installApp: Method<"installApp"> = (...args) => this.#call("installApp", args);
  addRepos: Method<"addRepos"> = (...args) => this.#call("addRepos", args);
  push: Method<"push"> = (...args) => this.#call("push", args);
  renameFile: Method<"renameFile"> = (...args) => this.#call("renameFile", args);
  createFork: Method<"createFork"> = (...args) => this.#call("createFork", args);
  openPullRequest: Method<"openPullRequest"> = (...args) => this.#call("openPullRequest", args);
  pushToPullRequest: Method<"pushToPullRequest"> = (...args) => this.#call("pushToPullRequest", args);
  mergePullRequest: Method<"mergePullRequest"> = (...args) => this.#call("mergePullRequest", args);
  createIssue: Method<"createIssue"> = (...args) => this.#call("createIssue", args);
  editIssue: Method<"editIssue"> = (...args) => this.#call("editIssue", args);
  commentOnIssue: Method<"commentOnIssue"> = (...args) => this.#call("commentOnIssue", args);
  setPermission: Method<"setPermission"> = (...args) => this.#call("setPermission", args);
  protectBranch: Method<"protectBranch"> = (...args) => this.#call("protectBranch", args);
  rerequestCheckSuite: Method<"rerequestCheckSuite"> = (...args) => this.#call("rerequestCheckSuite", args);
  rerequestCheckRun: Method<"rerequestCheckRun"> = (...args) => this.#call("rerequestCheckRun", args);
  pressCheckRunAction: Method<"pressCheckRunAction"> = (...args) => this.#call("pressCheckRunAction", args);
  issueWorkflowToken: Method<"issueWorkflowToken"> = (...args) => this.#call("issueWorkflowToken", args);
  defineIssueTypes: Method<"defineIssueTypes"> = (...args) => this.#call("defineIssueTypes", args);
  createProject: Method<"createProject"> = (...args) => this.#call("createProject", args);
  addProjectItem: Method<"addProjectItem"> = (...args) => this.#call("addProjectItem", args);
  setProjectItemField: Method<"setProjectItemField"> = (...args) => this.#call("setProjectItemField", args);
  project: Method<"project"> = (...args) => this.#call("project", args);
  failNext: Method<"failNext"> = (...args) => this.#call("failNext", args);
  setLatency: Method<"setLatency"> = (...args) => this.#call("setLatency", args);
  setFaults: Method<"setFaults"> = (...args) => this.#call("setFaults", args);
  faults: Method<"faults"> = (...args) => this.#call("faults", args);
  setLimits: Method<"setLimits"> = (...args) => this.#call("setLimits", args);
  limitHits: Method<"limitHits"> = (...args) => this.#call("limitHits", args);
  rateLimit: Method<"rateLimit"> = (...args) => this.#call("rateLimit", args);
  setQuirks: Method<"setQuirks"> = (...args) => this.#call("setQuirks", args);
  snapshot: Method<"snapshot"> = (...args) => this.#call("snapshot", args);
  requests: Method<"requests"> = (...args) => this.#call("requests", args);
  writeRequests: Method<"writeRequests"> = (...args) => this.#call("writeRequests", args);
  writeState: Method<"writeState"> = (...args) => this.#call("writeState", args);
  deliveries: Method<"deliveries"> = (...args) => this.#call("deliveries", args);
  redeliver: Method<"redeliver"> = (...args) => this.#call("redeliver", args);
  violations: Method<"violations"> = (...args) => this.#call("violations", args);
  responseProblems: Method<"responseProblems"> = (...args) => this.#call("responseProblems", args);
  waitForQuiet: Method<"waitForQuiet"> = (...args) => this.#call("waitForQuiet", args);
  close: Method<"close"> = (...args) => this.#call("close", args);
}

import { requestCheckRunAction, rerequestCheckRun, rerequestCheckSuite } from "./check-actions.js";
import type { FakeContext } from "./context.js";
import { fullName } from "./fake-state.js";
import { GitHubError } from "./github-error.js";
import { addComment, createIssue, updateIssue, type IssuePatch } from "./issue-actions.js";
import { mergePull, openPull } from "./pull-actions.js";
import { renderInstallation, renderRepoBrief, renderUser } from "./render-core.js";
import { commitFiles, createRepoRecord, identityOf, moveBranch } from "./repo-actions.js";
import type { Actor, AccountType, GitCommit, Installation, IssueStateReason, Pull, Repo, RepoPermission } from "./types.js";

export interface CreateRepoInput {
  owner: string;
  name: string;
  defaultBranch?: string;
  files: Record<string, string>;
  private?: boolean;
  description?: string;
  ownerType?: Exclude<AccountType, "Bot">;
}

export interface PushInput {
  owner: string;
  repo: string;
  branch?: string;
  /** Path → new content; null deletes the file. */
  files: Record<string, string | null>;
  message?: string;
  /** Login of the person pushing (default: the repository owner). */
  author?: string;
}

export interface EditIssueInput {
  owner: string;
  repo: string;
  number: number;
  title?: string;
  body?: string;
  state?: "open" | "closed";
  state_reason?: IssueStateReason;
  /** Login of the person editing. */
  sender: string;
}

/**
 * What people do on GitHub in a test or a demo: create repositories, install the app, push,
 * fork, open pull requests, tick boxes in issues. Each action resolves once the webhooks it
 * caused have been delivered (and answered) by the app.
 */
export class PersonActions {
  constructor(readonly ctx: FakeContext) {}

  #person(login: string): Actor {
    return { account: this.ctx.state.account(login), viaApp: false };
  }

  #repo(owner: string, name: string): Repo {
    const repo = this.ctx.state.repoByName(owner, name);
    if (repo === undefined) throw new GitHubError(404, `fake GitHub: no repository ${owner}/${name}`);
    return repo;
  }

  async #settled<T>(value: T): Promise<T> {
    await this.ctx.webhooks.idle();
    return value;
  }

  async createRepo(input: CreateRepoInput): Promise<{ id: number; fullName: string; defaultBranch: string; headSha: string }> {
    const { state } = this.ctx;
    if (state.repoByName(input.owner, input.name) !== undefined) throw new GitHubError(422, `fake GitHub: ${input.owner}/${input.name} exists`);
    const owner = state.account(input.owner, input.ownerType ?? "User");
    const repo = createRepoRecord(this.ctx, {
      owner,
      name: input.name,
      defaultBranch: input.defaultBranch ?? "main",
      private: input.private ?? false,
      description: input.description ?? null,
      parent: null,
    });
    const changes = new Map(Object.entries(input.files).map(([path, content]) => [path, Buffer.from(content, "utf8")]));
    const commit = commitFiles(this.ctx, repo, { parent: null, changes, message: "Initial commit", author: identityOf(this.ctx, owner) });
    repo.branches.set(repo.defaultBranch, commit.sha);
    return await this.#settled({ id: repo.id, fullName: fullName(repo), defaultBranch: repo.defaultBranch, headSha: commit.sha });
  }

  async installApp(input: { owner: string; repos: string[] }): Promise<{ installationId: number }> {
    const { state } = this.ctx;
    const account = state.account(input.owner);
    if ([...state.installations.values()].some((installation) => installation.account.id === account.id)) {
      throw new GitHubError(422, `fake GitHub: the app is already installed on ${input.owner}`);
    }
    const repos = input.repos.map((name) => this.#repo(input.owner, name));
    const { id } = state.nextId("installation");
    const installation: Installation = { id, account, repoIds: new Set(repos.map((repo) => repo.id)), createdAt: state.now() };
    state.installations.set(id, installation);
    void this.ctx.webhooks.send("installation", {
      action: "created",
      installation: renderInstallation(this.ctx, installation),
      repositories: repos.map(renderRepoBrief),
      requester: null,
      sender: renderUser(this.ctx, account),
    });
    return await this.#settled({ installationId: id });
  }

  async addRepos(installationId: number, repos: string[]): Promise<void> {
    const installation = this.ctx.state.installations.get(installationId);
    if (installation === undefined) throw new GitHubError(404, `fake GitHub: no installation ${installationId}`);
    const added = repos.map((name) => this.#repo(installation.account.login, name)).filter((repo) => !installation.repoIds.has(repo.id));
    for (const repo of added) installation.repoIds.add(repo.id);
    void this.ctx.webhooks.send("installation_repositories", {
      action: "added",
      installation: renderInstallation(this.ctx, installation),
      repository_selection: "selected",
      repositories_added: added.map(renderRepoBrief),
      repositories_removed: [],
      requester: null,
      sender: renderUser(this.ctx, installation.account),
    });
    return await this.#settled(undefined);
  }

  #pushTo(repo: Repo, branch: string, files: Record<string, string | null>, message: string | undefined, login: string): string {
    const actor = this.#person(login);
    const parent = repo.branches.get(branch) ?? repo.branches.get(repo.defaultBranch) ?? null;
    const changes = new Map(Object.entries(files).map(([path, content]) => [path, content === null ? null : Buffer.from(content, "utf8")]));
    const commit = commitFiles(this.ctx, repo, {
      parent,
      changes,
      message: message ?? `Update ${Object.keys(files).join(", ")}`,
      author: identityOf(this.ctx, actor.account),
    });
    moveBranch(this.ctx, repo, branch, commit.sha, actor);
    return commit.sha;
  }

  /** A `git push` of one commit; returns its sha. */
  async push(input: PushInput): Promise<string> {
    const repo = this.#repo(input.owner, input.repo);
    const sha = this.#pushTo(repo, input.branch ?? repo.defaultBranch, input.files, input.message, input.author ?? repo.owner.login);
    return await this.#settled(sha);
  }

  /** `git mv` and push: the push lists the old path as removed and the new one as added. */
  async renameFile(input: { owner: string; repo: string; branch?: string; from: string; to: string; message?: string; author?: string }): Promise<string> {
    const repo = this.#repo(input.owner, input.repo);
    const branch = input.branch ?? repo.defaultBranch;
    const head = repo.branches.get(branch);
    const blob = head === undefined ? undefined : (this.ctx.state.git.commits.get(head) as GitCommit).files.get(input.from);
    if (blob === undefined) throw new GitHubError(404, `fake GitHub: no file ${input.from} on ${branch}`);
    const content = (this.ctx.state.git.blobs.get(blob) as Buffer).toString("utf8");
    const sha = this.#pushTo(repo, branch, { [input.from]: null, [input.to]: content }, input.message ?? `Rename ${input.from} to ${input.to}`, input.author ?? repo.owner.login);
    return await this.#settled(sha);
  }

  /** Forks a repository (all branches) to another account; the app is not installed there. */
  async createFork(input: { owner: string; repo: string; forkOwner: string; name?: string }): Promise<{ fullName: string }> {
    const source = this.#repo(input.owner, input.repo);
    const owner = this.ctx.state.account(input.forkOwner);
    const fork = createRepoRecord(this.ctx, {
      owner,
      name: input.name ?? source.name,
      defaultBranch: source.defaultBranch,
      private: source.private,
      description: source.description,
      parent: source,
    });
    for (const [branch, sha] of source.branches) fork.branches.set(branch, sha);
    return await this.#settled({ fullName: fullName(fork) });
  }

  async openPullRequest(input: { owner: string; repo: string; head: string; base?: string; title?: string; body?: string; fromFork?: string; author?: string }): Promise<number> {
    const base = this.#repo(input.owner, input.repo);
    const headRepo = input.fromFork === undefined ? base : this.#repo(input.fromFork, base.name);
    const actor = this.#person(input.author ?? input.fromFork ?? base.owner.login);
    const pull = openPull(
      this.ctx,
      base,
      { headRepo, headRef: input.head, baseRef: input.base ?? base.defaultBranch, title: input.title ?? `Update from ${input.head}`, body: input.body ?? null, draft: false, maintainerCanModify: true },
      actor,
    );
    return await this.#settled(pull.number);
  }

  #pull(owner: string, repo: string, number: number): { repo: Repo; pull: Pull } {
    const base = this.#repo(owner, repo);
    const pull = base.pulls.get(number);
    if (pull === undefined) throw new GitHubError(404, `fake GitHub: no pull request #${number} in ${owner}/${repo}`);
    return { repo: base, pull };
  }

  /** Pushes a commit to a pull request's head branch (in the fork, for a fork's pull request). */
  async pushToPullRequest(input: { owner: string; repo: string; number: number; files: Record<string, string | null>; message?: string; author?: string }): Promise<string> {
    const { pull } = this.#pull(input.owner, input.repo, input.number);
    const headRepo = this.ctx.state.repo(pull.headRepoId);
    const sha = this.#pushTo(headRepo, pull.headRef, input.files, input.message, input.author ?? headRepo.owner.login);
    return await this.#settled(sha);
  }

  async mergePullRequest(input: { owner: string; repo: string; number: number; sender?: string }): Promise<string> {
    const { repo, pull } = this.#pull(input.owner, input.repo, input.number);
    const commit = mergePull(this.ctx, repo, pull, this.#person(input.sender ?? repo.owner.login));
    return await this.#settled(commit.sha);
  }

  async createIssue(input: { owner: string; repo: string; title: string; body?: string; labels?: string[]; sender: string }): Promise<number> {
    const repo = this.#repo(input.owner, input.repo);
    const issue = createIssue(this.ctx, repo, { title: input.title, body: input.body ?? null, labels: input.labels ?? [] }, this.#person(input.sender));
    return await this.#settled(issue.number);
  }

  /** A person editing an issue in the web UI (ticking a box edits the body). */
  async editIssue(input: EditIssueInput): Promise<void> {
    const repo = this.#repo(input.owner, input.repo);
    const issue = this.ctx.state.issueByNumber(repo, input.number);
    if (issue === undefined) throw new GitHubError(404, `fake GitHub: no issue #${input.number} in ${input.owner}/${input.repo}`);
    const patch: IssuePatch = {};
    if (input.title !== undefined) patch.title = input.title;
    if (input.body !== undefined) patch.body = input.body;
    if (input.state !== undefined) patch.state = input.state;
    if (input.state_reason !== undefined) patch.stateReason = input.state_reason;
    updateIssue(this.ctx, repo, issue, patch, this.#person(input.sender));
    return await this.#settled(undefined);
  }

  async commentOnIssue(input: { owner: string; repo: string; number: number; body: string; sender: string }): Promise<number> {
    const repo = this.#repo(input.owner, input.repo);
    const issue = this.ctx.state.issueByNumber(repo, input.number);
    if (issue === undefined) throw new GitHubError(404, `fake GitHub: no issue #${input.number}`);
    const comment = addComment(this.ctx, repo, issue, input.body, this.#person(input.sender));
    return await this.#settled(comment.id);
  }

  async setPermission(owner: string, repo: string, login: string, permission: RepoPermission): Promise<void> {
    const target = this.#repo(owner, repo);
    this.ctx.state.account(login);
    target.permissions.set(login.toLowerCase(), permission);
    return await this.#settled(undefined);
  }

  /** Protects a branch so that changes must come through a pull request (`false` lifts it). */
  async protectBranch(owner: string, repo: string, branch: string, enabled = true): Promise<void> {
    const target = this.#repo(owner, repo);
    if (!target.branches.has(branch)) throw new GitHubError(404, `fake GitHub: no branch ${branch}`);
    if (enabled) target.protectedBranches.add(branch);
    else target.protectedBranches.delete(branch);
    return await this.#settled(undefined);
  }

  async rerequestCheckSuite(input: { owner: string; repo: string; checkSuiteId: number; sender?: string }): Promise<void> {
    const repo = this.#repo(input.owner, input.repo);
    const suite = this.ctx.state.checkSuites.get(input.checkSuiteId);
    if (suite === undefined || suite.repoId !== repo.id) throw new GitHubError(404, `fake GitHub: no check suite ${input.checkSuiteId}`);
    rerequestCheckSuite(this.ctx, repo, suite, this.#person(input.sender ?? repo.owner.login).account);
    return await this.#settled(undefined);
  }

  async rerequestCheckRun(input: { owner: string; repo: string; checkRunId: number; sender?: string }): Promise<void> {
    const repo = this.#repo(input.owner, input.repo);
    const run = this.ctx.state.checkRuns.get(input.checkRunId);
    if (run === undefined || run.repoId !== repo.id) throw new GitHubError(404, `fake GitHub: no check run ${input.checkRunId}`);
    rerequestCheckRun(this.ctx, repo, run, this.#person(input.sender ?? repo.owner.login).account);
    return await this.#settled(undefined);
  }

  async pressCheckRunAction(input: { owner: string; repo: string; checkRunId: number; identifier: string; sender?: string }): Promise<void> {
    const repo = this.#repo(input.owner, input.repo);
    const run = this.ctx.state.checkRuns.get(input.checkRunId);
    if (run === undefined || run.repoId !== repo.id) throw new GitHubError(404, `fake GitHub: no check run ${input.checkRunId}`);
    if (!(run.actions ?? []).some((action) => action.identifier === input.identifier)) {
      throw new GitHubError(422, `fake GitHub: check run ${input.checkRunId} has no button "${input.identifier}"`);
    }
    requestCheckRunAction(this.ctx, repo, run, input.identifier, this.#person(input.sender ?? repo.owner.login).account);
    return await this.#settled(undefined);
  }
}

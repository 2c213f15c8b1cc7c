import { GitStore } from "./git-store.js";
import { PlanningState } from "./planning-state.js";
import type {
  Account,
  AccountType,
  CheckRun,
  CheckSuite,
  Comment,
  Installation,
  InstallationToken,
  Issue,
  Repo,
} from "./types.js";

/**
 * Where each kind of id starts. Ids are far from issue numbers on purpose: an app that sends a
 * `number` where GitHub wants an `id` gets the 404 it would get on GitHub, not a lucky hit.
 */
const ID_BASES = {
  account: 10_000,
  repo: 600_000_000,
  issue: 2_900_000_000,
  pull: 1_900_000_000,
  comment: 2_500_000_000,
  label: 7_100_000_000,
  milestone: 11_000_000,
  checkRun: 31_000_000_000,
  checkSuite: 27_000_000_000,
  installation: 45_000_000,
  issueType: 9_000_000,
  contentEdit: 4_100_000_000,
  project: 5_000_000,
  projectField: 120_000_000,
  projectItem: 88_000_000,
  fieldValue: 1_300_000_000,
} as const;

export type IdKind = keyof typeof ID_BASES;

const NODE_PREFIX: Record<IdKind, string> = {
  account: "U_kgDO",
  repo: "R_kgDO",
  issue: "I_kwDO",
  pull: "PR_kwDO",
  comment: "IC_kwDO",
  label: "LA_kwDO",
  milestone: "MI_kwDO",
  checkRun: "CR_kwDO",
  checkSuite: "CS_kwDO",
  installation: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u",
  issueType: "IT_kwDO",
  contentEdit: "UCE_lALO",
  project: "PVT_kwDO",
  projectField: "PVTF_lADO",
  projectItem: "PVTI_lADO",
  fieldValue: "PVTFSV_lQDO",
};

/** GitHub's node-id prefixes for accounts differ by type (`U_`, `O_`, `BOT_`). */
const ACCOUNT_PREFIX: Record<AccountType, string> = { User: "U_kgDO", Organization: "O_kgDO", Bot: "BOT_kgDO" };

/** All state of the fake GitHub: plain maps, no behaviour beyond lookups. */
export class FakeState {
  readonly git = new GitStore();
  readonly accounts = new Map<string, Account>();
  readonly repos = new Map<number, Repo>();
  readonly issues = new Map<number, Issue>();
  readonly comments = new Map<number, Comment>();
  readonly checkRuns = new Map<number, CheckRun>();
  readonly checkSuites = new Map<number, CheckSuite>();
  readonly installations = new Map<number, Installation>();
  readonly tokens = new Map<string, InstallationToken>();
  /** Commits each fork network can see (a fork's commits are visible from its parent, as pull heads). */
  readonly networkCommits = new Map<number, Set<string>>();
  /** Issue types, body edit histories and projects (v2): what GraphQL and the newer REST routes read. */
  readonly planning = new PlanningState();
  /** Every node id handed out, with the kind and id it names: what `node(id:)` resolves. */
  readonly nodes = new Map<string, { kind: IdKind; id: number }>();
  readonly #counters = new Map<IdKind, number>();

  /** The next id of a kind; `prefix` replaces the kind's node-id prefix (GitHub's differ by subtype). */
  nextId(kind: IdKind, prefix: string = NODE_PREFIX[kind]): { id: number; nodeId: string } {
    const next = (this.#counters.get(kind) ?? 0) + 1;
    this.#counters.set(kind, next);
    const id = ID_BASES[kind] + next;
    const nodeId = `${prefix}${Buffer.from(String(id)).toString("base64url")}`;
    this.nodes.set(nodeId, { kind, id });
    return { id, nodeId };
  }

  /** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
  now(): string {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** The account with this login, created on first use (logins are case-insensitive). */
  account(login: string, type: AccountType = "User"): Account {
    const key = login.toLowerCase();
    let account = this.accounts.get(key);
    if (account === undefined) {
      const { id, nodeId } = this.nextId("account", ACCOUNT_PREFIX[type]);
      account = { login, id, nodeId, type };
      this.accounts.set(key, account);
    }
    return account;
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  accountById(id: number): Account | undefined {
    for (const account of this.accounts.values()) if (account.id === id) return account;
    return undefined;
  }

  repoByName(owner: string, name: string): Repo | undefined {
    const full = `${owner}/${name}`.toLowerCase();
    for (const repo of this.repos.values()) if (fullName(repo).toLowerCase() === full) return repo;
    return undefined;
  }

  repo(id: number): Repo {
    const repo = this.repos.get(id);
    if (repo === undefined) throw new Error(`no repository with id ${id}`);
    return repo;
  }

  issueByNumber(repo: Repo, number: number): Issue | undefined {
    const id = repo.issueNumbers.get(number);
    return id === undefined ? undefined : this.issues.get(id);
  }

  installationOf(repo: Repo): Installation | undefined {
    for (const installation of this.installations.values()) if (installation.repoIds.has(repo.id)) return installation;
    return undefined;
  }

  rememberCommit(repo: Repo, sha: string): void {
    let set = this.networkCommits.get(repo.networkId);
    if (set === undefined) {
      set = new Set();
      this.networkCommits.set(repo.networkId, set);
    }
    set.add(sha);
  }

  hasCommit(repo: Repo, sha: string): boolean {
    return this.networkCommits.get(repo.networkId)?.has(sha) === true;
  }

  /**
   * A ref as GitHub reads it: a full or abbreviated commit sha, a branch name, `heads/x` or
   * `refs/heads/x`. Null when it names nothing in this repository.
   */
  resolveRef(repo: Repo, ref: string): string | null {
    const branch = ref.replace(/^refs\//, "").replace(/^heads\//, "");
    const head = repo.branches.get(branch);
    if (head !== undefined) return head;
    if (/^[0-9a-f]{40}$/i.test(ref)) return this.hasCommit(repo, ref.toLowerCase()) ? ref.toLowerCase() : null;
    if (/^[0-9a-f]{7,39}$/i.test(ref)) {
      const matches = [...(this.networkCommits.get(repo.networkId) ?? [])].filter((sha) => sha.startsWith(ref.toLowerCase()));
      return matches.length === 1 ? (matches[0] as string) : null;
    }
    return null;
  }

  /** The branch a commit is the head of, if any (for `head_branch` of check suites). */
  branchOf(repo: Repo, sha: string): string | null {
    for (const [name, head] of repo.branches) if (head === sha) return name;
    return null;
  }
}

export function fullName(repo: Repo): string {
  return `${repo.owner.login}/${repo.name}`;
}
